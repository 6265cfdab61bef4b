// Assembles a running logwarden from a loaded config: each part is a component (src/runtime/
// component.ts) naming the parts it needs, and the runner starts them in that order and stops them
// in reverse. The graph (docs/architecture.md, "Components"):
//   data-dir → store → ledger → pipeline → disk-guard → access → http, syslog.* listeners
//                                pipeline → detection → http
//                                pipeline → tail → http
//                                pipeline, access → alerting → http
// so nothing is accepted that cannot be written, listeners and the API close together before the
// pipeline drains, the ledger's final checkpoint follows the drain, and the lock is released last.
// A new part plugs in by adding a component to `components()` with its dependencies.
import type tls from 'node:tls';
import { AccessComponent } from './access/access-component.ts';
import { AlertingComponent } from './alerts/alerting-component.ts';
import type { HealthState, LifecyclePhase } from './api/health-routes.ts';
import { HttpComponent } from './api/http-component.ts';
import { loadHttpsOptions } from './api/https-options.ts';
import type { Config } from './config/schema.ts';
import { DiskGuardComponent } from './ingest/disk-guard-component.ts';
import { internalRecorder, type RecordInternal } from './ingest/internal-events.ts';
import { PipelineComponent } from './ingest/pipeline-component.ts';
import { configuredPreparation } from './ingest/prepare.ts';
import { LedgerComponent } from './ledger/ledger-component.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { systemClock, type Clock } from './runtime/clock.ts';
import { ComponentRunner } from './runtime/components.ts';
import type { ListenerComponent } from './sources/listener-component.ts';
import { listenerComponents } from './sources/listeners.ts';
import { DetectionComponent } from './detection/detection-component.ts';
import { DataDirComponent } from './store/data-dir-component.ts';
import { StoreComponent } from './store/store-component.ts';
import { TailComponent } from './stream/tail-component.ts';

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

/** The one clock of a server: every component that reads the time gets it from here. */
export async function startServer(config: Config, logger: Logger, clock: Clock = systemClock): Promise<RunningServer> {
  const https = await loadHttpsOptions(config.http.tls); // first: a bad certificate stops the start before anything is created
  let phase: LifecyclePhase = 'starting';
  const metrics = createMetrics();
  const parts = components(config, { logger, metrics, clock, https, health: () => health() });
  const runner = new ComponentRunner(parts.all, { stopTimeoutMs: config.storage.stopTimeoutMs, logger });
  const health = (): HealthState => ({ phase, readOnlyReason: parts.diskGuard.readOnlyReason, components: runner.health() });
  await runner.start(); // a failure stops what started, in reverse, and the lock is released last
  const { store, ledger, http, listeners } = parts;
  const ledgerOn = ledger ? ledger.ledger : undefined;
  // Stored before the server reports ready, so a start is on record even if it is killed at once.
  await parts.record('logwarden-started', `logwarden started (storage: ${store.store.description}; ledger: ${ledgerOn ? ledgerOn.origin : 'off'})`);
  phase = 'ready';
  const addresses = Object.fromEntries(listeners.map((listener) => [ADDRESS_KEYS[listener.name] as string, listener.address]));
  logger.info(
    { http: http.url, ...addresses, storage: store.store.description, ledger: ledgerOn ? { origin: ledgerOn.origin, size: ledgerOn.size } : 'off', components: runner.names },
    'logwarden is ready',
  );
  const initialTokenPath = parts.access.initialTokenPath;
  return {
    httpUrl: http.url,
    ...addresses,
    ...(initialTokenPath ? { initialTokenPath } : {}),
    async stop() {
      phase = 'stopping';
      // Queued before the listeners close, so the stop is on record even when one is slow to close;
      // the pipeline writes it as it drains, before the ledger's final checkpoint.
      const stopRecorded = parts.record('logwarden-stopped', 'logwarden stopping: listeners close, queued events are written, a final checkpoint follows');
      await runner.stop();
      await stopRecorded;
    },
  };
}

