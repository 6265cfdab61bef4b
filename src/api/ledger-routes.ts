// Ledger routes: the latest signed checkpoint, the public keys, inclusion and consistency proofs,
// and verification of the running server's store (what `logwarden verify --server` calls).
import type { FastifyInstance } from 'fastify';
import { refuseEvidenceIfMasked } from '../access/masking.ts';
import { scopeOf } from '../access/scope.ts';
import { encodeVerifierKey } from '../ledger/checkpoint.ts';
import type { Evidence } from '../ledger/evidence.ts';
import type { LatestCheckpoint, Ledger } from '../ledger/ledger.ts';
import { readNotes, transparencyFilePath } from '../ledger/transparency-file.ts';
import { verifyLedger, type NamedNote } from '../ledger/verify.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Scope } from '../query/scope.ts';
import { presentEvent } from '../schema/present.ts';
import type { SqlEngine } from '../store/engine.ts';
import type { EventStore } from '../store/event-store.ts';
import { parseParams } from './params.ts';
import { consistencyParams, inclusionParams, jsonRequestBody, verifyBody } from '../contracts/index.ts';
import type { Clock } from '../runtime/clock.ts';
import { databaseNotes } from '../ledger/checkpoint-notes.ts';

export interface LedgerRouteDeps {
  readonly ledger: Ledger;
  readonly store: EventStore;
  readonly engine: SqlEngine;
  readonly dataDir: string;
  /** `ledger.checkpointIntervalMs`: says when a record not yet covered will be. */
  readonly checkpointIntervalMs: number;
  readonly clock: Clock;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function registerLedgerRoutes(app: FastifyInstance, deps: LedgerRouteDeps): void {
  const { ledger } = deps;
  const latest = () => {
    const checkpoint = ledger.latestCheckpoint;
    if (!checkpoint) throw new LogwardenError('LW_UNAVAILABLE', 'no checkpoint has been signed yet; retry in a second', { retryAfterSeconds: 1 });
    return checkpoint;
  };

  app.get('/api/v1/ledger/checkpoint', { config: { permission: 'integrity.read' } }, async (_request, reply) => {
    reply.type('text/plain; charset=utf-8');
    return latest().note;
  });

  app.get('/api/v1/ledger/keys', { config: { permission: 'integrity.read' } }, async () => ({
    origin: ledger.origin,
    current: encodeVerifierKey(ledger.keys.signer),
    keys: ledger.keys.verifierKeys.map(encodeVerifierKey),
  }));

  app.get('/api/v1/ledger/proof/inclusion', { config: { permission: 'integrity.read', audit: 'proof' } }, async (request): Promise<Evidence> => {
    refuseEvidenceIfMasked(request.principal, 'an inclusion proof (the record and its leaf hash)');
    const params = parseParams(inclusionParams, request.query);
    request.auditDetails = { target: String(params.seq), change: 'inclusion' };
    // A record outside the caller's scope is answered as missing: no proof, and no sign it exists.
    const scope = scopeOf(request.principal);
    const checkpoint = latest();
    const size = params.size ?? checkpoint.size;
    if (params.size === undefined && params.seq >= size) throw await notYetCovered(params.seq, checkpoint, deps, scope, deps.clock.now());
    if (params.seq >= size) {
      throw new LogwardenError('LW_BAD_REQUEST', `record ${params.seq} is not in a tree of ${size} records; the latest checkpoint covers ${checkpoint.size}`);
    }
    if (size > checkpoint.size) throw new LogwardenError('LW_BAD_REQUEST', `size ${size} is beyond the latest checkpoint (${checkpoint.size})`);
    const record = await deps.store.bySequence(params.seq, scope);
    if (!record) throw new LogwardenError('LW_NOT_FOUND', `record ${params.seq} is not in the store`);
    const { leafHash, proof } = await ledger.inclusionProof(params.seq, size);
    return {
      origin: ledger.origin,
      seq: params.seq,
      size,
      leafHash: hex(leafHash),
      proof: proof.map(hex),
      // A proof for an older size is checked against the caller's own copy of that checkpoint.
      checkpoint: size === checkpoint.size ? checkpoint.note : '',
      record: presentEvent(record),
      leafFormat: ledger.leafFormatOf(params.seq),
    };
  });

  app.get('/api/v1/ledger/proof/consistency', { config: { permission: 'integrity.read', audit: 'proof' } }, async (request) => {
    refuseEvidenceIfMasked(request.principal, 'a consistency proof (its hashes can be single leaves)');
    const params = parseParams(consistencyParams, request.query);
    request.auditDetails = { target: `${params.from}..${params.to}`, change: 'consistency' };
    const size = latest().size;
    if (params.from > params.to || params.to > size) {
      throw new LogwardenError('LW_BAD_REQUEST', `expected 0 <= from <= to <= ${size} (the latest checkpoint), found from=${params.from} to=${params.to}`);
    }
    return { from: params.from, to: params.to, proof: (await ledger.consistencyProof(params.from, params.to)).map(hex) };
  });

  registerVerifyRoute(app, deps);
}

/** `POST /api/v1/ledger/verify`: verification of the running server's store. */
function registerVerifyRoute(app: FastifyInstance, deps: LedgerRouteDeps): void {
  const { ledger } = deps;
  app.post('/api/v1/ledger/verify', { config: { permission: 'integrity.verify', audit: 'verify' } }, async (request) => {
    refuseEvidenceIfMasked(request.principal, 'a verification report (its problems name leaf hashes)');
    const body = parseParams(verifyBody, jsonRequestBody(request.body, '{"checkpoints": ["…"]}'));
    const notes: NamedNote[] = [
      ...(await databaseNotes(deps.engine, ledger.node)),
      ...(await readNotes(transparencyFilePath(deps.dataDir))).map((note) => ({ source: 'transparency file', note })),
      ...body.checkpoints.map((note, index) => ({ source: `submitted checkpoint ${index + 1}`, note })),
    ];
    return verifyLedger({ engine: deps.engine, node: ledger.node, origin: ledger.origin, keys: ledger.keys.verifierKeys, notes });
  });
}

/**
 * Why there is no proof of `seq` at the latest checkpoint: either the record is stored and the
 * next checkpoint will cover it (503 with Retry-After: when that one is due), or it is not stored.
 */
async function notYetCovered(seq: number, latest: LatestCheckpoint, deps: LedgerRouteDeps, scope: Scope, now: number): Promise<LogwardenError> {
  const covers = latest.size === 0 ? 'no records yet' : `records 0 to ${latest.size - 1}`;
  if (!(await deps.store.bySequence(seq, scope))) {
    return new LogwardenError('LW_NOT_FOUND', `record ${seq} is not stored; the latest signed checkpoint covers ${covers}`);
  }
  const signedAt = checkpointTime(latest.note) ?? now;
  // A round starts within a quarter interval of the due time, and hashing and signing take a moment.
  const dueInMs = Math.max(0, signedAt + deps.checkpointIntervalMs - now) + Math.min(deps.checkpointIntervalMs, 1000) / 4;
  const retryAfterSeconds = Math.max(1, Math.ceil(dueInMs / 1000));
  return new LogwardenError(
    'LW_UNAVAILABLE',
    `record ${seq} is stored but not yet covered by a signed checkpoint (the latest covers ${covers}); ` +
      `the next checkpoint is due in about ${retryAfterSeconds} s (ledger.checkpointIntervalMs is ${deps.checkpointIntervalMs} ms): retry then`,
    { retryAfterSeconds },
  );
}

/** The signing time from a checkpoint's `time …` extension line, as epoch ms. */
function checkpointTime(note: string): number | undefined {
  const line = note.split('\n').find((text) => text.startsWith('time '));
  const ms = line === undefined ? Number.NaN : Date.parse(line.slice(5));
  return Number.isNaN(ms) ? undefined : ms;
}
