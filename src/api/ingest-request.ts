// What every HTTP ingest route (NDJSON, Elasticsearch _bulk, OTLP) does before and around
// normalising: refuse while read-only or while the queue is full, decode the body, and name the
// source of the request.
import type { FastifyRequest } from 'fastify';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { SourceIdentity } from '../schema/event.ts';
import { decodeContentEncoding } from './content-encoding.ts';

/** Below the disk reserve nothing is accepted (R-STORE-1). */
export function refuseWhenReadOnly(pipeline: IngestPipeline): void {
  if (pipeline.readOnly) {
    throw new LogwardenError('LW_DISK_FULL', 'free disk space is below the reserve (storage.minFreeDisk); no event was accepted; retry later', {
      retryAfterSeconds: 5,
    });
  }
}

/** `count` events must fit in the queue, or none of the request is accepted. */
export function refuseWhenQueueFull(pipeline: IngestPipeline, count: number): void {
  if (!pipeline.hasRoom(count)) throw new LogwardenError('LW_UNAVAILABLE', 'the ingest queue is full; retry later', { retryAfterSeconds: 1 });
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
