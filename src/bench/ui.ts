// `npm run bench:ui`: the web UI in headless Chromium over a loaded store (issue 15). Starts the
// built server in a temporary data dir, loads N events through the HTTP ingest (src/bench/ui-load.ts;
// exactly one carries a rare token), signs in through the form, then measures, 5 times each after
// a warm-up: (a) the first screen, navigation to /ui/search until the first result row shows;
// (b) the rare-token search, Enter in "Query" until the table shows exactly that row; and for
// comparison (c) the same searches through the raw API (fetch) and, with the server stopped, the
// raw engine (EventStore over chDB). Prints median and p95, and the bundle's gzipped sizes from
// dist/ui/manifest.json. Prints figures, asserts nothing; a view not built yet is reported as such.
// Options: BENCH_UI_EVENTS or the first argument (default 1,000,000). Targets: (a) < 1 s, (b) < 300 ms.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { launchBrowser, marks, signIn, waitForMark, watchScript } from './ui-browser.ts';
import { loadEvents, RARE_TOKEN } from './ui-load.ts';

const EVENTS = Number(process.argv[2] ?? process.env['BENCH_UI_EVENTS'] ?? 1_000_000);
const SAMPLES = 5;
const USER = { name: 'bench', password: 'quiet-meadow-lantern-2026' };
const CLI = path.resolve(import.meta.dirname, '../cli/main.js');
const MANIFEST = path.resolve(import.meta.dirname, '../ui/manifest.json');
/** How long a view not built yet gets to show what it would show. */
const GIVE_UP_MS = 15_000;

interface Figure {
  readonly what: string;
  readonly target?: string;
  /** Samples in ms; empty when the view cannot do it yet. */
  readonly samples: number[];
  readonly note?: string;
}

