// The configuration schema: one zod schema, the single source of defaults and validation for the
// YAML file and the `serve` flags. docs/configuration.md documents every key.
import { hostname } from 'node:os';
import { z } from 'zod';
import { parseListenAddress } from './address.ts';
import { parseSize } from './size.ts';
import { systemsSchema, timeZone } from './systems-schema.ts';
import { accessSchema } from './access-schema.ts';
import { checkRoleReferences, maskingProfileNames } from '../access/roles-schema.ts';
import { alertsSchema } from '../alerts/alerts-schema.ts';
import { channelMaskingProfiles, notificationsSchema } from '../notify/notifications-schema.ts';

const listenAddress = (message: string) => z.string().refine((text) => parseListenAddress(text) !== undefined, { message });
const listen = listenAddress('expected HOST:PORT, e.g. 127.0.0.1:5514 or [::1]:5514');
const SWITCHABLE_LISTEN = 'expected HOST:PORT, e.g. 127.0.0.1:5514, or false (or null) to switch the listener off';

/** A size in bytes, written as a number or a string like "512MiB". */
const size = z.union([z.number(), z.string()], { error: 'expected a size such as 65536, "64KiB" or "2GiB"' }).transform((value, ctx) => {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as 65536, "64KiB" or "2GiB", found ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return bytes;
});

/** A listener that can be switched off with `false` or `null`. */
const optionalListen = z.union([listenAddress(SWITCHABLE_LISTEN), z.literal(false), z.null()], { error: SWITCHABLE_LISTEN }).transform((v) => (v === false ? null : v));

