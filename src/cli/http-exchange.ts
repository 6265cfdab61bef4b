// One HTTP request from the CLI with bounded waits, and failures worded for the person at the
// terminal: what happened at which step, and what to check. node:http rather than fetch, because
// fetch cannot tell a refused connection from a non-HTTP answer or a silent server, and has no
// connect timeout of its own.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { LogwardenError } from '../errors/codes.ts';
import { formatSeconds } from './duration.ts';

export interface Exchange {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Longest wait for the answer to start, and longest pause inside it. */
  readonly timeoutMs: number;
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Connecting takes a round trip or two: a server that does not accept within this is not coming. */
const CONNECT_TIMEOUT_MS = 10_000;

type Stage = 'connecting' | 'waiting' | 'reading';

export function exchange(request: Exchange, serverLabel: string): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let stage: Stage = 'connecting';
    const fail = (reason: string): void => {
      reject(new LogwardenError('LW_CLI_SERVER', `no logwarden API at ${serverLabel}: ${reason}`));
      outgoing.destroy();
    };
    const connectMs = Math.min(request.timeoutMs, CONNECT_TIMEOUT_MS);
    const transport = request.url.protocol === 'https:' ? https : http;
    // No agent: one connection per command, closed after the answer, so nothing keeps the CLI running.
    const outgoing = transport.request(request.url, { method: request.method, headers: request.headers, agent: false });
    const connectTimer = setTimeout(() => fail(`could not connect within ${formatSeconds(connectMs)} (is the host reachable? see --server)`), connectMs);
    outgoing.on('socket', (socket: Socket) => {
      const connected = (): void => {
        clearTimeout(connectTimer);
        stage = 'waiting';
      };
      if (socket.connecting) socket.once(request.url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      else connected();
    });
    // Idle time on the socket: no first byte of the answer, or a stall inside it.
    outgoing.setTimeout(request.timeoutMs, () => {
      if (stage === 'connecting') return; // the connect timer speaks for this stage
      fail(stage === 'waiting' ? silentMessage(request.timeoutMs) : `the answer stalled for ${formatSeconds(request.timeoutMs)} (--timeout)`);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      fail(describeFailure(error, stage));
    });
    outgoing.on('response', (incoming) => {
      stage = 'reading';
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', (error: NodeJS.ErrnoException) => fail(describeFailure(error, stage)));
      incoming.on('end', () => {
        clearTimeout(connectTimer);
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.end(request.body);
  });
}

function silentMessage(timeoutMs: number): string {
  return `no answer within ${formatSeconds(timeoutMs)}: the connection was accepted but nothing came back (a busy server, or not an HTTP API; raise --timeout for long operations)`;
}

/** A socket or parser error, as the step it broke and what to check. */
function describeFailure(error: NodeJS.ErrnoException, stage: Stage): string {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running? see --server)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the host name (${code}; see --server)`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `the host cannot be reached (${code}; see --server)`;
  if (code.startsWith('HPE_')) return 'got a non-HTTP answer (is --server the HTTP API address, not a syslog or RELP port?)';
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(error.message)) return `TLS failed: ${error.message} (for a private CA, set NODE_EXTRA_CA_CERTS=ca.pem)`;
  if (code === 'ECONNRESET' || error.message === 'socket hang up') {
    return stage === 'reading' ? 'the connection was closed in the middle of the answer' : 'the connection was closed without an answer (is --server a logwarden HTTP API?)';
  }
  return `${stage === 'connecting' ? 'cannot connect' : 'the request failed'}: ${error.message}`;
}
