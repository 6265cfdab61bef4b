// The integrity routes of the web UI's Integrity view (docs/api.md, "Integrity for the web UI"):
// the recent signed checkpoints, the transparency file (its last lines, and the whole file to
// download), and verify jobs — a verify of the whole store started in the background, its
// progress polled, one at a time, each run audited when it starts and when it ends. Every route
// refuses masked callers like the ledger routes: checkpoints and verify reports are evidence.
// (The verify job answers are typed by verify-jobs.ts: its readonly report has the shape of the
// contract's verifyJob, which the end-to-end tests parse the answers with.)
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { refuseEvidenceIfMasked } from '../access/masking.ts';
import type { Principal } from '../access/principal.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { checkpointsParams, transparencyTailParams, verifyJobParams, type CheckpointsResponse, type TransparencyTailResponse } from '../contracts/index.ts';
import { LogwardenError } from '../errors/codes.ts';
import { recentCheckpoints, tailLines } from '../ledger/checkpoint-history.ts';
import { databaseNotes } from '../ledger/checkpoint-notes.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { readNotes, transparencyFilePath } from '../ledger/transparency-file.ts';
import { VerifyJobs, type VerifyJob } from '../ledger/verify-jobs.ts';
import { verifyLedger } from '../ledger/verify.ts';
import type { Clock } from '../runtime/clock.ts';
import type { SqlEngine } from '../store/engine.ts';
import { parseParams } from './params.ts';

export interface IntegrityRouteDeps {
  readonly ledger: Ledger;
  readonly engine: SqlEngine;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly audit: AuditTrail;
}

export function registerIntegrityRoutes(app: FastifyInstance, deps: IntegrityRouteDeps): void {
  registerHistoryRoutes(app, deps);
  registerVerifyJobRoutes(app, deps);
}

function registerHistoryRoutes(app: FastifyInstance, deps: IntegrityRouteDeps): void {
  const file = transparencyFilePath(deps.dataDir);

  app.get('/api/v1/ledger/checkpoints', { config: { permission: 'integrity.read' } }, async (request): Promise<CheckpointsResponse> => {
    refuseEvidenceIfMasked(request.principal, 'the signed checkpoints');
    const { limit } = parseParams(checkpointsParams, request.query);
    return { origin: deps.ledger.origin, checkpoints: await recentCheckpoints(deps.engine, deps.ledger.node, limit) };
  });

  app.get('/api/v1/ledger/transparency-file/tail', { config: { permission: 'integrity.read' } }, async (request): Promise<TransparencyTailResponse> => {
    refuseEvidenceIfMasked(request.principal, 'the transparency file');
    const { lines } = parseParams(transparencyTailParams, request.query);
    return { path: file, ...(await tailLines(file, lines)) };
  });

  app.get('/api/v1/ledger/transparency-file', { config: { permission: 'integrity.read' } }, async (request, reply) => {
    refuseEvidenceIfMasked(request.principal, 'the transparency file');
    // The file only grows (appended, never rewritten): what exists when the read starts is sent.
    const size = await stat(file).then(
      (info) => info.size,
      () => 0,
    );
    reply.type('text/plain; charset=utf-8').header('content-disposition', 'attachment; filename="checkpoints"');
    return size === 0 ? '' : createReadStream(file, { start: 0, end: size - 1 });
  });
}

function registerVerifyJobRoutes(app: FastifyInstance, deps: IntegrityRouteDeps): void {
  const starters = new Map<string, Principal>();
  const jobs = new VerifyJobs({
    clock: deps.clock,
    run: async (onProgress) =>
      verifyLedger({
        engine: deps.engine,
        node: deps.ledger.node,
        origin: deps.ledger.origin,
        keys: deps.ledger.keys.verifierKeys,
        notes: [...(await databaseNotes(deps.engine, deps.ledger.node)), ...(await readNotes(transparencyFilePath(deps.dataDir))).map((note) => ({ source: 'transparency file', note }))],
        onProgress,
      }),
    onFinish: async (job) => {
      const principal = starters.get(job.id);
      starters.delete(job.id);
      await deps.audit.record({
        action: 'verify',
        outcome: job.state === 'done' ? 'success' : 'failure',
        principal,
        details: { change: 'finish', target: job.id, results: job.report?.records, message: finishMessage(job) },
      });
    },
  });
  // A verify still running reads the engine: the server waits for it before closing the engine.
  app.addHook('onClose', async () => jobs.settled());

  app.post('/api/v1/ledger/verify-jobs', { config: { permission: 'integrity.verify', audit: 'verify' } }, async (request, reply): Promise<VerifyJob> => {
    refuseEvidenceIfMasked(request.principal, 'a verification report (its problems name leaf hashes)');
    const principal = request.principal as Principal;
    const { job, started } = jobs.start(principal.name);
    if (started) starters.set(job.id, principal);
    request.auditDetails = { change: started ? 'start' : 'already-running', target: job.id };
    reply.code(started ? 202 : 200);
    return job;
  });

  app.get('/api/v1/ledger/verify-jobs', { config: { permission: 'integrity.read' } }, async (request): Promise<{ running: VerifyJob | null; last: VerifyJob | null }> => {
    refuseEvidenceIfMasked(request.principal, 'verification reports');
    return { running: jobs.running ?? null, last: jobs.last ?? null };
  });

  app.get('/api/v1/ledger/verify-jobs/:id', { config: { permission: 'integrity.read' } }, async (request): Promise<VerifyJob> => {
    refuseEvidenceIfMasked(request.principal, 'a verification report');
    const { id } = parseParams(verifyJobParams, request.params);
    const job = jobs.get(id);
    if (!job) throw new LogwardenError('LW_NOT_FOUND', `no verify job "${id}" (jobs are kept in memory until the server stops; GET /api/v1/ledger/verify-jobs lists the running and the last one)`);
    return job;
  });
}

/** The audit event's message for a finished run. */
function finishMessage(job: VerifyJob): string {
  if (job.state === 'failed' || !job.report) return `verify ${job.id} could not finish: ${job.error ?? 'unknown error'}`;
  const { report } = job;
  if (report.ok) return `verify ${job.id}: verified ${report.records} records against ${report.checkpointsChecked} checkpoints, no problems`;
  return `verify ${job.id}: ${report.problemCount} problems in ${report.records} records; first: ${report.problems[0]?.message ?? ''}`;
}
