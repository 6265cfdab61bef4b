// A field's modifier chain (`CommandLine|base64offset|contains`) read into what it means: the
// transformations to apply to each value, in the order written; where the value must sit; what
// kind of comparison it is (string, regex, CIDR, existence, field reference, number); how several
// values combine; and case. Chains the specification gives no meaning are refused here, each with
// a reason. Pure.
import type { Comparison } from '../../query/predicate.ts';
import { SigmaRuleError } from './errors.ts';
import type { Utf16Encoding } from './values.ts';

export type Transform = 'expand' | 'windash' | Utf16Encoding | 'base64' | 'base64offset';
export type Placement = 'equals' | 'contains' | 'startswith' | 'endswith';
export type ValueType = 'string' | 're' | 'cidr' | 'exists' | 'fieldref' | 'compare';

export interface RegexFlags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

export interface ModifierChain {
  readonly transforms: readonly Transform[];
  readonly at: Placement;
  readonly type: ValueType;
  /** For `compare`: gt, gte, lt, lte. */
  readonly cmp: Exclude<Comparison, '='>;
  readonly flags: RegexFlags;
  /** `all`: every value must match, not any one. */
  readonly all: boolean;
  readonly cased: boolean;
  /** `neq`: the field holds none of the values. */
  readonly neq: boolean;
}

const TRANSFORMS: ReadonlySet<string> = new Set(['expand', 'windash', 'utf16le', 'utf16be', 'utf16', 'wide', 'base64', 'base64offset']);
const PLACEMENTS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const COMPARISONS: Readonly<Record<string, Exclude<Comparison, '='>>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const TYPES: ReadonlySet<string> = new Set(['re', 'cidr', 'exists', 'fieldref', ...Object.keys(COMPARISONS)]);
const FLAGS: ReadonlySet<string> = new Set(['i', 'm', 's']);
/** The specification's time modifiers: they need date parsing of string fields, which logwarden does not do. */
const TIME_PARTS: ReadonlySet<string> = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);

interface Draft {
  transforms: Transform[];
  at: Placement;
  type: ValueType;
  cmp: Exclude<Comparison, '='>;
  flags: { i: boolean; m: boolean; s: boolean };
  all: boolean;
  cased: boolean;
  neq: boolean;
}

/** Read the modifiers after a field name (without the name). Throws SigmaRuleError. */
export function parseModifiers(modifiers: readonly string[]): ModifierChain {
  const draft: Draft = { transforms: [], at: 'equals', type: 'string', cmp: '>', flags: { i: false, m: false, s: false }, all: false, cased: false, neq: false };
  const seen = new Set<string>();
  for (const modifier of modifiers) {
    const name = modifier === 'wide' ? 'utf16le' : modifier;
    if (seen.has(name)) throw new SigmaRuleError(`modifier ${modifier} repeated`);
    seen.add(name);
    apply(draft, modifier, name);
  }
  check(draft);
  return draft;
}

function apply(draft: Draft, modifier: string, name: string): void {
  if (TRANSFORMS.has(modifier)) draft.transforms.push(name as Transform);
  else if (PLACEMENTS.has(modifier)) {
    if (draft.at !== 'equals') throw new SigmaRuleError(`modifiers ${draft.at} and ${modifier} cannot be combined`);
    draft.at = modifier as Placement;
  } else if (TYPES.has(modifier)) {
    if (draft.type !== 'string') throw new SigmaRuleError(`modifiers ${typeName(draft)} and ${modifier} cannot be combined`);
    draft.type = modifier in COMPARISONS ? 'compare' : (modifier as ValueType);
    if (modifier in COMPARISONS) draft.cmp = COMPARISONS[modifier]!;
  } else if (FLAGS.has(modifier)) {
    if (draft.type !== 're') throw new SigmaRuleError(`modifier ${modifier} applies only after re`);
    draft.flags[modifier as keyof RegexFlags] = true;
  } else if (modifier === 'all') draft.all = true;
  else if (modifier === 'cased') draft.cased = true;
  else if (modifier === 'neq') draft.neq = true;
  else if (TIME_PARTS.has(modifier)) throw new SigmaRuleError(`unsupported modifier ${modifier} (time parts of string fields are not supported)`);
  else throw new SigmaRuleError(`unknown modifier ${modifier}`);
}

function typeName(draft: Draft): string {
  if (draft.type !== 'compare') return draft.type;
  return Object.entries(COMPARISONS).find(([, cmp]) => cmp === draft.cmp)![0];
}

/** The combinations the specification gives no meaning, refused with the reason. */
function check(draft: Draft): void {
  const name = typeName(draft);
  if (draft.type !== 'string') {
    if (draft.transforms.length > 0) throw new SigmaRuleError(`modifier ${draft.transforms[0]} cannot be combined with ${name}`);
    if (draft.at !== 'equals') throw new SigmaRuleError(`modifiers ${draft.at} and ${name} cannot be combined`);
  }
  if (draft.neq && (draft.type === 'exists' || draft.type === 're' || draft.type === 'cidr' || draft.type === 'compare')) throw new SigmaRuleError(`modifiers neq and ${name} cannot be combined`);
  draft.transforms.forEach((transform, i) => {
    if (transform !== 'utf16le' && transform !== 'utf16be' && transform !== 'utf16') return;
    const rest = draft.transforms.slice(i + 1);
    if (!rest.includes('base64') && !rest.includes('base64offset')) throw new SigmaRuleError(`modifier ${transform} applies only before base64 or base64offset`);
  });
  const encodings = draft.transforms.filter((t) => t === 'base64' || t === 'base64offset');
  if (encodings.length > 1) throw new SigmaRuleError('modifiers base64 and base64offset cannot be combined');
}
