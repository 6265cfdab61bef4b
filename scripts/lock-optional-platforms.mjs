// Run after `npm install` changes package-lock.json. The npm registry this project is built
// against serves chDB's engine only for linux-x64, so `npm install` leaves chDB's other platform
// packages out of the lock file, and `npm ci` then refuses the lock ("Missing: @chdb/lib-… from
// lock file"). Listing them as optional, platform-restricted entries keeps `npm ci` working:
// npm skips them on every platform they do not match, so nothing is downloaded for them.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const chdb = lock.packages['node_modules/chdb'];
for (const [name, version] of Object.entries(chdb.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [, os, cpu, libc] = /lib-(darwin|linux)-(x64|arm64)(?:-(gnu))?$/.exec(name) ?? [];
  if (!os) throw new Error(`unexpected chDB platform package ${name}`);
  lock.packages[key] = { version, cpu: [cpu], optional: true, os: [os], ...(libc ? { libc: ['glibc'] } : {}) };
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
