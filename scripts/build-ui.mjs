// Builds the web UI (src/ui/, docs/ui.md) into dist/ui/: esbuild bundles the TSX straight to one
// minified ES module and one style sheet with content-hashed names, and this script writes the
// index.html that names them. No inline script or style anywhere, so the strict Content Security
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

const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(OUT, path.resolve(ROOT, file)));
const script = outputs.find((file) => file.endsWith('.js'));
const style = outputs.find((file) => file.endsWith('.css'));
if (!script || !style) throw new Error(`build-ui: expected one .js and one .css output, found ${outputs.join(', ')}`);

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
const manifest = { script, style, scriptGzipBytes: await gzipped(script), styleGzipBytes: await gzipped(style) };
await writeFile(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
