// The query compiler's entry points: text → syntax tree (parse.ts) → typed predicate (semantics.ts)
// → SQL (sql-backend.ts). The JavaScript matcher (match.ts) is the other backend over the same tree.

import type { FieldDef } from '../schema/fields.ts';
import type { QueryNode } from './ast.ts';
import { parseQuery } from './parse.ts';
import { resolveQuery } from './semantics.ts';
import { toSql, type CompiledQuery } from './sql-backend.ts';

export type { CompiledQuery } from './sql-backend.ts';

export interface CompileOptions {
  /** Epoch milliseconds that `now` in the query means; passed in so compilation is deterministic. */
  readonly now: number;
  /** The field registry (default: the store's). */
  readonly fields?: readonly FieldDef[];
}

/** Parse and compile a query. Throws LogwardenError (LW_QUERY_SYNTAX / _FIELD / _LIMIT). */
export function compileQuery(text: string, opts: CompileOptions): CompiledQuery {
  return compileAst(parseQuery(text), text, opts);
}

/** Compile an already parsed query; `query` is its text, for error details. */
export function compileAst(ast: QueryNode, query: string, opts: CompileOptions): CompiledQuery {
  return toSql(resolveQuery(ast, { ...opts, query }));
}