const nearestRank = (sorted: readonly number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;

async function addUser(server: BenchServer, dir: string): Promise<void> {
  const file = path.join(dir, 'bench.pw');
  await writeFile(file, `${USER.password}\n`, { mode: 0o600 });
  const token = path.join(dir, 'secrets/initial-admin-token');
  await promisify(execFile)(process.execPath, [CLI, '--server', server.http, '--token-file', token, 'user', 'add', USER.name, '--role', 'admin', '--password-file', file]);
}

async function waitUntilSearchable(server: BenchServer, token: string): Promise<void> {
  const giveUpAt = performance.now() + 10 * 60_000;
  for (;;) {
    if (performance.now() > giveUpAt) throw new Error(`fewer than ${EVENTS} events searchable after 10 minutes`);
    const response = await fetch(`${server.http}/api/v1/count`, { headers: { authorization: `Bearer ${token}` } });
    if (response.ok && ((await response.json()) as { count: number }).count >= EVENTS) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** (a) and (b) in the browser: SAMPLES rounds after a warm-up, each a fresh load of /ui/search. */
async function inBrowser(page: Page, http: string): Promise<Figure[]> {
  const shell: number[] = [];
  const firstRow: number[] = [];
  const rare: number[] = [];
  let rowsNote: string | undefined;
  let rareNote: string | undefined;
  for (let round = 0; round <= SAMPLES; round++) {
    await page.goto(`${http}/ui/search`);
    await waitForMark(page, 'h1At', GIVE_UP_MS);
    const rowShown = await waitForMark(page, 'firstRowAt', rowsNote ? 1 : GIVE_UP_MS);
    if (!rowShown) rowsNote = 'no result row shown (the search view is not built yet)';
    const box = page.getByLabel('Query', { exact: true });
    let rareShown = false;
    if ((await box.count()) > 0) {
      await box.fill(RARE_TOKEN);
      await box.press('Enter');
      rareShown = await waitForMark(page, 'rareShownAt', GIVE_UP_MS);
      if (!rareShown) rareNote = 'the table did not show exactly the one row';
    } else rareNote = 'no "Query" box (the search view is not built yet)';
    const seen = await marks(page);
    if (round === 0) continue;
    if (seen.h1At !== undefined) shell.push(seen.h1At);
    if (rowShown && seen.firstRowAt !== undefined) firstRow.push(seen.firstRowAt);
    if (rareShown && seen.rareShownAt !== undefined && seen.enterAt !== undefined) rare.push(seen.rareShownAt - seen.enterAt);
  }
  return [
    { what: 'UI shell: navigation → the view’s h1 shown', samples: shell },
    { what: 'UI first screen: navigation → first result row shown', target: '< 1000 ms', samples: firstRow, ...(rowsNote ? { note: rowsNote } : {}) },
    { what: 'UI rare-token search: Enter in "Query" → exactly that row', target: '< 300 ms', samples: rare, ...(rareNote ? { note: rareNote } : {}) },
  ];
}

async function timed(run: () => Promise<void>): Promise<number[]> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** (c) through the API, as the search view asks (its default range, the last 15 minutes). */
async function throughApi(http: string, token: string): Promise<Figure[]> {
  const search = (q: string, expect?: number) => async () => {
    const response = await fetch(`${http}/api/v1/search?q=${encodeURIComponent(q)}&from=now-15m&to=now&limit=100`, { headers: { authorization: `Bearer ${token}` } });
    const answer = (await response.json()) as { returned: number };
    if (expect !== undefined && answer.returned !== expect) throw new Error(`API search for ${q} returned ${answer.returned}, expected ${expect}`);
  };
  return [
    { what: 'API: first page of everything (limit 100)', samples: await timed(search('')) },
    { what: 'API: rare-token search', samples: await timed(search(RARE_TOKEN, 1)) },
  ];
}

/** (c) on the raw engine, the server stopped: the store the server searches, in this process. */
async function onEngine(dir: string, from: number): Promise<Figure[]> {
  const store = new EventStore(new ChdbEngine(path.join(dir, 'clickhouse')));
  await store.open();
  try {
    const search = (text: string, expect?: number) => async () => {
      const found = await store.search({ query: parsedQuery(text), scope: ALL_SYSTEMS, from, to: Date.now(), limit: 100 });
      if (expect !== undefined && found.length !== expect) throw new Error(`engine search for ${text} found ${found.length}, expected ${expect}`);
    };
    return [
      { what: 'engine: first page of everything (limit 100)', samples: await timed(search('')) },
      { what: 'engine: rare-token search', samples: await timed(search(RARE_TOKEN, 1)) },
    ];
  } finally {
    await store.close();
  }
}

function print(figures: readonly Figure[]): void {
  const width = Math.max(...figures.map((figure) => figure.what.length));
  console.log(`${'measure'.padEnd(width)}  median ms   p95 ms  target`);
  for (const figure of figures) {
    const sorted = [...figure.samples].sort((a, b) => a - b);
    const cells = sorted.length === 0 ? `${'—'.padStart(9)} ${'—'.padStart(8)}` : `${nearestRank(sorted, 0.5).toFixed(1).padStart(9)} ${nearestRank(sorted, 0.95).toFixed(1).padStart(8)}`;
    console.log(`${figure.what.padEnd(width)}  ${cells}  ${figure.target ?? ''}${figure.note ? `  (${figure.note})` : ''}`);
  }
}

async function bundleSizes(): Promise<string> {
  const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as { firstLoadGzipBytes: number; scriptGzipBytes: number; styleGzipBytes: number; chunks: Record<string, number> };
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const search = Object.entries(manifest.chunks).find(([file]) => /\/search-[^/]*\.js$/.test(file))?.[1] ?? 0;
  return [
    `bundle (gzip): before any view ${kb(manifest.firstLoadGzipBytes)}, + the search view ${kb(search)} (goal ~50 KB of script for the first screen)`,
    `               every view ${kb(manifest.scriptGzipBytes)} of script, style ${kb(manifest.styleGzipBytes)}`,
  ].join('\n');
}

export async function benchUi(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bench-ui-'));
  const loadedFrom = Date.now() - 11 * 60_000;
  let server: BenchServer | undefined = await startBenchServer(dir, 'ledger:\n  enabled: true\n');
  const browser = await launchBrowser();
  try {
    const token = (await readFile(path.join(dir, 'secrets/initial-admin-token'), 'utf8')).trim();
    await addUser(server, dir);
    const perSecond = await loadEvents(server.http, token, EVENTS);
    await waitUntilSearchable(server, token);
    console.log(
      `web UI over ${EVENTS.toLocaleString('en')} events (loaded at ${Math.round(perSecond).toLocaleString('en')} events/s through the HTTP ingest), ${SAMPLES} samples after a warm-up, 1280×800:`,
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(watchScript(RARE_TOKEN));
    const page = await context.newPage();
    await signIn(page, server.http, USER.name, USER.password);
    const figures = [...(await inBrowser(page, server.http)), ...(await throughApi(server.http, token))];
    await context.close();
    await server.stop();
    server = undefined;
    figures.push(...(await onEngine(dir, loadedFrom)));
    print(figures);
    console.log(await bundleSizes());
  } finally {
    await browser.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) await benchUi();
