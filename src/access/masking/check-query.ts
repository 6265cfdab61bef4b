// Refusing queries that would probe masked values (R-MASK-1): a query matching on a masked field
// confirms guesses at its values however the answer is masked, so the query text is parsed and
// every field it names is checked against the profile. Refused (LW_MASKED_FIELD, naming the field):
// a field the profile redacts, pseudonymises, generalises or rewrites; bare words and phrases when
// message is rewritten (they search `message`); a wildcard in a field name (it could reach a masked
// field); and any value containing a dictionary word, in whatever field. Pure.
import { LogwardenError } from '../../errors/codes.ts';
import type { MatchValue, QueryNode } from '../../query/ast.ts';
import { parseQuery } from '../../query/parse.ts';
import { FIELDS, resolveField } from '../../schema/fields.ts';
import { hides, type MaskingProfile } from './profile.ts';
import { wordsPattern } from './rewrite.ts';

/** `why`: the whole reason, naming the field; the error adds where masking is explained. */
export function maskedFieldError(profile: string, field: string, why: string): LogwardenError {
  return new LogwardenError('LW_MASKED_FIELD', `${why} (masking profile "${profile}"; docs/access.md, "Field masking")`, { field, profile });
}

const hidden = (field: string): string => `${field} is masked for this caller, so it cannot be queried: a query on it would confirm guesses at its values`;

const MAP_FIELDS = FIELDS.filter((field) => field.kind === 'map').map((field) => field.name);

/** The registry field a typed name stands for: an ECS name, an alias, or a map's `name.KEY`. */
export function fieldNamed(name: string): string {
  const resolved = resolveField(name);
  if (resolved) return resolved.name;
  return MAP_FIELDS.find((map) => name.startsWith(`${map}.`)) ?? name;
}

export function checkQuery(profile: MaskingProfile, query: string): void {
  const words = wordsPattern([...profile.hosts, ...profile.organisations], true);
  walk(parseQuery(query), (field, value) => {
    const name = field === null ? 'message' : field;
    if (/[*?]/.test(name)) throw maskedFieldError(profile.name, name, `a wildcard in a field name (${name}) could reach a masked field`);
    const resolved = fieldNamed(name);
    if (field === null && hides(profile, 'message')) throw maskedFieldError(profile.name, 'message', `a bare word or phrase searches message; ${hidden('message')}`);
    if (hides(profile, resolved)) throw maskedFieldError(profile.name, resolved, hidden(resolved));
    if (words !== undefined && value.some((text) => new RegExp(words.source, 'iu').test(text))) {
      throw maskedFieldError(profile.name, resolved, `the query looks for a word of the masking dictionary in ${resolved}; those words are masked wherever they appear`);
    }
  });
}

type Visit = (field: string | null, values: readonly string[]) => void;

function walk(node: QueryNode, visit: Visit): void {
  switch (node.type) {
    case 'all':
      return;
    case 'and':
    case 'or':
      for (const child of node.children) walk(child, visit);
      return;
    case 'not':
      walk(node.child, visit);
      return;
    case 'match':
      visit(node.field?.name ?? null, textsOf(node.value));
      return;
    case 'strings':
      visit(node.field.name, node.values);
      return;
    case 'regex':
      visit(node.field.name, [node.pattern]);
      return;
    case 'presence':
      visit(node.field.name, []);
      return;
  }
}

function textsOf(value: MatchValue): string[] {
  switch (value.kind) {
    case 'term':
      return [value.parts.map((part) => (part.kind === 'text' ? part.text : ' ')).join('')];
    case 'phrase':
      return [value.text];
    case 'compare':
      return [value.bound.text];
    case 'range':
      return [value.lower?.text ?? '', value.upper?.text ?? ''];
    case 'exists':
      return [];
  }
}
