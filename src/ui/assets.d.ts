// Style sheets are imported for their effect: esbuild bundles them into the one CSS file.
declare module '*.css';
