// `POST /api/v1/parse/explain` (permission `read`): what the parsers make of one line, without
// storing anything: the same answer as `logwarden parse --explain` (src/parsers/explain.ts). The
// line is bounded by ingest.maxEventBytes (413 LW_INGEST_TOO_LARGE above it), the body by
// http.maxBodyBytes like every route's.
import type { FastifyInstance } from 'fastify';
import { jsonRequestBody, parseExplainBody, type ParseExplanationContract } from '../contracts/index.ts';
import { LogwardenError } from '../errors/codes.ts';
import { checkExplainRequest, explainLine } from '../parsers/explain.ts';
import type { ParserTable } from '../parsers/recognise.ts';
import { PARSER_TABLE } from '../parsers/table.ts';
import type { Clock } from '../runtime/clock.ts';
import { parseParams } from './params.ts';

export interface ParseRouteDeps {
  /** Default: the server's table (PARSER_TABLE), even when ingest.parsers is false: this shows what the parsers would do. */
  readonly table?: ParserTable;
  readonly maxEventBytes: number;
  readonly clock: Clock;
}

const EXAMPLE_BODY = '{"line": "<38>Mar  7 10:00:00 web1 sshd[1234]: Failed password for root from 192.0.2.7 port 50022 ssh2", "program"?: "sshd"}';

export function registerParseRoutes(app: FastifyInstance, deps: ParseRouteDeps): void {
  app.post('/api/v1/parse/explain', { config: { permission: 'events.read' } }, async (request): Promise<ParseExplanationContract> => {
    const body = jsonRequestBody(request.body, EXAMPLE_BODY);
    if (body === undefined) throw new LogwardenError('LW_BAD_REQUEST', `expected a JSON body ${EXAMPLE_BODY}`);
    const explain = parseParams(parseExplainBody, body);
    checkExplainRequest(explain, deps.maxEventBytes);
    return explainLine(explain, { table: deps.table ?? PARSER_TABLE, receivedAt: deps.clock.now() });
  });
}
