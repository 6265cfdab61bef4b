// `npm run logwarden -- …` runs dist/cli/main.js, which a fresh clone does not have yet. This runs
// first: it builds when dist/ is missing or older than a source file, and otherwise only stats the
// sources (a few milliseconds). Everything it prints goes to stderr, so the command's stdout stays
// clean for `| jq` and `| head`. Plain JavaScript that also runs on Node 20: before `npm ci`
// there is no Node 24 yet, and then it says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = 'dist/cli/main.js';
/** Inputs of the build besides src/: a change to them changes the output too. */
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Whether `root` needs `npm run build` before its CLI can run, and why. */
export function buildDecision(root) {
  const entry = path.join(root, ENTRY);
  if (!existsSync(entry)) return { build: true, reason: `${ENTRY} is missing` };
  const builtAt = statSync(entry).mtimeMs;
  const newer = sourceFiles(root).find((file) => statSync(path.join(root, file)).mtimeMs > builtAt);
  return newer === undefined ? { build: false, reason: `${ENTRY} is newer than every source` } : { build: true, reason: `${newer} is newer than ${ENTRY}` };
}

function sourceFiles(root) {
  const sources = readdirSync(path.join(root, 'src'), { recursive: true })
    .map((file) => path.join('src', String(file)))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  return [...sources, ...BUILD_FILES.filter((file) => existsSync(path.join(root, file)))];
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const decision = buildDecision(root);
  if (!decision.build) return 0;
  if (!existsSync(path.join(root, 'node_modules/.bin/tsc'))) {
    process.stderr.write(`logwarden: ${decision.reason} and node_modules is not installed: run \`npm ci\` first, then this command again\n`);
    return 1;
  }
  process.stderr.write(`logwarden: ${decision.reason}: building first (npm run build)…\n`);
  const build = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.stderr.write(`logwarden: the build failed (exit ${build.status ?? build.signal}); see above, or run \`npm run build\`\n`);
  return build.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
