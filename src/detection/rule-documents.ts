// Rule files → the Sigma documents they hold, each checked enough to be named: YAML parsed (a file
// may hold several documents separated by `---`, as SigmaHQ's correlation files do), the kind
// told by its section, the shared attributes checked with zod, its revision computed, and ids and
// names checked unique across the whole set. Whatever fails is a SkippedRule with its reason. Pure.
import { parseAllDocuments } from 'yaml';
import type { RuleText } from './load.ts';
import { ruleRevision } from './revision.ts';
import type { SkippedRule } from './rule.ts';
import type { DocumentKind, SigmaMeta } from './sigma/rule-document.ts';
import { documentKind, isRuleId, metaSchema, schemaProblem } from './sigma/rule-document.ts';

/** One document of a rule file, named and hashed, its sections not yet read. */
export interface SigmaDocument {
  readonly path: string;
  readonly ruleset: string;
  /** 1-based position in its file, for reasons (`document 2`). */
  readonly index: number;
  /** Position of its file among the texts loaded, for listing skipped rules in file order. */
  readonly file: number;
  readonly kind: DocumentKind;
  readonly body: Readonly<Record<string, unknown>>;
  readonly meta: SigmaMeta;
  /** Filters may go without one; rules and correlations have a UUID. */
  readonly id?: string;
  readonly revision: string;
}

type Where = Pick<SigmaDocument, 'path' | 'ruleset' | 'index' | 'file'>;

// Where each skipped entry came from, so the list can be given in file order whichever step
// (parsing, compiling, resolving) found the problem.
const ORIGIN = new WeakMap<SkippedRule, number>();

/** The skipped entry for a document, with whatever of its id and title is known. */
export function skip(where: Where, reason: string, known: { readonly id?: string; readonly title?: string } = {}): SkippedRule {
  const at = where.index > 1 ? `document ${where.index}: ` : '';
  const entry = { path: where.path, ruleset: where.ruleset, ...known, reason: `${at}${reason}` };
  ORIGIN.set(entry, where.file * 1_000_000 + where.index);
  return entry;
}

/** The entries in the order of the files and documents they are about. */
export function inFileOrder(skipped: readonly SkippedRule[]): SkippedRule[] {
  return skipped
    .map((entry, position) => ({ entry, position, origin: ORIGIN.get(entry) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.origin - b.origin || a.position - b.position)
    .map(({ entry }) => entry);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every document of one file. */
function fileDocuments(file: RuleText, fileIndex: number, skipped: SkippedRule[]): SigmaDocument[] {
  const documents: SigmaDocument[] = [];
  // uniqueKeys: a key written twice is an error, not the last one silently winning.
  parseAllDocuments(file.text, { uniqueKeys: true, prettyErrors: false }).forEach((parsed, position) => {
    const where = { path: file.path, ruleset: file.ruleset, index: position + 1, file: fileIndex };
    if (parsed.errors.length > 0) return void skipped.push(skip(where, `invalid YAML: ${parsed.errors[0]!.message}`));
    let body: unknown;
    try {
      body = parsed.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return void skipped.push(skip(where, `invalid YAML: ${(error as Error).message}`));
    }
    // An empty document (a trailing `---`, a file of comments) is no rule, and not worth listing.
    if (body === null || body === undefined) return;
    const document = sigmaDocument(where, body, skipped);
    if (document !== undefined) documents.push(document);
  });
  return documents;
}

function sigmaDocument(where: Where, body: unknown, skipped: SkippedRule[]): SigmaDocument | undefined {
  if (!isRecord(body)) return void skipped.push(skip(where, 'not a Sigma rule: the document is not a map'));
  const known = { ...(typeof body['id'] === 'string' ? { id: body['id'] } : {}), ...(typeof body['title'] === 'string' ? { title: body['title'] } : {}) };
  const kind = documentKind(body);
  if (kind === undefined) return void skipped.push(skip(where, 'not a Sigma rule: it has no detection, correlation or filter section', known));
  const meta = metaSchema.safeParse(body);
  if (!meta.success) return void skipped.push(skip(where, `invalid ${kind} rule: ${schemaProblem(meta.error)}`, known));
  const id = meta.data.id;
  if (id === undefined && kind !== 'filter') return void skipped.push(skip(where, `${kind} rule without an id: a rule needs a UUID id to be run and referred to`, known));
  if (id !== undefined && !isRuleId(id)) return void skipped.push(skip(where, `id ${JSON.stringify(id)} is not a UUID`, known));
  let revision: string;
  try {
    revision = ruleRevision(body);
  } catch (error) {
    return void skipped.push(skip(where, `cannot be hashed: ${(error as Error).message}`, known));
  }
  return { ...where, kind, body, meta: meta.data, ...(id === undefined ? {} : { id }), revision };
}

/** Where the first holder of an id or name is, for the later one's reason. */
function holder(first: SigmaDocument, later: SigmaDocument): string {
  return first.ruleset === later.ruleset ? first.path : `${first.path} (ruleset ${first.ruleset})`;
}

/** Ids and names unique across the set: the first in path order keeps one, later ones are skipped. */
function uniqueDocuments(documents: readonly SigmaDocument[], skipped: SkippedRule[]): SigmaDocument[] {
  const ids = new Map<string, SigmaDocument>();
  const names = new Map<string, SigmaDocument>();
  const kept: SigmaDocument[] = [];
  for (const document of documents) {
    const known = { ...(document.id === undefined ? {} : { id: document.id }), title: document.meta.title };
    const sameId = document.id === undefined ? undefined : ids.get(document.id.toLowerCase());
    if (sameId !== undefined) {
      skipped.push(skip(document, `duplicate id ${document.id!}: ${holder(sameId, document)} has it already`, known));
      continue;
    }
    const name = document.meta.name;
    const sameName = name === undefined ? undefined : names.get(name);
    if (sameName !== undefined) {
      skipped.push(skip(document, `duplicate name ${name!}: ${holder(sameName, document)} has it already`, known));
      continue;
    }
    if (document.id !== undefined) ids.set(document.id.toLowerCase(), document);
    if (name !== undefined) names.set(name, document);
    kept.push(document);
  }
  return kept;
}

/** The documents of all files, in the order given (loadRuleSet sorts paths), ids and names unique. */
export function readDocuments(texts: readonly RuleText[], skipped: SkippedRule[]): SigmaDocument[] {
  return uniqueDocuments(
    texts.flatMap((file, fileIndex) => fileDocuments(file, fileIndex, skipped)),
    skipped,
  );
}

/** The document a reference names: a rule id (any case) or a `name`. */
export function findDocument(reference: string, documents: Iterable<SigmaDocument>): SigmaDocument | undefined {
  const id = reference.toLowerCase();
  for (const document of documents) {
    if (document.id?.toLowerCase() === id || document.meta.name === reference) return document;
  }
  return undefined;
}

/**
 * Why a reference names no loaded rule, for the referrer's reason: `X which did not load: <its
 * reason>`, or `X, which is not in the set`.
 */
export function missingReference(reference: string, documents: readonly SigmaDocument[], skipped: readonly SkippedRule[]): string {
  const id = (findDocument(reference, documents)?.id ?? reference).toLowerCase();
  const entry = skipped.find((skippedRule) => skippedRule.id?.toLowerCase() === id);
  return entry === undefined ? `${reference}, which is not in the set` : `${reference} which did not load: ${entry.reason}`;
}
