// `notifications` in the configuration (docs/alerting.md, "Notifications"): the channels alerts
// are sent through, the routes that choose channels and an escalation policy for each alert, and
// the policies. Names are checked across the three: a route or level naming an unknown channel, or
// a route naming an unknown policy, is refused at start. Secrets (SMTP passwords, webhook signing
// secrets) may be written inline, but belong in a file or an environment variable: the
// configuration is kept under version control (R-CONFIG-1). Pure.
import { z } from 'zod';
import { notificationTimingFields } from '../alerts/alerts-schema.ts';
import { duration } from '../config/duration.ts';
import { parseListenAddress } from '../config/address.ts';
import { RULE_LEVELS } from '../detection/rule.ts';
import { FACILITY_NAMES } from '../codecs/syslog-names.ts';

const DAY_MS = 86_400_000;

const channelName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'expected a channel name of letters, digits, ".", "_" or "-"');
const policyName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'expected a policy name of letters, digits, ".", "_" or "-"');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');
const filePath = z.string().min(1, 'expected the path of a file');
/** A masking profile (access.masking.profiles, or the built-in third-party) applied to what the channel sends. */
const maskingProfile = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a masking profile name');

/** An http(s) URL; credentials cross it, so plain http only on loopback. */
const webhookUrl = z.url({ error: 'expected an absolute URL such as https://hooks.example.org/logwarden' }).refine(
  (text) => {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname));
  },
  { error: 'expected an https:// URL (plain http:// only on loopback: 127.0.0.1, ::1, localhost)' },
);

/** Where to check the server's certificate: a CA file (PEM) and the name it must carry. */
const clientTls = z
  .object({
    /** A PEM file of the certificate authorities to trust instead of the system's. */
    ca: filePath.optional(),
    /** The name the server's certificate must carry, when it is not the host connected to. */
    serverName: z.string().min(1).max(253).optional(),
  })
  .strict();

const secretSources = {
  /** Inline secret: works, but keep secrets out of the configuration file (use secretFile or secretEnv). */
  secret: z.string().min(1).optional(),
  secretFile: filePath.optional(),
  secretEnv: envName.optional(),
};

const emailChannel = z
  .object({
    name: channelName,
    type: z.literal('email'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(587),
    /** true: TLS from the first byte (port 465). false: STARTTLS, required unless requireTls is false. */
    secure: z.boolean().default(false),
    /** With secure: false, refuse a server that does not offer STARTTLS (default true; false only for a relay on loopback). */
    requireTls: z.boolean().default(true),
    from: z.string().min(3).max(320),
    to: z.array(z.string().min(3).max(320)).min(1).max(100),
    /** SMTP authentication: the user, and the password from a file or an environment variable. */
    user: z.string().min(1).max(320).optional(),
    passwordFile: filePath.optional(),
    passwordEnv: envName.optional(),
    tls: clientTls.optional(),
    masking: maskingProfile.optional(),
  })
  .strict();

const webhookChannel = z
  .object({
    name: channelName,
    type: z.literal('webhook'),
    url: webhookUrl,
    /** The Standard Webhooks signing secret: `whsec_` and the base64 of 24 to 64 random bytes (e.g. `openssl rand -base64 32`). */
    ...secretSources,
    tls: clientTls.optional(),
    masking: maskingProfile.optional(),
  })
  .strict();

const slackChannel = z
  .object({
    name: channelName,
    type: z.literal('slack'),
    /** A Slack (or Mattermost, Rocket.Chat) incoming webhook URL. */
    url: webhookUrl,
    tls: clientTls.optional(),
    masking: maskingProfile.optional(),
  })
  .strict();

/** Facility names by code, as the syslog codec reads them (src/codecs/syslog-names.ts). */
export const SYSLOG_FACILITIES = FACILITY_NAMES;

const syslogChannel = z
  .object({
    name: channelName,
    type: z.literal('syslog'),
    /** HOST:PORT of the receiving SIEM; RFC 5424 messages, octet-counted (RFC 6587) over TCP, or TLS (RFC 5425). */
    address: z.string().refine((text) => parseListenAddress(text) !== undefined, { message: 'expected HOST:PORT, e.g. siem.example.org:6514' }),
    /** true, or where to check the receiver's certificate: TLS 1.2+ (RFC 5425). Absent or false: plain TCP. */
    tls: z.union([z.boolean(), clientTls]).default(false),
    facility: z.enum(SYSLOG_FACILITIES).default('authpriv'),
    masking: maskingProfile.optional(),
  })
  .strict();

export const channelSchema = z.discriminatedUnion('type', [emailChannel, webhookChannel, slackChannel, syslogChannel], {
  error: 'expected a channel with type email, webhook, slack or syslog',
});
export type ChannelConfig = z.output<typeof channelSchema>;
export type EmailChannelConfig = z.output<typeof emailChannel>;
export type WebhookChannelConfig = z.output<typeof webhookChannel>;
export type SlackChannelConfig = z.output<typeof slackChannel>;
export type SyslogChannelConfig = z.output<typeof syslogChannel>;

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

/** Which alerts a route takes; every condition given must hold (a list: any of its values). */
const routeMatch = z
  .object({
    /** The rule's level; a list takes any of them. */
    level: oneOrMany(z.enum(RULE_LEVELS)).optional(),
    /** Tags the rule must all carry, e.g. attack.credential-access. */
    tags: z.array(z.string().min(1).max(200)).min(1).optional(),
    /** One of the alert's systems (logwarden.system); a list takes any of them. */
    system: oneOrMany(z.string().min(1).max(63)).optional(),
  })
  .strict();

export const routeSchema = z
  .object({
    /** A name for the records of its notifications; default `route-N` (its place in the list, from 1). */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'expected a route name of letters, digits, ".", "_" or "-"')
      .optional(),
    /** Absent: the route takes every alert. Every route whose match holds takes the alert. */
    match: routeMatch.optional(),
    channels: z.array(channelName).max(50).default([]),
    /** An escalation policy (notifications.policies) for the alerts this route takes. */
    policy: policyName.optional(),
    ...notificationTimingFields,
  })
  .strict();
