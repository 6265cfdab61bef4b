// `GET/POST /api/v1/silences`, `POST /api/v1/silences/{id}/end` (docs/api.md "Alerts"): silences
// hold notifications of the alerts they match back for a while, never detections or alerts. Reading
// them needs alerts.read; making and ending them alerts.act, audited as silence-change with the
// reason and author on record (the author is the caller).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { silenceCreateBody, silenceEndBody, silencesParams, type SilenceContract } from '../contracts/alerts.ts';
import { jsonRequestBody } from '../contracts/parse.ts';
import { parseConfigDuration } from '../config/duration.ts';
import { silenceMatcher } from '../alerts/silence-state.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { AlertRouteDeps } from './alert-routes.ts';
import { maskSilence, silenceView, silenceVisible } from './alert-view.ts';
import { scopeOf } from '../access/scope.ts';
import { parseParams } from './params.ts';
import { parseTimeBound } from './time-params.ts';

/** A silence of more than a year is a rule that should be changed instead. */
const MAX_SILENCE_MS = 366 * 86_400_000;
const silenceIdParams = z.object({ id: z.string().min(1).max(64) });

export function registerSilenceRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  app.get('/api/v1/silences', { config: { permission: 'alerts.read', audit: 'alerts-read' } }, async (request): Promise<{ silences: SilenceContract[] }> => {
    const params = parseParams(silencesParams, request.query);
    const now = deps.clock.now();
    const scope = scopeOf(request.principal);
    const all = (await deps.alerting.silences.all()).filter((silence) => silenceVisible(scope, silence));
    const shown = all.filter((silence) => params.active !== 'true' || (silence.state.ended?.at ?? silence.state.endsAt) > now).slice(0, params.limit);
    request.auditDetails = { results: shown.length };
    const masker = deps.access.masking.forPrincipal(request.principal);
    return { silences: shown.map((silence) => maskSilence(masker, silenceView(silence, now))) };
  });
  app.post('/api/v1/silences', { config: { permission: 'alerts.act', audit: 'silence-change' }, preValidation: named('create') }, async (request) => {
    const body = parseParams(silenceCreateBody, jsonRequestBody(request.body, 'a silence') ?? {});
    const now = deps.clock.now();
    const scope = scopeOf(request.principal);
    // `within` is the server's to set: a caller limited to some systems silences only alerts about them.
    const { within: _given, ...asked } = parseParams(silenceMatcher, body.matcher);
    const matcher = scope.kind === 'all' ? asked : { ...asked, within: [...scope.systems] };
    const { startsAt, endsAt } = silencePeriod(body, now);
    const created = await deps.alerting.silences.create({ matcher, startsAt, endsAt, reason: body.reason }, (request.principal as { name: string }).name);
    request.auditDetails = { target: created.id, change: 'create' };
    return { silence: maskSilence(deps.access.masking.forPrincipal(request.principal), silenceView(created, deps.clock.now())) };
  });
  app.post('/api/v1/silences/:id/end', { config: { permission: 'alerts.act', audit: 'silence-change' }, preValidation: named('end') }, async (request) => {
    const parsedId = silenceIdParams.safeParse(request.params);
    if (!parsedId.success) throw new LogwardenError('LW_ALERT_UNKNOWN', 'no such silence');
    const body = parseParams(silenceEndBody, jsonRequestBody(request.body, 'a JSON object') ?? {});
    const existing = await deps.alerting.silences.get(parsedId.data.id);
    if (!existing || !silenceVisible(scopeOf(request.principal), existing)) throw new LogwardenError('LW_ALERT_UNKNOWN', `no silence ${JSON.stringify(parsedId.data.id)}`);
    const ended = await deps.alerting.silences.end(parsedId.data.id, (request.principal as { name: string }).name, body.reason);
    return { silence: maskSilence(deps.access.masking.forPrincipal(request.principal), silenceView(ended, deps.clock.now())) };
  });
}

function named(change: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const id = (request.params as { id?: unknown }).id;
    request.auditDetails = { change, ...(id === undefined ? {} : { target: String(id) }) };
  };
}

/** From `startsAt` (default now) to `endsAt` or for `duration`: exactly one of the two. Pure. */
export function silencePeriod(body: { readonly startsAt?: string; readonly endsAt?: string; readonly duration?: string }, now: number): { startsAt: number; endsAt: number } {
  const startsAt = parseTimeBound('startsAt', body.startsAt, now) ?? now;
  if ((body.endsAt === undefined) === (body.duration === undefined)) throw new LogwardenError('LW_BAD_REQUEST', 'a silence needs its end: endsAt or duration (such as 2h), not both');
  let endsAt: number;
  if (body.duration !== undefined) {
    const ms = parseConfigDuration(body.duration);
    if (ms === undefined || ms <= 0) throw new LogwardenError('LW_BAD_REQUEST', `duration: expected a duration such as 30m, 2h or 1d, found ${JSON.stringify(body.duration)}`);
    endsAt = startsAt + ms;
  } else {
    endsAt = parseTimeBound('endsAt', body.endsAt, now) as number;
  }
  if (endsAt <= startsAt) throw new LogwardenError('LW_BAD_REQUEST', 'endsAt: a silence must end after it starts');
  if (endsAt <= now) throw new LogwardenError('LW_BAD_REQUEST', 'endsAt: a silence must end in the future');
  if (endsAt - startsAt > MAX_SILENCE_MS) throw new LogwardenError('LW_BAD_REQUEST', 'a silence lasts at most 366 days; change the rule instead');
  return { startsAt, endsAt };
}
