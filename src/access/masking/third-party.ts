// The built-in `third-party` profile: what an outside party (the third-party role; issue 17's
// masked exports reuse it) sees of an event (R-MASK-1: usernames, IPs, host names, organisation
// names and other unneeded data masked). Decided field by field against the registry: every field
// is either masked here or named in KEPT with why it is safe, and a test holds the registry to that,
// so a field added later without a decision fails the build. docs/access.md lists the same table.
import type { MaskingProfileConfig } from '../masking-schema.ts';

export const THIRD_PARTY: MaskingProfileConfig = {
  name: 'third-party',
  // What identifies the collector, the audit trail's other callers, and bytes rewriting cannot read.
  redact: [
    'logwarden.source.identity', // the sender's token name or certificate subject (often an organisation's)
    'logwarden.source.listener', // logwarden's own address and port
    'logwarden.original_base64', // raw bytes: no rewriting could reach inside them
    'logwarden.audit.query', // other callers' query texts name users, hosts and addresses
    'logwarden.audit.target', // users, tokens and records other callers acted on
  ],
  // Who and which machine: pseudonyms keep "the same user did both" visible.
  pseudonymise: [
    'user.name',
    'user.id',
    'user.target.name',
    'user.effective.name',
    'user.domain', // a Windows domain is usually the organisation's name
    'related.user',
    'host.name',
    'host.hostname',
    'host.id',
    'observer.name',
    'observer.hostname',
    'url.domain',
    'session.id',
    'logwarden.node', // the logwarden server's own name
  ],
  // Where: the network, not the machine.
  generalise: ['source.ip', 'destination.ip', 'related.ip', 'host.ip', 'observer.ip', 'logwarden.source.peer'],
  message: true,
  // Free text whose contents routinely hold names, paths and addresses: rewritten, never queried.
  rewrite: [
    'event.reason',
    'process.command_line',
    'process.executable',
    'process.working_directory',
    'file.path',
    'url.original',
    'url.path',
    'url.query',
    'http.request.referrer',
    'labels',
    'log.syslog.structured_data',
    'logwarden.parse.detail',
  ],
  dictionary: { hosts: [], organisations: [] },
};

/**
 * The built-in profile with the configuration's `third-party` entry, if any: its field lists are
 * added (a field can only be masked more: redact wins over pseudonymise, over generalise, over
 * rewrite), and its dictionary and key file are the profile's.
 */
export function extendThirdParty(extension: MaskingProfileConfig | undefined): MaskingProfileConfig {
  if (extension === undefined) return THIRD_PARTY;
  const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];
  return {
    ...THIRD_PARTY,
    redact: union(THIRD_PARTY.redact, extension.redact),
    pseudonymise: union(THIRD_PARTY.pseudonymise, extension.pseudonymise),
    generalise: union(THIRD_PARTY.generalise, extension.generalise),
    rewrite: union(THIRD_PARTY.rewrite, extension.rewrite),
    dictionary: extension.dictionary,
    ...(extension.keyFile === undefined ? {} : { keyFile: extension.keyFile }),
  };
}

/**
 * The fields the profile shows as stored (apart from the sweep every shown value gets: the record's
 * masked values, addresses and dictionary words replaced): times, numbers, closed vocabularies and
 * names of software, rules and systems, which say what happened without saying to whom.
 * `message` and `event.original` are rewritten (message: true); the detection's group and reason
 * are masked key by key (masking/detection.ts).
 */
export const THIRD_PARTY_KEPT: readonly string[] = [
  'event.sequence',
  '@timestamp',
  'event.ingested',
  'log.level',
  'event.kind',
  'event.category',
  'event.type',
  'event.action',
  'event.outcome',
  'event.severity',
  'event.dataset',
  'event.module',
  'event.code',
  'event.id',
  'observer.vendor',
  'observer.product',
  'observer.type',
  'observer.ingress.interface.name',
  'observer.egress.interface.name',
  'service.name',
  'source.port',
  'destination.port',
  'network.protocol',
  'network.transport',
  'network.direction',
  'process.name',
  'process.pid',
  'trace.id',
  'group.name',
  'http.request.method',
  'http.response.status_code',
  'http.response.body.bytes',
  'http.version',
  'user_agent.original',
  'rule.name',
  'rule.id',
  'rule.version',
  'rule.ruleset',
  'tags',
  'systemd.unit',
  'log.syslog.facility.code',
  'log.syslog.facility.name',
  'log.syslog.severity.code',
  'log.syslog.severity.name',
  'log.syslog.version',
  'log.syslog.appname',
  'log.syslog.procid',
  'log.syslog.msgid',
  'logwarden.time.skew_ms',
  'logwarden.detection.level',
  'logwarden.detection.events',
  'logwarden.detection.systems',
  'user.roles',
  'logwarden.audit.scope',
  'logwarden.audit.results',
  'logwarden.system',
  'logwarden.retention_class',
  'logwarden.source.protocol',
  'logwarden.parse.error',
  'logwarden.truncated',
];
