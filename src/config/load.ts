// Loads the configuration once at start: YAML file (optional), then command-line overrides, then
// the schema's defaults. Every problem is reported at once, each with its path, so an operator fixes
// a file in one pass.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';
import { unreadableFiles } from './named-files.ts';
import { configSchema, type Config } from './schema.ts';

/** Overrides from `serve` flags, named as the flags are (commander hands them over as they are). */
export interface ConfigOverrides {
  dataDir?: string;
  http?: string;
  httpTlsCert?: string;
  httpTlsKey?: string;
  syslogTcp?: string;
  syslogUdp?: string;
  syslogTls?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  relp?: string;
  relpTls?: boolean;
  minFreeDisk?: string;
  diskCheckIntervalMs?: number;
}

export async function loadConfig(file: string | undefined, overrides: ConfigOverrides = {}): Promise<Config> {
  const raw = file === undefined ? {} : await readConfigFile(file);
  return validateConfig(applyOverrides(raw, overrides), file ?? 'flags');
}

/** Validate a parsed config object; throws LW_CONFIG_INVALID listing every problem. */
export function validateConfig(raw: unknown, origin: string): Config {
  const result = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw invalid(origin, describeIssues(result.error.issues));
}

/**
 * `config validate FILE`: the schema's problems and every file the config names that cannot be
 * read, all in one report.
 */
export async function validateConfigFile(file: string): Promise<Config> {
  const raw = await readConfigFile(file);
  const result = configSchema.safeParse(raw ?? {}, { reportInput: true });
  const problems = [...(result.success ? [] : describeIssues(result.error.issues)), ...(await unreadableFiles(raw)).map((problem) => problem.message)];
  if (problems.length > 0 || !result.success) throw invalid(file, problems);
  return result.data;
}

function invalid(origin: string, problems: readonly string[]): LogwardenError {
  return new LogwardenError('LW_CONFIG_INVALID', `${origin}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, { problems });
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LogwardenError('LW_CONFIG_INVALID', `cannot read config file ${file}: ${(error as Error).message}`);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new LogwardenError('LW_CONFIG_INVALID', `${file}: not valid YAML${where}: ${(error as Error).message}`);
  }
}

function applyOverrides(raw: unknown, overrides: ConfigOverrides): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw; // the schema reports it
  const config = structuredClone(raw) as Record<string, Record<string, unknown> | unknown>;
  const section = (name: string, parent: Record<string, unknown> = config): Record<string, unknown> => {
    const existing = parent[name];
    if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) return existing as Record<string, unknown>;
    const created: Record<string, unknown> = {};
    parent[name] = created;
    return created;
  };
  if (overrides.dataDir !== undefined) config['dataDir'] = overrides.dataDir;
  if (overrides.http !== undefined) section('http')['listen'] = overrides.http;
  if (overrides.httpTlsCert !== undefined) section('tls', section('http'))['cert'] = overrides.httpTlsCert;
  if (overrides.httpTlsKey !== undefined) section('tls', section('http'))['key'] = overrides.httpTlsKey;
  if (overrides.syslogTcp !== undefined) section('syslog')['tcp'] = overrides.syslogTcp;
  if (overrides.syslogUdp !== undefined) section('syslog')['udp'] = overrides.syslogUdp;
  const tls = (): Record<string, unknown> => section('tls', section('syslog'));
  if (overrides.syslogTls !== undefined) tls()['listen'] = overrides.syslogTls;
  if (overrides.tlsCert !== undefined) tls()['cert'] = overrides.tlsCert;
  if (overrides.tlsKey !== undefined) tls()['key'] = overrides.tlsKey;
  if (overrides.tlsClientCa !== undefined) tls()['clientCa'] = overrides.tlsClientCa;
  if (overrides.relp !== undefined) section('relp', section('syslog'))['listen'] = overrides.relp;
  if (overrides.relpTls !== undefined) section('relp', section('syslog'))['tls'] = overrides.relpTls;
  if (overrides.minFreeDisk !== undefined) section('storage')['minFreeDisk'] = overrides.minFreeDisk;
  if (overrides.diskCheckIntervalMs !== undefined) section('storage')['diskCheckIntervalMs'] = overrides.diskCheckIntervalMs;
  return config;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') return `${path}: unknown key(s) ${issue.keys.join(', ')}`;
    return `${path}: ${issue.message.replace(/^Invalid input: /, '')}${foundPart(issue)}`;
  });
}

/** `, found 123` when the message does not already say what was found; never a password's value. */
function foundPart(issue: z.core.$ZodIssue): string {
  if (!('input' in issue) || issue.input === undefined || /found/.test(issue.message)) return '';
  if (typeof issue.input === 'object' && issue.input !== null) return ''; // a whole section: the message says what is wrong in it
  if (issue.path.some((key) => typeof key === 'string' && /password|secret|token/i.test(key))) return '';
  const text = JSON.stringify(issue.input);
  return text === undefined ? '' : `, found ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
}
