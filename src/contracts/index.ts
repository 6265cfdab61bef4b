// The HTTP API's request and response schemas, in one place for the routes (which parse requests
// with them and type their answers), the CLI and the tests (which parse answers with them) and the
// web UI to come. Pure: imports only zod, src/schema/ and src/errors/.
export * from './access.ts';
export * from './alerts.ts';
export * from './audit.ts';
export * from './audit-actions.ts';
export * from './detections.ts';
export * from './errors.ts';
export * from './event.ts';
export * from './health.ts';
export * from './integrity.ts';
export * from './ingest.ts';
export * from './ledger.ts';
export * from './parse.ts';
export * from './parse-explain.ts';
export * from './rules.ts';
export * from './search.ts';
export * from './systems.ts';
export * from './tokens.ts';
export * from './context.ts';
export * from './saved-searches.ts';
export * from './fields.ts';
export * from './tail.ts';
export * from './retention.ts';
