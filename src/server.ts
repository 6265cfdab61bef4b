// Assembles a running logwarden from a loaded config: storage, pipeline, sources and the HTTP API.
// Start order: data dir (owner-only, locked) → storage → pipeline → API and sources → ready. Stop
// order is the reverse, so that nothing is accepted that cannot be written.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type tls from 'node:tls';
import { TokenStore } from './access/tokens.ts';
import type { LifecyclePhase } from './api/health-routes.ts';
import { createHttpApp } from './api/http-app.ts';
import { loadHttpsOptions } from './api/https-options.ts';
import { formatListenAddress, parseListenAddress, type ListenAddress } from './config/address.ts';
import type { Config } from './config/schema.ts';
import { DiskGuard } from './ingest/disk-guard.ts';
import { internalEvent, type InternalAction } from './ingest/internal-events.ts';
import { IngestPipeline } from './ingest/pipeline.ts';
import { openLedgerKeys } from './ledger/keys.ts';
import { Ledger } from './ledger/ledger.ts';
import { TransparencyFile } from './ledger/transparency-file.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { systemClock } from './runtime/clock.ts';
import { startRelp } from './sources/relp.ts';
import { startSyslogTcp } from './sources/syslog-tcp.ts';
import { startSyslogTls } from './sources/syslog-tls.ts';
import { startSyslogUdp, type RunningSource } from './sources/syslog-udp.ts';
import { ChdbEngine } from './store/chdb-engine.ts';
import { ClickHouseServerEngine } from './store/clickhouse-engine.ts';
import { lockDataDir, type DataDirLock } from './store/data-dir-lock.ts';
import { createOwnerOnlyFiles, tightenModes } from './store/data-dir-modes.ts';
import type { SqlEngine } from './store/engine.ts';
import { EventStore } from './store/event-store.ts';
import { StreamConsumers } from './stream/consumers.ts';

export interface RunningServer {
  /** Base URL of the HTTP API. */
  readonly httpUrl: string;
  readonly syslogTcp?: string;
  readonly syslogUdp?: string;
  readonly syslogTls?: string;
  readonly relp?: string;
  /** Path of the initial admin token when this start created it. */
  readonly initialTokenPath?: string;
  stop(): Promise<void>;
}

