// Builds the web UI (src/ui/, docs/ui.md) into dist/ui/: esbuild bundles the TSX straight to
// minified ES modules — the entry (shell, sign-in) and one file per view, loaded when first opened
// (src/ui/components/lazy-view.tsx) — and one style sheet, all with content-hashed names, and this
// script writes the index.html that names them. No inline script or style anywhere, so the strict Content Security
// Policy (src/api/ui-routes.ts) needs no 'unsafe-inline'. dist/ui/manifest.json records the files
// and their gzipped sizes for the bench and the docs.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'dist/ui');

await rm(OUT, { recursive: true, force: true });
await mkdir(path.join(OUT, 'assets'), { recursive: true });
const result = await esbuild.build({
  entryPoints: [path.join(ROOT, 'src/ui/main.tsx')],
  outdir: path.join(OUT, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const relative = (file) => path.relative(OUT, path.resolve(ROOT, file));
const outputs = Object.entries(result.metafile.outputs);
const entry = outputs.find(([, output]) => output.entryPoint === 'src/ui/main.tsx');
if (!entry?.[1].cssBundle) throw new Error(`build-ui: expected an entry module with a style sheet, found ${outputs.map(([file]) => file).join(', ')}`);
const script = relative(entry[0]);
const style = relative(entry[1].cssBundle);
// The entry's style sheet holds the CSS of every view, also of those loaded later; esbuild writes
// each split view's CSS once more beside it, which no page loads: removed.
for (const [file] of outputs) if (file.endsWith('.css') && relative(file) !== style) await rm(path.resolve(ROOT, file));
for (const [file] of outputs) if (file.endsWith('.css.map') && relative(file) !== `${style}.map`) await rm(path.resolve(ROOT, file), { force: true });
const chunks = outputs.map(([file]) => relative(file)).filter((file) => file.endsWith('.js') && file !== script);
/** The entry and the shared files it imports statically: what the sign-in page loads. */
const firstLoad = new Set();
const visit = (file) => {
  if (firstLoad.has(file)) return;
  firstLoad.add(file);
  for (const imported of result.metafile.outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
};
visit(entry[0]);

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>logwarden</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/${style}">
<script type="module" src="/ui/${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>logwarden's web UI needs JavaScript; the CLI and the HTTP API (docs/api.md) work without it.</noscript>
</body>
</html>
`;
await writeFile(path.join(OUT, 'index.html'), html);

const gzipped = async (file) => gzipSync(await readFile(path.join(OUT, file))).length;
const chunkSizes = Object.fromEntries(await Promise.all(chunks.map(async (file) => [file, await gzipped(file)])));
const entryGzipBytes = await gzipped(script);
const manifest = {
  script,
  style,
  /** The scripts every page loads before any view (shell and sign-in): the entry and what it imports. */
  firstLoadGzipBytes: (await Promise.all([...firstLoad].map((file) => gzipped(relative(file))))).reduce((sum, size) => sum + size, 0),
  /** Every script: the entry and the views' files. */
  scriptGzipBytes: entryGzipBytes + Object.values(chunkSizes).reduce((sum, size) => sum + size, 0),
  styleGzipBytes: await gzipped(style),
  chunks: chunkSizes,
};
await writeFile(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
