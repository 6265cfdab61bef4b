// Senders' clocks (R-FIELDS-2). For every source event, after its system is known: a timestamp
// that carried no zone (RFC 3164) is read again in the system's, the listener's or the default
// zone; then the skew @timestamp − event.ingested is tracked per source (a rolling median for
// /metrics and the systems list), an event beyond the threshold is flagged
// `logwarden.time.skew_ms`, and an episode of a source's clock being off is told once, when it
// starts and when it ends, as a logwarden event. docs/normalisation.md#senders-clocks says why
// each rule is what it is.
import { formatListenAddress, parseListenAddress } from '../config/address.ts';
import type { RecordInternal } from '../ingest/internal-events.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { LogEvent } from '../schema/event.ts';
import { bsdInstantInZone, wallClockInstant } from '../transforms/local-time.ts';
import { zonelessTime } from '../transforms/zoneless.ts';
import type { AssignedSystem } from './inventory.ts';

/** One source's clock as seen here, for /metrics and the systems list. */
export interface SourceSkew {
  /** The source's key (see clock-skew.ts): host name, else the peer's address. */
  readonly source: string;
  readonly system: string;
  /** Rolling median of @timestamp − event.ingested, ms; positive when the sender is ahead. */
  readonly medianMs: number;
  readonly samples: number;
  /** When its last event was received (epoch ms). */
  readonly lastSeen: number;
  /** True while an episode is open: its clock was told to be off and has not been told back. */
  readonly skewed: boolean;
  /** The zone its last zoneless timestamp was read in; undefined when its last timestamp had a zone. */
  readonly zone?: string;
}

export interface ClockCheckOptions {
  /** Beyond this |skew| an event is flagged (ingest.clockSkew.thresholdSeconds). */
  readonly thresholdSeconds: number;
  /** Sources tracked at once; the stalest is forgotten first (ingest.clockSkew.maxSources). */
  readonly maxSources: number;
  /** ingest.defaultTimezone */
  readonly defaultTimezone: string;
  /** ingest.listenerTimezones: HOST:PORT → zone. */
  readonly listenerTimezones: Readonly<Record<string, string>>;
  readonly metrics?: Pick<Metrics, 'clockSkew' | 'clockSkewed'>;
  /** Stores the episodes' logwarden events; called from a microtask, never from inside check(). */
  readonly record?: RecordInternal;
}

/** Samples in each source's rolling window (odd, so the median is one of them). */
export const SKEW_WINDOW = 101;
/** A negative skew (the event is old) must hold this long, at a steady value, to open an episode. */
export const STEADY_MS = 10_000;
/** Consecutive in-range events that close an episode. */
export const RESOLVE_AFTER = 10;
/** The gauge of a source is refreshed at most this often (and on its first sample). */
const GAUGE_REFRESH_MS = 5_000;
const MAX_KEY_LENGTH = 255;

const DEFAULTS: ClockCheckOptions = { thresholdSeconds: 120, maxSources: 10_000, defaultTimezone: 'UTC', listenerTimezones: {} };

interface SourceState {
  system: string;
  readonly window: Float64Array;
  samples: number;
  lastSeen: number;
  gaugeAt: number;
  zone: string | undefined;
  skewed: boolean;
  /** The current run of beyond-threshold samples of one sign and a steady value. */
  run: { readonly sign: number; readonly skew: number; readonly at: number } | undefined;
  inRange: number;
  /** Its logwarden_events_clock_skewed_total series, bound once (labels hashed once, not per event). */
  flagged: { inc(): void } | undefined;
}

export class ClockCheck {
  readonly #options: ClockCheckOptions;
  readonly #thresholdMs: number;
  readonly #listenerZones = new Map<string, string>();
  /** Listeners configured with port 0 ("any free port"): their zone applies to the host's listeners. */
  readonly #anyPortZones = new Map<string, string>();
  /** Insertion order is recency: a source is re-inserted when it sends, so the first is the stalest. */
  readonly #sources = new Map<string, SourceState>();

