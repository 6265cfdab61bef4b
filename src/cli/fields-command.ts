// `logwarden fields`: every stored field, its column type and how the query language matches it,
// from the one field registry (src/schema/fields.ts). Needs no server.
import { Option, type Command } from 'commander';
import { FIELD_ALIASES, FIELDS, type FieldDef } from '../schema/fields.ts';

export interface FieldListing {
  readonly name: string;
  readonly type: string;
  readonly kind: FieldDef['kind'];
  readonly description: string;
  /** Short names that mean this field in queries. */
  readonly aliases: readonly string[];
}

export function fieldListing(): FieldListing[] {
  return FIELDS.map((field) => ({
    name: field.name,
    type: field.type,
    kind: field.kind,
    description: field.description,
    aliases: Object.entries(FIELD_ALIASES)
      .filter(([, target]) => target === field.name)
      .map(([alias]) => alias),
  }));
}

/** Aligned columns: field, kind, type, aliases, description. Pure. */
export function formatFieldTable(fields: readonly FieldListing[]): string {
  const header = ['field', 'kind', 'type', 'aliases', 'description'];
  const rows = fields.map((field) => [field.name, field.kind, field.type, field.aliases.join(','), field.description]);
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] as string).length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] as number)))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)].join('\n');
}

export function registerFieldsCommand(program: Command): void {
  program
    .command('fields')
    .description('list every stored field: its name, query kind, column type, aliases and meaning')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((flags: { format: string }) => {
      const fields = fieldListing();
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(fields, null, 2)}\n` : `${formatFieldTable(fields)}\n`);
    });
}
