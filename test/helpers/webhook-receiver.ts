// Test helper: a real HTTP(S) receiver of webhooks on loopback. With a secret it checks each
// request's Standard Webhooks signature with the `standardwebhooks` package (the independent
// reference, not our own signing code) and records only the verified ones; without a secret it
// records every request (Slack-compatible incoming webhooks are not signed). It can be told to
// answer with an error status the next n times, to drive retries.
import { Arrivals } from './arrivals.ts';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body as it arrived. */
  readonly body: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: unknown;
}

export interface WebhookReceiverOptions {
  /** The `whsec_…` secret: requests whose signature does not verify are refused with 401. */
  readonly secret?: string;
  /** A certificate and key (PEM text) to listen with HTTPS instead of plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface WebhookReceiver {
  /** The base URL, e.g. http://127.0.0.1:40123 (append a path of your own). */
  readonly url: string;
  /** Requests accepted (verified when there is a secret), in arrival order. */
  readonly received: ReceivedWebhook[];
  /** Requests refused because the signature did not verify, with the library's reason. */
  readonly refused: { readonly body: string; readonly reason: string }[];
  /** Every request that arrived, before any check (to count attempts). */
  readonly requests: number;
  /** Answer the next `times` requests with `status` (e.g. 500, 400) instead of 204. */
  failNext(times: number, status: number): void;
  /** Resolve once `count` requests were accepted. */
  waitFor(count: number, ms?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const verifier = options.secret === undefined ? undefined : new Webhook(options.secret);
  const arrivals = new Arrivals<ReceivedWebhook>('webhook receiver: requests');
  const received = arrivals.items;
  const refused: { body: string; reason: string }[] = [];
  const failures: number[] = [];
  let requests = 0;
  const handle = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = flatHeaders(request.headers);
      const status = failures.shift();
      if (status !== undefined) return void response.writeHead(status).end(`failing on purpose: ${status}`);
      if (verifier !== undefined) {
        try {
          verifier.verify(body, headers);
        } catch (error) {
          refused.push({ body, reason: (error as Error).message });
          return void response.writeHead(401).end('signature did not verify');
        }
      }
      arrivals.add({ path: request.url ?? '/', headers, body, json: parseJson(body) });
      response.writeHead(204).end();
    });
  };
  const server = options.tls === undefined ? http.createServer(handle) : https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    received,
    refused,
    get requests() {
      return requests;
    },
    failNext: (times, status) => failures.push(...Array.from({ length: times }, () => status)),
    waitFor: (count, ms = 10_000) => arrivals.waitFor(count, ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