  constructor(options: Partial<ClockCheckOptions> = {}) {
    this.#options = { ...DEFAULTS, ...options };
    this.#thresholdMs = this.#options.thresholdSeconds * 1000;
    for (const [listener, zone] of Object.entries(this.#options.listenerTimezones)) {
      const address = parseListenAddress(listener);
      if (!address) continue; // the config schema refuses these
      if (address.port === 0) this.#anyPortZones.set(address.host, zone);
      else this.#listenerZones.set(formatListenAddress(address), zone);
    }
  }

  /** Read a zoneless timestamp in its zone, then track and flag the event's skew. */
  check(event: LogEvent, system: AssignedSystem): void {
    if (event['logwarden.source.protocol'] === 'internal') return;
    const zone = this.#readInZone(event, system);
    const timestamp = event['@timestamp'];
    const received = event['event.ingested'];
    if (typeof timestamp !== 'number' || typeof received !== 'number' || !Number.isFinite(timestamp - received)) return;
    // An event without a time of its own was stamped with its receipt: it tells nothing of a clock.
    // (A zoneless one had a time of its own, even when its zone puts it exactly at its receipt.)
    if (timestamp === received && zone === undefined) return;
    const key = sourceKey(event);
    if (key === undefined) return;
    const skew = Math.round(timestamp - received);
    const state = this.#touch(key, system.name, received, zone);
    state.window[state.samples % SKEW_WINDOW] = skew;
    state.samples++;
    const beyond = Math.abs(skew) > this.#thresholdMs;
    if (beyond) {
      event['logwarden.time.skew_ms'] = skew;
      state.flagged ??= this.#options.metrics?.clockSkewed.labels({ source: key });
      state.flagged?.inc();
    }
    this.#follow(key, state, { skew, beyond, timestamp, received, zoneless: zone !== undefined });
    if (state.samples === 1 || received - state.gaugeAt >= GAUGE_REFRESH_MS) this.#refreshGauge(key, state, received);
  }

  /** Every tracked source, stalest first; refreshes their gauges. */
  sources(): readonly SourceSkew[] {
    return [...this.#sources].map(([source, state]) => {
      const medianMs = this.#refreshGauge(source, state, state.lastSeen);
      const skew = { source, system: state.system, medianMs, samples: state.samples, lastSeen: state.lastSeen, skewed: state.skewed };
      return state.zone === undefined ? skew : { ...skew, zone: state.zone };
    });
  }

  /** The zone of the event's listener, when one is configured for it. */
  listenerZone(listener: string): string | undefined {
    const exact = this.#listenerZones.get(listener);
    if (exact !== undefined || this.#anyPortZones.size === 0) return exact;
    const address = parseListenAddress(listener);
    return address && this.#anyPortZones.get(address.host);
  }

  /** A zoneless @timestamp (its wall clock read as UTC) read in its zone; returns that zone, or undefined when it had one. */
  #readInZone(event: LogEvent, system: AssignedSystem): string | undefined {
    const time = zonelessTime(event);
    if (!time) return undefined;
    const zone = system.timezone ?? this.listenerZone(String(event['logwarden.source.listener'] ?? '')) ?? this.#options.defaultTimezone;
    const wall = event['@timestamp'];
    const received = event['event.ingested'];
    if (zone === 'UTC' || typeof wall !== 'number') return zone;
    event['@timestamp'] = time.yearInferred && typeof received === 'number' ? bsdInstantInZone(wall, received, zone) : wallClockInstant(wall, zone);
    return zone;
  }

  #touch(key: string, system: string, received: number, zone: string | undefined): SourceState {
    let state = this.#sources.get(key);
    if (state) this.#sources.delete(key);
    else {
      if (this.#sources.size >= this.#options.maxSources) this.#evictStalest();
      state = { system, window: new Float64Array(SKEW_WINDOW), samples: 0, lastSeen: received, gaugeAt: -Infinity, zone, skewed: false, run: undefined, inRange: 0, flagged: undefined };
    }
    this.#sources.set(key, state);
    state.system = system;
    state.lastSeen = received;
    state.zone = zone;
    return state;
  }