export function createEngine(config: Config): SqlEngine {
  const server = config.storage.clickhouse;
  return server ? new ClickHouseServerEngine(server) : new ChdbEngine(path.join(config.dataDir, 'clickhouse'));
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const https = await loadHttpsOptions(config.http.tls); // first: a bad certificate stops the start before anything is created
  const lock = await claimDataDir(config.dataDir, logger);
  try {
    return await startOnLockedDataDir(config, logger, lock, https);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * Create the data dir owner-only, take its lock and tighten what an earlier run or a copy left
 * readable by others (R-ACCESS-1). `serve` has checked beforehand that all of this can succeed.
 */
async function claimDataDir(dataDir: string, logger: Logger): Promise<DataDirLock> {
  createOwnerOnlyFiles();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDir(dataDir);
  try {
    const tightened = await tightenModes(dataDir);
    if (tightened > 0) logger.warn({ dataDir, paths: tightened }, `data dir was readable by other users: took group and other permissions off ${tightened} path(s)`);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return lock;
}

async function startOnLockedDataDir(config: Config, logger: Logger, lock: DataDirLock, https: tls.SecureContextOptions | undefined): Promise<RunningServer> {
  const metrics = createMetrics();
  const engine = createEngine(config);
  const store = new EventStore(engine, config.search);
  await store.open();
  const pipeline = new IngestPipeline(store, config.storage, metrics, logger);
  const lastStored = await pipeline.open();
  const ledger = config.ledger.enabled ? await openLedger(config, engine, lastStored, logger) : undefined;
  const consumers = new StreamConsumers({ engine, node: config.node, metrics, logger, clock: systemClock }, lastStored);
  pipeline.addStoredBatchListener(consumers);
  if (ledger) await consumers.register(ledger); // the first consumer of the stream; its cursor is its tree size
  const record = (action: InternalAction, message: string): Promise<void> =>
    pipeline.submit([internalEvent(action, message)]).catch((error: unknown) => logger.error({ err: error, action }, 'could not record an internal event'));
  let readOnlyReason: string | undefined;
  const diskGuard = new DiskGuard(
    { directory: config.dataDir, minFreeBytes: config.storage.minFreeDisk, intervalMs: config.storage.diskCheckIntervalMs },
    metrics,
    logger,
    {
      readOnlyEntered: (free) => {
        readOnlyReason = `free disk space ${free} bytes is below the reserve of ${config.storage.minFreeDisk} bytes: new events are refused until space returns`;
        void record('read-only-entered', readOnlyReason);
      },
      readOnlyLeft: (free) => {
        readOnlyReason = undefined;
        void record('read-only-left', `free disk space ${free} bytes is back above the reserve: accepting events again`);
        pipeline.notifyRoom();
      },
    },
  );
  pipeline.setReadOnlyCheck(() => diskGuard.readOnly);
  await diskGuard.start();
  const tokens = new TokenStore(TokenStore.secretsDir(config.dataDir));
  const initialTokenPath = await tokens.open(config.dataDir);
  if (initialTokenPath) logger.info({ tokenFile: initialTokenPath }, 'initial admin token written (read it from this file)');
  for (const made of tokens.unrecorded()) await record('token-created', `token "${made.name}" (role ${made.role}) created offline by ${made.createdBy} while the server was stopped`);
  await tokens.markRecorded();

  let phase: LifecyclePhase = 'starting';
  const health = () => ({ phase, readOnlyReason: diskGuard.readOnly ? readOnlyReason : undefined });
  const app = createHttpApp({ config, store, engine, ledger, pipeline, tokens, metrics, logger, health, record, https });
  const http = listenAddress(config.http.listen);
  await app.listen({ host: http.host, port: http.port });
  const httpAddress = app.server.address();
  const httpUrl = `${https ? 'https' : 'http'}://${typeof httpAddress === 'object' && httpAddress ? formatListenAddress({ host: httpAddress.address, port: httpAddress.port }) : config.http.listen}`;

  const syslogDeps = { pipeline, metrics, maxEventBytes: config.ingest.maxEventBytes, defaultTimezone: config.ingest.defaultTimezone, syslog: config.syslog };
  const sources: RunningSource[] = [];
  const tcp = config.syslog.tcp ? await startSyslogTcp(listenAddress(config.syslog.tcp), syslogDeps, logger) : undefined;
  const udp = config.syslog.udp ? await startSyslogUdp(listenAddress(config.syslog.udp), syslogDeps, logger) : undefined;
  const tlsConfig = config.syslog.tls;
  const tls =
    tlsConfig.listen && tlsConfig.cert && tlsConfig.key
      ? await startSyslogTls({ listen: listenAddress(tlsConfig.listen), cert: tlsConfig.cert, key: tlsConfig.key, clientCa: tlsConfig.clientCa, reloadIntervalMs: tlsConfig.reloadIntervalMs }, syslogDeps, logger)
      : undefined;
  const relpConfig = config.syslog.relp;
  const relpTlsFiles = relpConfig.tls && tlsConfig.cert && tlsConfig.key ? { cert: tlsConfig.cert, key: tlsConfig.key, clientCa: tlsConfig.clientCa, reloadIntervalMs: tlsConfig.reloadIntervalMs } : undefined;
  const relp = relpConfig.listen ? await startRelp({ listen: listenAddress(relpConfig.listen), tls: relpTlsFiles }, syslogDeps, logger) : undefined;
  if (tcp) sources.push(tcp);
  if (udp) sources.push(udp);
  if (tls) sources.push(tls);
  if (relp) sources.push(relp);
  // Stored before the server reports ready, so a start is on record even if it is killed at once.
  await record('logwarden-started', `logwarden started (storage: ${store.description}; ledger: ${ledger ? ledger.origin : 'off'})`);
  phase = 'ready';
  logger.info(
    { http: httpUrl, syslogTcp: tcp?.address, syslogUdp: udp?.address, syslogTls: tls?.address, relp: relp?.address, storage: store.description, ledger: ledger ? { origin: ledger.origin, size: ledger.size } : 'off' },
    'logwarden is ready',
  );

  return {
    httpUrl,
    ...(tcp ? { syslogTcp: tcp.address } : {}),
    ...(udp ? { syslogUdp: udp.address } : {}),
    ...(tls ? { syslogTls: tls.address } : {}),
    ...(relp ? { relp: relp.address } : {}),
    ...(initialTokenPath ? { initialTokenPath } : {}),
    async stop() {
      phase = 'stopping';
      diskGuard.stop();
      // Queued first, so the stop is on record even when a listener is slow to close.
      const stopRecorded = record('logwarden-stopped', 'logwarden stopping: listeners close, queued events are written, a final checkpoint follows');
      await closeListeners([...sources.map((source) => source.close()), app.close()], config.storage.stopTimeoutMs / 3, logger);
      await pipeline.close();
      await stopRecorded;
      await consumers.close(); // the ledger's round covers everything the pipeline wrote
      await ledger?.close(); // the final checkpoint covers everything the pipeline wrote
      await store.close();
      await lock.release();
    },
  };
}

async function openLedger(config: Config, engine: SqlEngine, lastStored: number, logger: Logger): Promise<Ledger> {
  const keys = await openLedgerKeys(config.dataDir);
  const file = await TransparencyFile.open(config.dataDir);
  const ledger = new Ledger(
    engine,
    keys,
    file,
    { node: config.node, checkpointIntervalMs: config.ledger.checkpointIntervalMs, idleCheckpointMs: config.ledger.idleCheckpointSeconds * 1000 },
    logger,
  );
  await ledger.open(lastStored);
  return ledger;
}

/**
 * Wait for the listeners to close, but not past `graceMs`: a client that keeps its connection
 * open must not keep queued events from being written and checkpointed. The process exits after
 * the stop, which closes whatever is left.
 */
async function closeListeners(closing: readonly Promise<unknown>[], graceMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  const closed = Promise.allSettled(closing).then(() => 'closed' as const);
  const outcome = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (outcome === 'late') logger.warn({ graceMs }, 'listeners still have open connections: writing queued events and stopping without them');
}

function listenAddress(text: string): ListenAddress {
  return parseListenAddress(text) as ListenAddress; // validated by the config schema
}
