// Assembles a running logwarden from a loaded config: storage, pipeline, sources and the HTTP API.
// Start order: storage → pipeline → API and sources → ready. Stop order is the reverse, so that
// nothing is accepted that cannot be written.
import path from 'node:path';
import { TokenStore } from './access/tokens.ts';
import { createHttpApp } from './api/http-app.ts';
import { formatListenAddress, parseListenAddress, type ListenAddress } from './config/address.ts';
import type { Config } from './config/schema.ts';
import { IngestPipeline } from './ingest/pipeline.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { startSyslogTcp } from './sources/syslog-tcp.ts';
import { startSyslogUdp, type RunningSource } from './sources/syslog-udp.ts';
import { ChdbEngine } from './store/chdb-engine.ts';
import { ClickHouseServerEngine } from './store/clickhouse-engine.ts';
import type { SqlEngine } from './store/engine.ts';
import { EventStore } from './store/event-store.ts';

export interface RunningServer {
  /** Base URL of the HTTP API. */
  readonly httpUrl: string;
  readonly syslogTcp?: string;
  readonly syslogUdp?: string;
  /** Path of the initial admin token when this start created it. */
  readonly initialTokenPath?: string;
  stop(): Promise<void>;
}

export function createEngine(config: Config): SqlEngine {
  const server = config.storage.clickhouse;
  return server ? new ClickHouseServerEngine(server) : new ChdbEngine(path.join(config.dataDir, 'clickhouse'));
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const metrics = createMetrics();
  const store = new EventStore(createEngine(config));
  await store.open();
  const pipeline = new IngestPipeline(store, config.storage, metrics, logger);
  await pipeline.open();
  const tokens = new TokenStore(TokenStore.secretsDir(config.dataDir));
  const initialTokenPath = await tokens.open(config.dataDir);

  let ready = false;
  const app = createHttpApp({ config, store, pipeline, tokens, metrics, logger, isReady: () => ready });
  const http = listenAddress(config.http.listen);
  await app.listen({ host: http.host, port: http.port });
  const httpAddress = app.server.address();
  const httpUrl = `http://${typeof httpAddress === 'object' && httpAddress ? formatListenAddress({ host: httpAddress.address, port: httpAddress.port }) : config.http.listen}`;

  const syslogDeps = { pipeline, metrics, maxEventBytes: config.ingest.maxEventBytes, defaultTimezone: config.ingest.defaultTimezone };
  const sources: RunningSource[] = [];
  const tcp = config.syslog.tcp ? await startSyslogTcp(listenAddress(config.syslog.tcp), syslogDeps, logger) : undefined;
  const udp = config.syslog.udp ? await startSyslogUdp(listenAddress(config.syslog.udp), syslogDeps, logger) : undefined;
  if (tcp) sources.push(tcp);
  if (udp) sources.push(udp);
  ready = true;
  logger.info({ http: httpUrl, syslogTcp: tcp?.address, syslogUdp: udp?.address, storage: store.description }, 'logwarden is ready');

  return {
    httpUrl,
    ...(tcp ? { syslogTcp: tcp.address } : {}),
    ...(udp ? { syslogUdp: udp.address } : {}),
    ...(initialTokenPath ? { initialTokenPath } : {}),
    async stop() {
      ready = false;
      await Promise.all(sources.map((source) => source.close()));
      await app.close();
      await pipeline.close();
      await store.close();
    },
  };
}

function listenAddress(text: string): ListenAddress {
  return parseListenAddress(text) as ListenAddress; // validated by the config schema
}
