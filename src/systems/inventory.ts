// The systems inventory at work (docs/systems.md): the first configured system whose match rules
// all fit how an event arrived names its `logwarden.system`; `unassigned` when none does. Only
// what the server itself recorded about the arrival is read (the source identity, listener and
// peer it stamped, and the host and app names), never a `logwarden.system` a sender wrote: the
// JSON normaliser moves such a claim to a label before the inventory is asked. Runs for every
// event, so the rules are compiled once and the answers for recent arrivals are kept.
import { isIP } from 'node:net';
import { formatListenAddress, parseListenAddress } from '../config/address.ts';
import { addressWords, PeerRanges, peerAddress } from '../config/peer-range.ts';
import type { SystemConfig } from '../config/systems-schema.ts';
import type { LogEvent } from '../schema/event.ts';
import { UNASSIGNED_SYSTEM } from '../transforms/server-fields.ts';
import { HostGlob } from './glob.ts';

/** The system an event was placed in, and what the pipeline needs of it. */
export interface AssignedSystem {
  readonly name: string;
  /** Zone for timestamps that carry none (RFC 3164), when the system has one. */
  readonly timezone?: string;
}

export const UNASSIGNED: AssignedSystem = { name: UNASSIGNED_SYSTEM };

/** What the rules look at, read once per event. */
export interface Arrival {
  readonly identity: string;
  readonly listener: string;
  /** The peer's address without its port. */
  readonly peer: string;
  /** Lower-case. */
  readonly host: string;
  /** Lower-case syslog APP-NAME and service.name. */
  readonly appname: string;
  readonly service: string;
  /** The peer's address as words (peer-range.ts), null when it is none; parsed on first use by a peer rule. */
  peerWords?: readonly number[] | null;
}

type Rule = (arrival: Arrival) => boolean;

interface CompiledSystem {
  readonly assigned: AssignedSystem;
  /** Every rule must fit; none at all: the system matches nothing. */
  readonly rules: readonly Rule[];
}

/**
 * Distinct arrivals remembered; past it the memory starts afresh (a sweep of many peers cannot
 * grow it). Measured over 20 systems on a loaded 2-core machine: 4.5 µs an event matched afresh
 * (41 µs when peer rules used node:net's BlockList), 1.4 µs from the cache; senders repeat their
 * arrival for every line, so nearly all are hits.
 */
const CACHE_ENTRIES = 4096;
/** Longest key remembered: the memory stays under a few MiB whatever names senders write. */
const CACHE_KEY_CHARS = 512;

export class SystemsInventory {
  readonly systems: readonly SystemConfig[];
  readonly #compiled: readonly CompiledSystem[];
  readonly #cache = new Map<string, AssignedSystem>();

  constructor(systems: readonly SystemConfig[]) {
    this.systems = systems;
    this.#compiled = systems.map(compileSystem);
  }

  /** The systems whose entry has no match rules: no event is ever placed in them. */
  get unmatchable(): readonly string[] {
    return this.#compiled.filter((system) => system.rules.length === 0).map((system) => system.assigned.name);
  }

  /** The first system whose rules match the event; `unassigned` when none does. */
  assign(event: Readonly<LogEvent>): AssignedSystem {
    if (this.#compiled.length === 0) return UNASSIGNED;
    const arrival = arrivalOf(event);
    // Each part length-prefixed: no host or app name a sender writes can make two arrivals one key.
    const key = `${arrival.identity.length}:${arrival.identity}${arrival.listener.length}:${arrival.listener}${arrival.peer.length}:${arrival.peer}${arrival.host.length}:${arrival.host}${arrival.appname.length}:${arrival.appname}${arrival.service}`;
    const known = this.#cache.get(key);
    if (known !== undefined) return known;
    const assigned = this.match(arrival);
    if (key.length > CACHE_KEY_CHARS) return assigned; // a sender's very long names are matched each time, not kept
    if (this.#cache.size >= CACHE_ENTRIES) this.#cache.clear();
    this.#cache.set(key, assigned);
    return assigned;
  }

  /** The first system whose rules all fit the arrival (uncached). */
  match(arrival: Arrival): AssignedSystem {
    for (const system of this.#compiled) if (system.rules.length > 0 && system.rules.every((rule) => rule(arrival))) return system.assigned;
    return UNASSIGNED;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function arrivalOf(event: Readonly<LogEvent>): Arrival {
  return {
    identity: text(event['logwarden.source.identity']),
    listener: text(event['logwarden.source.listener']),
    peer: peerAddress(text(event['logwarden.source.peer'])),
    host: text(event['host.name']).toLowerCase(),
    appname: text(event['log.syslog.appname']).toLowerCase(),
    service: text(event['service.name']).toLowerCase(),
  };
}

function compileSystem(system: SystemConfig): CompiledSystem {
  const { identity, listener, peer, host, app } = system.match;
  const rules: Rule[] = [];
  if (identity) {
    const names = new Set(identity);
    rules.push((arrival) => names.has(arrival.identity));
  }
  if (listener) {
    const listeners = new Set(listener.flatMap(listenerForms));
    rules.push((arrival) => listeners.has(arrival.listener));
  }
  if (peer) {
    const ranges = new PeerRanges(peer);
    rules.push((arrival) => {
      const words = peerWords(arrival);
      return words !== undefined && ranges.has(words);
    });
  }
  if (host) {
    const globs = host.map((glob) => new HostGlob(glob));
    rules.push((arrival) => arrival.host !== '' && globs.some((glob) => glob.matches(arrival.host)));
  }
  if (app) {
    const apps = new Set(app.map((name) => name.toLowerCase()));
    rules.push((arrival) => (arrival.appname !== '' && apps.has(arrival.appname)) || (arrival.service !== '' && apps.has(arrival.service)));
  }
  const assigned: AssignedSystem = system.timezone === undefined ? { name: system.name } : { name: system.name, timezone: system.timezone };
  return { assigned, rules };
}

/** The peer's address as words, parsed once per arrival however many peer rules ask. */
function peerWords(arrival: Arrival): readonly number[] | undefined {
  if (arrival.peerWords === undefined) arrival.peerWords = addressWords(arrival.peer) ?? null;
  return arrival.peerWords ?? undefined;
}

/**
 * The forms a configured listener takes in `logwarden.source.listener`: the syslog sources write
 * the address they bound (`127.0.0.1:5514`, `[::1]:5514`, IPv6 in its shortest form), the HTTP
 * sources the configured text. `localhost` stands for both loopback addresses as well.
 */
export function listenerForms(configured: string): string[] {
  const address = parseListenAddress(configured);
  if (address === undefined) return [configured];
  const host = address.host.toLowerCase();
  const canonical = isIP(host) === 6 ? new URL(`http://[${host}]/`).hostname.slice(1, -1) : host;
  const forms = new Set([configured.trim(), formatListenAddress({ host: canonical, port: address.port })]);
  if (host === 'localhost') for (const loopback of ['127.0.0.1', '::1']) forms.add(formatListenAddress({ host: loopback, port: address.port }));
  return [...forms];
}
