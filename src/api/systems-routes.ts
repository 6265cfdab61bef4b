// The systems inventory seen from outside (docs/systems.md): `GET /api/v1/systems` lists each
// system in the caller's scope with its events today, last seen, senders and their clock skew;
// `GET /api/v1/systems/:name/coverage` says which of the required fields (R-FIELDS-1) the
// system's events carry, overall and per sender. Both read with permission `read`, on the store's
// search slots under the search time limit.
import type { FastifyInstance } from 'fastify';
import { refuseIfMasked } from '../access/masking.ts';
import { scopeOf } from '../access/scope.ts';
import { coverageParams, systemParams, type CoverageResponse, type SystemsResponse } from '../contracts/systems.ts';
import { LogwardenError } from '../errors/codes.ts';
import { LOGWARDEN_SYSTEM, type Preparation } from '../ingest/prepare.ts';
import type { Logger } from '../observability/logger.ts';
import { inScope } from '../query/scope.ts';
import type { Clock } from '../runtime/clock.ts';
import { SystemStats, type StoreReader } from '../store/system-stats.ts';
import { coverageReport, systemSummaries } from '../systems/report.ts';
import { UNASSIGNED_SYSTEM } from '../transforms/server-fields.ts';
import { parseParams } from './params.ts';
import { parseTimeBound } from './time-params.ts';

const DAY_MS = 86_400_000;
/** How far back `lastSeen` looks: this and last month's partitions at most. */
const LAST_SEEN_DAYS = 31;
const LIST_SOURCES = 20;
const COVERAGE_SOURCES = 50;
/** Why masked callers get neither route: both name each system's senders (host names, addresses). */
const SENDERS_UNMASKED = 'it lists each system’s senders by host name and address, which masking hides';

export interface SystemsRouteDeps {
  readonly store: StoreReader;
  readonly preparation: Pick<Preparation, 'parts'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function registerSystemsRoutes(app: FastifyInstance, deps: SystemsRouteDeps): void {
  const { inventory, clockCheck } = deps.preparation.parts;
  const stats = new SystemStats(deps.store);
  for (const name of inventory.unmatchable) deps.logger.warn({ system: name }, `system "${name}" has no match rules: no event is placed in it (docs/systems.md)`);

  app.get('/api/v1/systems', { config: { permission: 'systems.read' } }, async (request): Promise<SystemsResponse> => {
    refuseIfMasked(request.principal, 'the systems inventory', SENDERS_UNMASKED);
    const scope = scopeOf(request.principal);
    const now = deps.clock.now();
    const dayStart = now - (now % DAY_MS);
    const activity = await stats.activity({ dayStart, lookbackStart: now - LAST_SEEN_DAYS * DAY_MS, maxSources: LIST_SOURCES }, scope);
    const systems = systemSummaries({ configured: inventory.systems, scope, ...activity, skews: clockCheck.sources() });
    return { day: new Date(dayStart).toISOString().slice(0, 10), systems };
  });

  app.get('/api/v1/systems/:name/coverage', { config: { permission: 'systems.read' } }, async (request): Promise<CoverageResponse> => {
    refuseIfMasked(request.principal, 'a system’s field coverage', SENDERS_UNMASKED);
    const scope = scopeOf(request.principal);
    const { name } = parseParams(systemParams, request.params);
    const query = parseParams(coverageParams, request.query);
    const known = [...inventory.systems.map((system) => system.name), UNASSIGNED_SYSTEM, LOGWARDEN_SYSTEM].filter((system) => inScope(scope, system));
    if (!known.includes(name)) throw new LogwardenError('LW_NOT_FOUND', `no system "${name}": the systems are ${known.map((system) => `"${system}"`).join(', ')} (GET /api/v1/systems lists them)`);
    const now = deps.clock.now();
    const to = parseTimeBound('to', query.to, now) ?? now;
    const from = parseTimeBound('from', query.from, now) ?? to - DAY_MS;
    if (from >= to) throw new LogwardenError('LW_BAD_REQUEST', `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
    const coverage = await stats.coverage(name, { from, to }, scope, COVERAGE_SOURCES);
    return coverageReport(name, { from, to }, coverage);
  });
}
