// `logwarden tail [QUERY]`: follow the records stored from now on that match QUERY, like
// `tail -f`, until Ctrl-C (GET /api/v1/tail, Server-Sent Events; docs/api.md, "Live tail").
// Records go to stdout (NDJSON, or one line of text each); what is about the tail itself (that
// it follows, records skipped because this terminal read too slowly) goes to stderr, so stdout
// stays the records alone.
import { Option, type Command } from 'commander';
import type { IncomingHttpHeaders } from 'node:http';
import { tailRecord, tailSkipped, TAIL_EVENTS } from '../contracts/tail.ts';
import { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';
import { interpretAnswer, resolveToken, type ClientOptions } from './client.ts';
import { parseServerUrl } from './server-url.ts';
import { SseFrames, type SseEvent } from './sse-frames.ts';
import { visibleText } from './visible-text.ts';

/** Heartbeats come every 15 s: a tail silent for this long has lost its server. */
const SILENCE_MS = 60_000;

type Format = 'ndjson' | 'text';

export function registerTailCommand(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  program
    .command('tail')
    .description('follow the records stored from now on that match QUERY, like tail -f; Ctrl-C stops')
    .argument('[query]', 'query (see docs/query-language.md); empty follows everything', '')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'text']).default('ndjson'))
    .action(async (query: string, flags: { format: Format }, command: Command) => {
      const options = clientOptions(command);
      await follow(options, resolveToken(options, process.env), query, flags.format);
    });
}

async function follow(options: ClientOptions, token: string, query: string, format: Format): Promise<void> {
  const base = parseServerUrl(options.server);
  const url = new URL('/api/v1/tail', base);
  url.searchParams.set('q', query);
  const response = await connect(url, token, base.origin);
  if (response.status !== 200 || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream') || !response.body) {
    // Errors are JSON: the client's one reading of them names the code and what to do.
    interpretAnswer(z.never(), { status: response.status, headers: headersOf(response), body: await response.text() }, base.origin);
    throw new LogwardenError('LW_CLI_SERVER', `${base.origin} answered HTTP ${response.status} without a tail`);
  }
  const frames = new SseFrames();
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let silence = watchdog(reader, base.origin);
  for (;;) {
    const { done, value } = await reader.read();
    clearTimeout(silence);
    if (done) throw new LogwardenError('LW_CLI_SERVER', `${base.origin} ended the tail (the server stopped?)`);
    silence = watchdog(reader, base.origin);
    for (const event of frames.push(decoder.decode(value, { stream: true }))) show(event, format, query);
  }
}

async function connect(url: URL, token: string, label: string): Promise<Response> {
  try {
    return await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new LogwardenError('LW_CLI_SERVER', `no logwarden API at ${label}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}

function watchdog(reader: ReadableStreamDefaultReader<Uint8Array>, label: string): NodeJS.Timeout {
  return setTimeout(() => void reader.cancel(new LogwardenError('LW_CLI_SERVER', `${label} sent nothing, not even a heartbeat, for ${SILENCE_MS / 1000} s`)), SILENCE_MS);
}

function show(event: SseEvent, format: Format, query: string): void {
  if (event.event === TAIL_EVENTS.ready) process.stderr.write(`following ${query === '' ? 'every record' : JSON.stringify(query)} (Ctrl-C stops)\n`);
  else if (event.event === TAIL_EVENTS.skipped) process.stderr.write(`events skipped: ${tailSkipped.parse(JSON.parse(event.data)).skipped} (this terminal read slower than they arrived)\n`);
  else if (event.event === TAIL_EVENTS.record) {
    const record = tailRecord.parse(JSON.parse(event.data));
    process.stdout.write(format === 'ndjson' ? `${JSON.stringify(record)}\n` : `${textLine(record)}\n`);
  }
}

/** Time, host, level, message; every cell shown visibly escaped (a sender chooses its message: visible-text.ts). */
function textLine(record: Record<string, unknown>): string {
  return ['@timestamp', 'host.name', 'log.level', 'message'].map((name) => visibleText(typeof record[name] === 'string' ? record[name] : JSON.stringify(record[name] ?? ''))).join('  ');
}

function headersOf(response: Response): IncomingHttpHeaders {
  return Object.fromEntries(response.headers.entries());
}
