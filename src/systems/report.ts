// What the systems routes answer, assembled from the inventory, the store's counts
// (src/store/system-stats.ts) and the clock check's per-source medians. No I/O of its own.
import type { CoverageResponse, SystemSourceContract, SystemSummaryContract } from '../contracts/systems.ts';
import type { SystemConfig } from '../config/systems-schema.ts';
import { inScope, type Scope } from '../query/scope.ts';
import type { CoverageCounts, SourceActivity, SourceKey, SystemActivity, SystemCoverage } from '../store/system-stats.ts';
import type { SourceSkew } from './clock-skew.ts';
import { REQUIRED_FIELDS } from './required-fields.ts';

/** The clock check's key for a sender: its host name, else its peer's address (see clock-skew.ts). */
export function clockSourceKey(source: SourceKey): string {
  return source.host !== '' ? source.host : source.peer;
}

export interface ListInputs {
  readonly configured: readonly SystemConfig[];
  readonly scope: Scope;
  readonly systems: readonly SystemActivity[];
  readonly sources: readonly SourceActivity[];
  readonly skews: readonly SourceSkew[];
}

/** Every configured system in scope (in inventory order), then every other name with events (unassigned, logwarden, former systems). */
export function systemSummaries(inputs: ListInputs): SystemSummaryContract[] {
  const activity = new Map(inputs.systems.map((system) => [system.system, system]));
  const skews = new Map(inputs.skews.map((skew) => [`${skew.system}\0${skew.source}`, skew]));
  const sourcesOf = (name: string): SystemSourceContract[] =>
    inputs.sources.filter((source) => source.system === name).map((source) => sourceSummary(source, skews.get(`${name}\0${clockSourceKey(source)}`)));
  const configured = inputs.configured.filter((system) => inScope(inputs.scope, system.name));
  const names = new Set(configured.map((system) => system.name));
  const others = inputs.systems.filter((system) => !names.has(system.system) && inScope(inputs.scope, system.system)).map((system) => system.system);
  const summary = (name: string, config: SystemConfig | undefined): SystemSummaryContract => {
    const seen = activity.get(name);
    const sources = sourcesOf(name);
    const sourceCount = seen?.sourcesToday ?? 0;
    return {
      name,
      configured: config !== undefined,
      owner: config?.owner ?? '',
      description: config?.description ?? '',
      match: config?.match ?? {},
      ...(config?.timezone === undefined ? {} : { timezone: config.timezone }),
      eventsToday: seen?.eventsToday ?? 0,
      lastSeen: seen?.lastSeen === undefined ? null : new Date(seen.lastSeen).toISOString(),
      sourceCount,
      sources,
      moreSources: Math.max(0, sourceCount - sources.length),
      worstSkewMs: worstSkew(inputs.skews.filter((skew) => skew.system === name)),
    };
  };
  return [...configured.map((system) => summary(system.name, system)), ...others.map((name) => summary(name, undefined))];
}

function sourceSummary(source: SourceActivity, skew: SourceSkew | undefined): SystemSourceContract {
  return {
    identity: source.identity,
    peer: source.peer,
    host: source.host,
    key: clockSourceKey(source),
    eventsToday: source.events,
    lastSeen: new Date(source.lastSeen).toISOString(),
    ...(skew === undefined ? {} : { skewMedianMs: skew.medianMs, skewSamples: skew.samples }),
  };
}

function worstSkew(skews: readonly SourceSkew[]): number | null {
  let worst: number | null = null;
  for (const skew of skews) if (worst === null || Math.abs(skew.medianMs) > Math.abs(worst)) worst = skew.medianMs;
  return worst;
}

/** A share as a percentage with one decimal; null when there are no events. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

function shares(counts: CoverageCounts): CoverageResponse['overall'] {
  return {
    events: counts.events,
    present: Object.fromEntries(REQUIRED_FIELDS.map((required) => [required.key, { events: counts.present[required.key] ?? 0, percent: percent(counts.present[required.key] ?? 0, counts.events) }])),
    skewed: { events: counts.skewed, percent: percent(counts.skewed, counts.events) },
  };
}

export function coverageReport(system: string, range: { from: number; to: number }, coverage: SystemCoverage): CoverageResponse {
  return {
    system,
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    requirements: REQUIRED_FIELDS.map((required) => ({ key: required.key, requirement: required.requirement, fields: [...required.fields] })),
    overall: shares(coverage.overall),
    sources: coverage.sources.map((source) => ({ identity: source.identity, peer: source.peer, host: source.host, key: clockSourceKey(source), ...shares(source) })),
    moreSources: coverage.more,
  };
}