export const configSchema = z
  .object({
    dataDir: z.string().min(1, 'expected the path of a directory').default('./data'),
    /** This node's name: stamped on every event (`logwarden.node`) and keying its ledger. */
    node: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'expected a node name of letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit')
      .default(() => defaultNodeName()),
    http: z
      .object({
        listen: listen.default('127.0.0.1:9280'),
        /** Largest accepted request body after decompression. */
        maxBodyBytes: size.default(16 * 1024 * 1024),
        /** HTTPS for the API: PEM certificate (chain) and key, both or neither; loaded at start. */
        tls: z
          .object({ cert: z.string().min(1).optional(), key: z.string().min(1).optional() })
          .strict()
          .superRefine((tls, ctx) => {
            if ((tls.cert === undefined) === (tls.key === undefined)) return;
            const missing = tls.cert === undefined ? 'cert' : 'key';
            ctx.addIssue({ code: 'custom', path: [missing], message: `required with http.tls.${missing === 'cert' ? 'key' : 'cert'} (flag --http-tls-${missing})` });
          })
          .prefault({}),
        /** Failed authentications per peer address before that address is refused for a while. */
        authThrottle: z
          .object({
            /** Failures within windowSeconds that lock the address out; 0 switches throttling off. */
            maxFailures: z.number().int().min(0).max(1_000_000).default(10),
            windowSeconds: z.number().int().min(1).max(86_400).default(60),
            /** How long a locked-out address is refused on every route but /healthz, even with a valid token. */
            lockoutSeconds: z.number().int().min(1).max(86_400).default(300),
            /** Addresses tracked at most (memory bound); the stalest is forgotten first. */
            maxPeers: z.number().int().min(1).max(1_000_000).default(10_000),
          })
          .strict()
          .prefault({}),
        /** Largest search answer: a longer page is cut short and carries a cursor to the rest. */
        maxResponseBytes: size
          .pipe(
            z
              .number()
              .int()
              .min(64 * 1024),
          )
          .default(8 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    syslog: z
      .object({
        tcp: optionalListen.default('127.0.0.1:5514'),
        udp: optionalListen.default('127.0.0.1:5514'),
        /** Open connections each stream listener (TCP, TLS, RELP) accepts; more are closed at once. */
        maxConnections: z.number().int().min(1).max(1_000_000).default(1000),
        /** A stream connection that sends nothing for this long is closed; 0 keeps idle connections open. */
        idleTimeoutSeconds: z.number().int().min(0).max(86_400).default(600),
        /** Receive buffer asked of the kernel for the UDP socket (capped by net.core.rmem_max). */
        udpReceiveBufferBytes: size
          .pipe(
            z
              .number()
              .int()
              .min(4096)
              .max(2 ** 31 - 1),
          )
          .default(8 * 1024 * 1024),
        /** Syslog over TLS (RFC 5425): off unless a listener is given, and then cert and key are required. */
        tls: z
          .object({
            listen: optionalListen.default(null),
            /** PEM files: server certificate (chain) and private key; reloaded when they change. */
            cert: z.string().min(1, 'expected the path of a PEM file').optional(),
            key: z.string().min(1, 'expected the path of a PEM file').optional(),
            /** PEM file of the CA(s) for client certificates: when set, clients must present one. */
            clientCa: z.string().min(1, 'expected the path of a PEM file').optional(),
            /** How often the files are checked for a new certificate. */
            reloadIntervalMs: z.number().int().min(100).max(3_600_000).default(5000),
          })
          .strict()
          .superRefine((tls, ctx) => {
            if (tls.listen === null) return;
            for (const file of ['cert', 'key'] as const) {
              if (tls[file] === undefined) ctx.addIssue({ code: 'custom', path: [file], message: `required when syslog.tls.listen is set (flag --tls-${file})` });
            }
          })
          .prefault({}),
        /** RELP (rsyslog's acknowledged protocol): off unless a listener is given. */
        relp: z
          .object({
            listen: optionalListen.default(null),
            /** RELP over TLS, with the certificate, key and client CA of syslog.tls. */
            tls: z.boolean().default(false),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .superRefine((syslog, ctx) => {
        if (syslog.relp.listen === null || !syslog.relp.tls) return;
        for (const file of ['cert', 'key'] as const) {
          if (syslog.tls[file] === undefined) ctx.addIssue({ code: 'custom', path: ['tls', file], message: `required when syslog.relp.tls is true (flag --tls-${file})` });
        }
      })
      .prefault({}),
    ingest: z
      .object({
        /** Longer events (syslog frames, JSON lines) are kept up to this size and flagged `logwarden.truncated`. */
        maxEventBytes: size.default(64 * 1024),
        /**
         * Events one HTTP ingest request may carry (NDJSON lines or array elements, _bulk documents,
         * OTLP log records); more is refused with 413 before any is decoded. May exceed
         * storage.queueMaxEvents: a request larger than the queue is stored in parts as room frees.
         */
        maxEventsPerRequest: z.number().int().min(1).max(10_000_000).default(100_000),
        /** Zone for timestamps that carry none (RFC 3164). */
        defaultTimezone: timeZone.default('UTC'),
        /** Zone for timestamps that carry none, per listener (HOST:PORT as configured); a system's own zone wins. */
        listenerTimezones: z.record(listen, timeZone).default({}),
        /** The per-program parsers (docs/parsers.md); off only to measure their cost. */
        parsers: z.boolean().default(true),
        /** Senders' clocks (R-FIELDS-2): an event whose @timestamp is this far from its receipt is flagged logwarden.time.skew_ms. */
        clockSkew: z
          .object({
            thresholdSeconds: z
              .number()
              .int()
              .min(1)
              .max(86_400 * 366)
              .default(120),
            /** Sources whose skew is tracked at once (memory bound); the stalest is forgotten first. */
            maxSources: z.number().int().min(1).max(1_000_000).default(10_000),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    storage: z
      .object({
        /** A ClickHouse server instead of the embedded engine. */
        clickhouse: z
          .object({
            url: z.url(),
            username: z.string().default('default'),
            password: z.string().default(''),
            database: z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a plain identifier')
              .default('logwarden'),
          })
          .strict()
          .optional(),
        /** Events buffered before a write; a write also happens after maxDelayMs. */
        batchMaxEvents: z.number().int().min(1).max(1_000_000).default(10_000),
        batchMaxDelayMs: z.number().int().min(1).max(60_000).default(20),
        /** Events waiting for storage before sources push back (TCP stops reading, HTTP 503). */
        queueMaxEvents: z.number().int().min(1).default(50_000),
        /** Below this much free space on the data dir's filesystem, logwarden stops accepting events. */
        minFreeDisk: size.default(1024 ** 3),
        /** How often free space is checked. */
        diskCheckIntervalMs: z.number().int().min(50).max(60_000).default(1000),
        /** A clean stop that takes longer than this exits anyway (acknowledged data is already durable). */
        stopTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      })
      .strict()
      .prefault({}),
    ledger: z
      .object({
        /** Off only for measuring its cost: records stored without it have no leaf until it is back on. */
        enabled: z.boolean().default(true),
        /** Shortest time between checkpoints while records arrive. */
        checkpointIntervalMs: z.number().int().min(100).max(60_000).default(1000),
        /** A checkpoint is signed this often even when idle. */
        idleCheckpointSeconds: z.number().int().min(1).max(86_400).default(60),
      })
      .strict()
      .prefault({}),
    search: z
      .object({
        /** Time limit of each search, count or aggregation in the engine (fractions allowed). */
        maxQuerySeconds: z.number().positive().max(3600).default(30),
        /**
         * Searches the engine runs at once, each on its own engine session. Each holds one of
         * libuv's worker threads (UV_THREADPOOL_SIZE, default 4) while it runs, and inserts need
         * one too: keep it at least 2 below the pool size, or searches hold up acknowledgements.
         */
        maxConcurrent: z.number().int().min(1).max(64).default(2),
        /** Searches waiting for a free slot; more than this at once are answered 429. */
        maxQueued: z.number().int().min(0).max(10_000).default(16),
      })
      .strict()
      .prefault({}),
    /** Detection (docs/detection.md): Sigma rules and correlations on the stream and over stored data. */
    detection: z
      .object({
        /** Off only to measure its cost: without it nothing looks at the stored events. */
        enabled: z.boolean().default(true),
        /** The shipped rule pack (rules/logwarden/). */
        pack: z.boolean().default(true),
        /** Directories of Sigma rules (e.g. a checkout of SigmaHQ's rules), loaded as they are; each rule loads or is listed with why not. */
        rules: z.array(z.string().min(1, 'expected the path of a directory')).default([]),
        /** Values for the `expand` modifier's %name% placeholders. */
        placeholders: z.record(z.string().min(1), z.array(z.string())).default({}),
        /** Events this much older (event time) than the newest seen still count in correlation windows. */
        latenessSeconds: z.number().int().min(0).max(86_400).default(60),
        /** Sequence numbers of evidence kept per detection. */
        maxEvidence: z.number().int().min(1).max(10_000).default(100),
        /** How often silence (a system or source that stopped sending) is checked. */
        tickSeconds: z.number().int().min(1).max(3600).default(10),
      })
      .strict()
      .prefault({}),
    /** The systems inventory (docs/systems.md): where each event is placed (logwarden.system). */
    systems: systemsSchema,
    /** People and their access (docs/access.md): custom roles, masking profiles, sign-in, single sign-on. */
    access: accessSchema,
    /** Alerts (docs/alerting.md): how detections group into alerts, and the notification times. */
    alerts: alertsSchema,
    /** Notification channels, routes and escalation policies (docs/alerting.md). */
    notifications: notificationsSchema,
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine(checkRoleReferences)
  .superRefine((config, ctx) => {
    // A channel's masking profile must exist, or what it sends would silently go unmasked.
    const profiles = maskingProfileNames(config.access.masking);
    for (const { path, profile } of channelMaskingProfiles(config.notifications)) {
      if (!profiles.includes(profile)) ctx.addIssue({ code: 'custom', path, message: `no masking profile "${profile}": expected one of ${profiles.join(', ')}` });
    }
  });

/** The configuration file as written (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** The loaded configuration, every default filled in. Passed down as a plain object. */
export type Config = z.output<typeof configSchema>;

/** The host name, cut to what a node name allows, so a default start needs no naming. */
function defaultNodeName(): string {
  const name = hostname()
    .replaceAll(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return name === '' ? 'logwarden' : name;
}
