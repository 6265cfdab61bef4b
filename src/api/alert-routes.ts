// The alerting API (docs/api.md "Alerts", docs/alerting.md): alerts and the changes people make to
// them, silences, notification records, test notices and the review report. Reads need
// alerts.read, changes alerts.act, a test notice config.manage; every alert is the caller's only
// when all its systems are (like detections), and a masked caller's alerts are masked.
// SCAFFOLD: filled in by the API work.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { AlertService } from '../alerts/service.ts';
import type { DetectionService } from '../detection/service.ts';
import type { Clock } from '../runtime/clock.ts';
import type { EventStore } from '../store/event-store.ts';

export interface AlertRouteDeps {
  readonly alerting: AlertService;
  /** Detections of an alert and the report's counts are read on the store's search slots. */
  readonly store: Pick<EventStore, 'read'>;
  readonly clock: Clock;
  readonly access: Pick<AccessServices, 'masking'>;
  /** The loaded rules, for the report's rules that never fired; absent when detection is off. */
  readonly detection?: DetectionService;
}

export function registerAlertRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  void app;
  void deps;
}