export type RouteConfig = z.output<typeof routeSchema>;

export const policySchema = z
  .object({
    name: policyName,
    /**
     * Level 1 is notified with the route's first notification; an alert not acknowledged within a
     * level's delay moves to the next level, whose channels are notified. Acknowledging stops it.
     */
    levels: z
      .array(z.object({ channels: z.array(channelName).min(1).max(50), delay: duration(1000, 30 * DAY_MS) }).strict())
      .min(1)
      .max(20),
  })
  .strict();
export type PolicyConfig = z.output<typeof policySchema>;

export const notificationsSchema = z
  .object({
    channels: z.array(channelSchema).max(200).default([]),
    routes: z.array(routeSchema).max(1000).default([]),
    policies: z.array(policySchema).max(200).default([]),
    /** Tries of one delivery before it is dead-lettered, and the back-off between them (doubling from `firstDelay`, at most `maxDelay`). */
    retry: z
      .object({
        attempts: z.number().int().min(1).max(50).default(6),
        firstDelay: duration(10, 3_600_000).default(1000),
        maxDelay: duration(10, DAY_MS).default(300_000),
        /** Time limit of one attempt (connect, send, answer). */
        timeout: duration(100, 300_000).default(10_000),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((notifications, ctx) => {
    for (const issue of notificationReferenceIssues(notifications)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .prefault({});

export type NotificationsConfig = z.output<typeof notificationsSchema>;

interface ReferenceIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Unique names, and every channel and policy a route or level names exists; secrets named once. */
export function notificationReferenceIssues(config: Pick<NotificationsConfig, 'channels' | 'routes' | 'policies'>): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const channels = new Set<string>();
  config.channels.forEach((channel, index) => {
    if (channels.has(channel.name)) issues.push({ path: ['channels', index, 'name'], message: `two channels are named "${channel.name}"` });
    channels.add(channel.name);
    const sources = channel.type === 'webhook' ? [channel.secret, channel.secretFile, channel.secretEnv] : channel.type === 'email' ? [channel.passwordFile, channel.passwordEnv] : [];
    if (sources.filter((source) => source !== undefined).length > 1)
      issues.push({ path: ['channels', index], message: `channel "${channel.name}": give its secret one way (inline, a file or an environment variable), not several` });
    if (channel.type === 'email' && (channel.passwordFile !== undefined || channel.passwordEnv !== undefined) && channel.user === undefined)
      issues.push({ path: ['channels', index, 'user'], message: `channel "${channel.name}": a password needs the user it belongs to` });
  });
  const known = [...channels].join(', ') || '(none configured)';
  const policies = new Set<string>();
  config.policies.forEach((policy, index) => {
    if (policies.has(policy.name)) issues.push({ path: ['policies', index, 'name'], message: `two policies are named "${policy.name}"` });
    policies.add(policy.name);
    policy.levels.forEach((level, levelIndex) =>
      level.channels.forEach((name, channelIndex) => {
        if (!channels.has(name)) issues.push({ path: ['policies', index, 'levels', levelIndex, 'channels', channelIndex], message: `no channel "${name}": expected one of ${known}` });
      }),
    );
  });
  const routeNames = new Set<string>();
  config.routes.forEach((route, index) => {
    const name = routeName(route, index);
    if (routeNames.has(name)) issues.push({ path: ['routes', index, 'name'], message: `two routes are named "${name}"` });
    routeNames.add(name);
    route.channels.forEach((channel, channelIndex) => {
      if (!channels.has(channel)) issues.push({ path: ['routes', index, 'channels', channelIndex], message: `no channel "${channel}": expected one of ${known}` });
    });
    if (route.policy !== undefined && !policies.has(route.policy))
      issues.push({ path: ['routes', index, 'policy'], message: `no policy "${route.policy}": expected one of ${[...policies].join(', ') || '(none configured)'}` });
    if (route.channels.length === 0 && route.policy === undefined) issues.push({ path: ['routes', index], message: 'a route needs channels, a policy, or both' });
  });
  return issues;
}

/** A route's name: its own, or `route-N` by its place in the list (from 1). */
export function routeName(route: Pick<RouteConfig, 'name'>, index: number): string {
  return route.name ?? `route-${index + 1}`;
}

/** The masking profiles channels name, for the check against the profiles configured. */
export function channelMaskingProfiles(config: Pick<NotificationsConfig, 'channels'>): { readonly path: (string | number)[]; readonly profile: string }[] {
  return config.channels.flatMap((channel, index) => (channel.masking === undefined ? [] : [{ path: ['notifications', 'channels', index, 'masking'], profile: channel.masking }]));
}
