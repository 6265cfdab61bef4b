// The one table from Sigma to logwarden: logsources (product/category/service) → which stored events
// they mean (a route predicate), and Sigma field names → ECS fields, per logsource where they
// differ (web rules' `cs-uri-query` → `url.original`). Documented in docs/detection.md, "Field
// mapping". Pure.
import type { FieldSel, Predicate } from '../query/predicate.ts';
import type { LogSource } from './rule.ts';

/** The events a logsource names, or undefined when logwarden has no such logs (the rule is skipped: `unknown logsource …`). */
export function routeFor(logsource: LogSource): Predicate | undefined {
  void logsource;
  return undefined;
}

/** A Sigma field name → the ECS field it is stored in for that logsource, or undefined (`unmapped field X`). */
export function sigmaField(name: string, logsource: LogSource): FieldSel | undefined {
  void name;
  void logsource;
  return undefined;
}
