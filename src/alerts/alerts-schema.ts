// `alerts` in the configuration (docs/alerting.md): how detections are grouped into alerts and how
// often an alert's notifications go out. The three times are Alertmanager's and Grafana's, with
// their defaults: wait `groupWait` after an alert opens before its first notification (so the
// detections of a burst arrive in one), at least `groupInterval` between notifications about new
// detections, and `repeatInterval` before an unacknowledged alert is notified again. Routes
// (notifications.routes) and rules (alerts.rules) may set their own. Pure.
import { z } from 'zod';
import { duration } from '../config/duration.ts';

const DAY_MS = 86_400_000;

/** The three notification times, each optional: a route or rule sets only what it changes. */
export const notificationTimingFields = {
  groupWait: duration(0, DAY_MS).optional(),
  groupInterval: duration(1000, 7 * DAY_MS).optional(),
  repeatInterval: duration(60_000, 30 * DAY_MS).optional(),
};

/** The times in force for one alert on one route (milliseconds). */
export interface NotificationTiming {
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
}

export const DEFAULT_TIMING: NotificationTiming = { groupWait: 30_000, groupInterval: 300_000, repeatInterval: 4 * 3_600_000 };

export const alertsSchema = z
  .object({
    groupWait: duration(0, DAY_MS).default(DEFAULT_TIMING.groupWait),
    groupInterval: duration(1000, 7 * DAY_MS).default(DEFAULT_TIMING.groupInterval),
    repeatInterval: duration(60_000, 30 * DAY_MS).default(DEFAULT_TIMING.repeatInterval),
    /**
     * This server as people reach it, for the links in notifications (e.g.
     * https://logwarden.example.org); default: the HTTP listener's own address.
     */
    url: z.url({ error: 'expected the address people open logwarden at, e.g. https://logwarden.example.org' }).optional(),
    /** Times for the alerts of one rule (by id or title); they win over a route's. */
    rules: z
      .array(z.object({ rule: z.string().min(1).max(512), ...notificationTimingFields }).strict())
      .max(10_000)
      .default([]),
  })
  .strict()
  .prefault({});

export type AlertsConfig = z.output<typeof alertsSchema>;
