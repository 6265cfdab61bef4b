// The detections list's filters, kept in the URL (`/detections?rule=…&level=high&from=now-7d`):
// rule, system, level and the detection-time range, as GET /api/v1/detections takes them. Pure.

/** The rules' levels (src/detection/rule.ts, which the browser cannot import; the test checks they match). */
export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;

export const DETECTION_FILTERS = ['rule', 'system', 'level', 'from', 'to'] as const;
export type DetectionFilterName = (typeof DETECTION_FILTERS)[number];
export type DetectionFilters = Partial<Record<DetectionFilterName, string>>;

/** The list's range when none is given: the API's default too (the last day). */
export const DEFAULT_FROM = 'now-24h';

export function detectionFiltersFrom(query: URLSearchParams): DetectionFilters {
  const filters: DetectionFilters = {};
  for (const name of DETECTION_FILTERS) {
    const value = query.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** Each detection's alert, by the alerts' detection ids (an alert names its first 1,000). */
export function alertsByDetection(alerts: readonly { readonly id: string; readonly detections: readonly string[] }[]): Map<string, string> {
  const byDetection = new Map<string, string>();
  for (const alert of alerts) for (const detection of alert.detections) byDetection.set(detection, alert.id);
  return byDetection;
}
