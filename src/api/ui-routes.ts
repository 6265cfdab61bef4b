// The web UI (src/ui/, docs/ui.md) on the API's own listener: GET /ui/ and every path below it
// that is not an asset answer the page (the UI routes on the client), GET /ui/assets/… the bundle
// scripts/build-ui.mjs wrote to dist/ui/. The files are few and small, so they are read once at
// start and held in memory. Assets have content-hashed names and are cached for a year; the page
// is never cached, so a new build is picked up on the next load. All of it is public: it holds no
// data, and the page signs in before it asks for any. A browser asking `/` for HTML (a person
// typing the server's address) is sent to /ui/; shippers asking `/` get the Elasticsearch handshake.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LogwardenError } from '../errors/codes.ts';

export const UI_PATH = '/ui/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface UiFiles {
  readonly page: Buffer;
  readonly assets: ReadonlyMap<string, Buffer>;
}

/** dist/ui/ beside the running code: dist/api/ → dist/ui/; src/api/ (tests running the sources) → dist/ui/. */
export function uiDirectory(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../ui'), path.resolve(here, '../../dist/ui')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

function loadUi(dir: string): UiFiles | undefined {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const assetDir = path.join(dir, 'assets');
  const names = existsSync(assetDir) ? readdirSync(assetDir) : [];
  return { page: readFileSync(index), assets: new Map(names.map((name) => [name, readFileSync(path.join(assetDir, name))])) };
}

export function registerUiRoutes(app: FastifyInstance, options: { dir?: string } = {}): void {
  const dir = options.dir ?? uiDirectory();
  const files = loadUi(dir);
  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    if (!files) throw new LogwardenError('LW_UNAVAILABLE', `the web UI is not built (no ${path.join(dir, 'index.html')}): run npm run build`);
    return reply.type('text/html; charset=utf-8').send(files.page);
  };
  const publicRoute = { config: { permission: 'public' as const } };
  app.get('/ui', publicRoute, async (_request, reply) => reply.redirect(UI_PATH, 301));
  app.get('/ui/', publicRoute, page);
  app.get('/ui/assets/:file', publicRoute, async (request, reply) => {
    const { file } = request.params as { file: string };
    const body = files?.assets.get(file);
    if (body === undefined) throw new LogwardenError('LW_NOT_FOUND', `no UI asset ${JSON.stringify(file)}`);
    reply.header('cache-control', IMMUTABLE);
    return reply.type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream').send(body);
  });
  // Client-side routes (/ui/search, /ui/alerts/…): the same page, which reads its own URL.
  app.get('/ui/*', publicRoute, page);
}

/** Registered before the auth hook: `GET /` from a browser (it accepts HTML) goes to the UI. */
export function redirectBrowsersToUi(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.url !== '/') return;
    if (!(request.headers.accept ?? '').includes('text/html')) return;
    return reply.redirect(UI_PATH, 302);
  });
}