/** The RunningServer field of each listener's address. */
const ADDRESS_KEYS: Readonly<Record<string, keyof RunningServer>> = { 'syslog.tcp': 'syslogTcp', 'syslog.udp': 'syslogUdp', 'syslog.tls': 'syslogTls', 'syslog.relp': 'relp' };

interface Runtime {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly https: tls.SecureContextOptions | undefined;
  readonly health: () => HealthState;
}

interface Parts {
  readonly all: readonly (
    | DataDirComponent
    | StoreComponent
    | LedgerComponent
    | PipelineComponent
    | DetectionComponent
    | TailComponent
    | DiskGuardComponent
    | AccessComponent
    | AlertingComponent
    | HttpComponent
    | ListenerComponent
  )[];
  readonly store: StoreComponent;
  readonly ledger: LedgerComponent | undefined;
  readonly diskGuard: DiskGuardComponent;
  readonly access: AccessComponent;
  readonly http: HttpComponent;
  readonly listeners: readonly ListenerComponent[];
  readonly record: RecordInternal;
}

/** Every component of a server, each given the components it depends on. */
function components(config: Config, runtime: Runtime): Parts {
  const { logger, metrics, clock } = runtime;
  const dataDir = new DataDirComponent(config.dataDir, logger);
  const store = new StoreComponent(config, dataDir, clock);
  const ledger = config.ledger.enabled ? new LedgerComponent(config, store, logger, clock) : undefined;
  // The clock check records skew episodes through the pipeline it prepares events for: bound late.
  const recordLater: RecordInternal = (action, message) => record(action, message);
  const preparation = configuredPreparation(config, { metrics, clock, record: recordLater });
  const pipeline = new PipelineComponent({ ...config.storage, node: config.node, preparation }, store, ledger, { metrics, logger, clock });
  const record = internalRecorder(() => pipeline.pipeline, clock, logger);
  const diskGuard = new DiskGuardComponent(config, pipeline, record, { metrics, logger });
  const access = new AccessComponent(config, { name: pipeline.name, sink: () => pipeline.pipeline }, record, { logger, clock, metrics });
  // Off only to measure its cost (config detection.enabled).
  const detection = config.detection.enabled ? new DetectionComponent(config, store, pipeline, { metrics, logger, clock }) : undefined;
  // Links in notifications name the HTTP listener unless alerts.url says where people reach it; bound late, as it listens after alerting starts.
  const alerting = new AlertingComponent(config, store, pipeline, access, { metrics, logger, clock, baseUrl: (): string => http.urlOrConfigured });
  // Live tail: fed by its consumer of the stored stream, never by queries per client.
  const tail = new TailComponent(store, pipeline);
  // Listeners and the API get a third of the stop time to close: a client holding its connection
  // open must not keep queued events from being written and checkpointed.
  const grace = config.storage.stopTimeoutMs / 3;
  const accepting = [pipeline.name, diskGuard.name];
  const http: HttpComponent = new HttpComponent(
    {
      ...{ config, metrics, logger, clock, record, https: runtime.https, health: runtime.health },
      parts: () => ({
        store: store.store,
        engine: store.engine,
        ledger: ledger?.ledger,
        pipeline: pipeline.pipeline,
        access: access.services,
        preparation,
        alerting,
        tail: tail.hub,
        ...(detection ? { detection } : {}),
      }),
    },
    [...accepting, access.name, alerting.name, tail.name, ...(ledger ? [ledger.name] : []), ...(detection ? [detection.name] : [])],
    grace,
  );
  const listeners = listenerComponents(config, { pipeline: () => pipeline.pipeline, metrics, clock, logger }, accepting, grace);
  return {
    all: [dataDir, store, ...(ledger ? [ledger] : []), pipeline, ...(detection ? [detection] : []), tail, diskGuard, access, alerting, http, ...listeners],
    store,
    ledger,
    diskGuard,
    access,
    http,
    listeners,
    record,
  };
}
