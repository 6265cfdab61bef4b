// `GET /api/v1/detections` (docs/api.md): the stored detections, newest first, filtered by time
// (as the search routes take it), rule (id or title), system and level, within the caller's scope.
// Permission `detections.read`; run on the store's search slots under the search time limit.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { scopeOf } from '../access/scope.ts';
import { detectionsParams, type DetectionContract, type DetectionsResponse } from '../contracts/detections.ts';
import type { StoredDetection } from '../detection/detection-event.ts';
import { listDetections } from '../detection/detection-store.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Clock } from '../runtime/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import { parseParams } from './params.ts';
import { parseTimeBound } from './time-params.ts';

const DAY_MS = 86_400_000;

export interface DetectionRouteDeps {
  readonly store: Pick<EventStore, 'read'>;
  readonly clock: Clock;
  /** A masked caller's detections are masked: group values, the values in `why`, the message. */
  readonly access: Pick<AccessServices, 'masking'>;
}

export function registerDetectionRoutes(app: FastifyInstance, deps: DetectionRouteDeps): void {
  app.get('/api/v1/detections', { config: { permission: 'detections.read', audit: 'detections-read' } }, async (request): Promise<DetectionsResponse> => {
    const params = parseParams(detectionsParams, request.query);
    const masker = deps.access.masking.forPrincipal(request.principal);
    const now = deps.clock.now();
    const givenTo = parseTimeBound('to', params.to, now);
    // By default: the last 24 h, and whatever a sender with a clock ahead time-stamped later.
    const to = givenTo ?? now + DAY_MS;
    const from = parseTimeBound('from', params.from, now) ?? (givenTo ?? now) - DAY_MS;
    if (from >= to) throw new LogwardenError('LW_BAD_REQUEST', `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
    const found = await listDetections((sql, values) => deps.store.read(sql, values), {
      scope: scopeOf(request.principal),
      from,
      to,
      limit: params.limit,
      ...(params.rule !== undefined ? { rule: params.rule } : {}),
      ...(params.system !== undefined ? { system: params.system } : {}),
      ...(params.level !== undefined ? { level: params.level } : {}),
    });
    request.auditDetails = { results: found.length };
    return { detections: found.map((detection) => (masker ? masker.maskDetection(detectionAnswer(detection)) : detectionAnswer(detection))) };
  });
}

/** A stored detection as the API answers it: times in ISO 8601, the contract's members only. */
export function detectionAnswer(detection: StoredDetection): DetectionContract {
  return {
    id: detection.id,
    rule: { ...detection.rule, tags: [...detection.rule.tags] },
    time: new Date(detection.time).toISOString(),
    group: { ...detection.group },
    events: [...detection.events],
    systems: [...detection.systems],
    why: detection.why as DetectionContract['why'],
    message: detection.message,
    sequence: detection.sequence,
  };
}