  #evictStalest(): void {
    const stalest = this.#sources.keys().next();
    if (stalest.done) return;
    this.#sources.delete(stalest.value);
    // Label values are only ever tracked sources, so the metrics stay as bounded as this map.
    this.#options.metrics?.clockSkew.remove({ source: stalest.value });
    this.#options.metrics?.clockSkewed.remove({ source: stalest.value });
  }

  /**
   * Episodes. A sender ahead of the server opens one at its first event beyond the threshold (no
   * backlog is in the future). An event behind it may be a backlog replayed after an outage rather
   * than a wrong clock: those are flagged but open one only when the skew stays steady (within the
   * threshold of where the run started) for STEADY_MS of receipt time, which a replay, whose skew
   * shrinks as it catches up, does not. RESOLVE_AFTER consecutive events within the threshold close it.
   */
  #follow(key: string, state: SourceState, sample: { skew: number; beyond: boolean; timestamp: number; received: number; zoneless: boolean }): void {
    if (!sample.beyond) {
      state.run = undefined;
      state.inRange++;
      if (state.skewed && state.inRange >= RESOLVE_AFTER) {
        state.skewed = false;
        this.#tell('clock-skew-resolved', `source ${key} (system ${state.system}) clock is back within ${this.#options.thresholdSeconds} s of the server's: its last ${RESOLVE_AFTER} events were`);
      }
      return;
    }
    state.inRange = 0;
    const sign = Math.sign(sample.skew);
    const run = state.run;
    if (!run || run.sign !== sign || Math.abs(sample.skew - run.skew) > this.#thresholdMs) state.run = { sign, skew: sample.skew, at: sample.received };
    if (state.skewed || (sign < 0 && sample.received - (state.run?.at ?? sample.received) < STEADY_MS)) return;
    state.skewed = true;
    this.#tell('clock-skew-detected', detectedMessage(key, state, sample));
  }

  #tell(action: 'clock-skew-detected' | 'clock-skew-resolved', message: string): void {
    const record = this.#options.record;
    // Deferred: check() runs inside a pipeline submit, and a nested submit would take sequence
    // numbers in the middle of it (prepare.ts).
    if (record) queueMicrotask(() => void record(action, message));
  }

  /** Sets the source's gauge to its median; returns the median. */
  #refreshGauge(key: string, state: SourceState, at: number): number {
    const median = medianOf(state.window.subarray(0, Math.min(state.samples, SKEW_WINDOW)));
    state.gaugeAt = at;
    this.#options.metrics?.clockSkew.set({ source: key }, median);
    return median;
  }
}

/** The median of the samples (the mean of the middle two for an even count), rounded to ms; 0 for none. */
export function medianOf(samples: Float64Array): number {
  if (samples.length === 0) return 0;
  const sorted = samples.slice().sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}

/** host.name when the event names one, else the peer's address without its port, else the sender's identity. */
export function sourceKey(event: LogEvent): string | undefined {
  const host = event['host.name'];
  if (typeof host === 'string' && host !== '') return host.toLowerCase().slice(0, MAX_KEY_LENGTH);
  const peer = event['logwarden.source.peer'];
  if (typeof peer === 'string' && peer !== '') return peerAddress(peer).slice(0, MAX_KEY_LENGTH);
  const identity = event['logwarden.source.identity'];
  return typeof identity === 'string' && identity !== '' ? identity.slice(0, MAX_KEY_LENGTH) : undefined;
}

/** `[::1]:514` → `::1`, `192.0.2.7:514` and HTTP's unbracketed `::1:8080` → the address. */
function peerAddress(peer: string): string {
  const bracketed = /^\[([^\]]*)\]:\d*$/.exec(peer);
  if (bracketed) return bracketed[1] ?? peer;
  const colon = peer.lastIndexOf(':');
  return colon > 0 && /^\d*$/.test(peer.slice(colon + 1)) ? peer.slice(0, colon) : peer;
}

function detectedMessage(key: string, state: SourceState, sample: { skew: number; timestamp: number; received: number; zoneless: boolean }): string {
  const seconds = Math.round(sample.skew / 1000);
  const readable = Math.abs(sample.skew) < 3_600_000 ? `${(sample.skew / 60_000).toFixed(1)} min` : `${(sample.skew / 3_600_000).toFixed(1)} h`;
  const off = `${seconds > 0 ? '+' : ''}${seconds} s (${readable})`;
  const text = `source ${key} (system ${state.system}) clock is off by ${off}: @timestamp ${new Date(sample.timestamp).toISOString()} received ${new Date(sample.received).toISOString()}`;
  if (!sample.zoneless) return text;
  if (state.zone === 'UTC') return `${text}; RFC 3164 timestamps carry no zone and were read as UTC: set a timezone for the system or listener`;
  return `${text}; its timestamps carry no zone and were read in ${state.zone ?? 'UTC'}`;
}
