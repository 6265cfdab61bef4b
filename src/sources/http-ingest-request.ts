// What every HTTP ingest route (NDJSON, Elasticsearch _bulk, OTLP) does before and around
// normalising: refuse while read-only, refuse a request with more events than one request may carry,
// decode the body, name the source of the request, and submit its events in slices.
//
// Why slices: a 16 MiB body can hold millions of tiny records. Decoded and normalised in one go it
// holds the event loop for seconds (nothing else is answered, UDP datagrams are lost) and gigabytes
// of heap. Decoded a slice at a time, with a turn of the event loop between slices, and each slice
// handed to the queue as soon as there is room for it, the other clients keep being served and the
// request never holds more than a slice of events beyond what the bounded queue holds. A request
// larger than the queue is stored in parts as room frees (it can always succeed, so it is never
// answered with a retryable "queue full").
import type { FastifyRequest } from 'fastify';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../observability/logger.ts';
import { decodeContentEncoding } from './http-content-encoding.ts';
import type { Clock } from '../runtime/clock.ts';

/** What every HTTP source plugin is registered with (`app.register(plugin, options)`). */
export interface HttpSourceOptions {
  readonly config: Config;
  readonly pipeline: IngestPipeline;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Receipt time (`event.ingested`). */
  readonly clock: Clock;
}

/** Events decoded and normalised between two turns of the event loop. */
export const SLICE_EVENTS = 1000;

/** Below the disk reserve nothing is accepted (R-STORE-1). */
export function refuseWhenReadOnly(pipeline: IngestPipeline): void {
  if (pipeline.readOnly) {
    throw new LogwardenError('LW_DISK_FULL', 'free disk space is below the reserve (storage.minFreeDisk); no event was accepted; retry later', {
      retryAfterSeconds: 5,
    });
  }
}

/**
 * Refused while the queue has no room for even the first slice of the request: retryable, since a
 * request of any size (up to ingest.maxEventsPerRequest) is stored in parts once the queue drains.
 */
export function refuseWhenQueueFull(pipeline: IngestPipeline, count: number, queueMaxEvents: number): void {
  if (!pipeline.hasRoom(Math.min(count, SLICE_EVENTS, queueMaxEvents))) throw new LogwardenError('LW_UNAVAILABLE', 'the ingest queue is full; retry later', { retryAfterSeconds: 1 });
}

/** More events than one request may carry: never retryable, the sender must split the request. */
export function refuseOverEventCap(found: number, limit: number, count: { metrics: Metrics; protocol: string; unit?: string }): void {
  if (found <= limit) return;
  count.metrics.requestsOverEventCap.inc({ protocol: count.protocol });
  throw new LogwardenError(
    'LW_INGEST_TOO_MANY_EVENTS',
    `the request holds ${found} ${count.unit ?? 'events'}; at most ${limit} are accepted per request (ingest.maxEventsPerRequest): split it into smaller requests`,
    { limit, found },
  );
}

/** The request body, decompressed, held to the body limit. */
export function readIngestBody(request: FastifyRequest, maxBodyBytes: number): Promise<Buffer> {
  const raw = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
  return decodeContentEncoding(raw, request.headers['content-encoding'], maxBodyBytes);
}

/** Where the request came from, recorded on each of its events (R-COLLECT-4). */
export function requestSource(request: FastifyRequest, protocol: string, listener: string): SourceIdentity {
  return {
    protocol,
    listener,
    peer: `${request.socket.remoteAddress ?? ''}:${request.socket.remotePort ?? ''}`,
    identity: request.principal?.name ?? '',
  };
}

/** Where a request's events go: the pipeline, and the size of its queue (storage.queueMaxEvents). */
export interface SliceTarget {
  readonly pipeline: IngestPipeline;
  readonly queueMaxEvents: number;
}

/**
 * Turn each item into an event (or nothing, when `toEvent` keeps it out) a slice at a time and
 * submit the slices; resolves once every submitted event is stored. `toEvent` is called in item
 * order and may record what it needs for the answer; `submitted` is told of each part once its
 * events carry their sequence numbers.
 */
export async function submitInSlices<T>(
  target: SliceTarget,
  items: Iterable<T>,
  toEvent: (item: T) => LogEvent | undefined,
  submitted: (events: readonly LogEvent[]) => void = () => {},
): Promise<SlicedSubmission> {
  const submission: Submission = { events: 0, waitedForRoom: false, stored: [], reserve: 0 };
  let slice: LogEvent[] = [];
  let seen = 0;
  for (const item of items) {
    const event = toEvent(item);
    if (event !== undefined) slice.push(event);
    if (++seen % SLICE_EVENTS !== 0) continue;
    await submitSlice(target.pipeline, slice, submission, submitted);
    slice = [];
    // After its first slice a large request leaves half the queue to the other sources, so that
    // one sender cannot keep the queue full (UDP, which cannot wait, would lose what it receives).
    submission.reserve = Math.floor(target.queueMaxEvents / 2);
    await nextTurn();
  }
  await submitSlice(target.pipeline, slice, submission, submitted);
  await Promise.all(submission.stored);
  return { events: submission.events, waitedForRoom: submission.waitedForRoom };
}

export interface SlicedSubmission {
  readonly events: number;
  /** True when the queue had no room for part of the request and it was stored in parts as room freed. */
  readonly waitedForRoom: boolean;
}

interface Submission {
  events: number;
  waitedForRoom: boolean;
  readonly stored: Promise<void>[];
  /** Queue room this request leaves to others. */
  reserve: number;
}

/** Hand `events` to the queue as room frees, in as few parts as the room allows. */
async function submitSlice(pipeline: IngestPipeline, events: LogEvent[], submission: Submission, submitted: (events: readonly LogEvent[]) => void): Promise<void> {
  let rest = events;
  while (rest.length > 0) {
    refuseWhenReadOnly(pipeline);
    const fits = largestFit(pipeline, rest.length, submission.reserve);
    if (fits === 0) {
      submission.waitedForRoom = true;
      await roomFreed(pipeline);
      continue;
    }
    const part = rest.slice(0, fits);
    rest = rest.slice(fits);
    const written = pipeline.submit(part);
    written.catch(() => {}); // seen by Promise.all at the end; not an unhandled rejection meanwhile
    submission.stored.push(written);
    submission.events += part.length;
    submitted(part);
  }
}

/** The most of `wanted` events the queue has room for now, leaving `reserve` free. */
function largestFit(pipeline: IngestPipeline, wanted: number, reserve: number): number {
  if (pipeline.hasRoom(wanted + reserve)) return wanted;
  let low = 0;
  let high = wanted - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (pipeline.hasRoom(middle + reserve)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Until the queue drains some. With no room at all the pipeline says when there is; with room only
 * inside the reserve it has nothing to say (its room listeners fire at once), so wait for a write.
 */
function roomFreed(pipeline: IngestPipeline): Promise<void> {
  if (pipeline.hasRoom()) return new Promise((resolve) => setTimeout(resolve, 5));
  return new Promise((resolve) => pipeline.onceRoom(resolve));
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
