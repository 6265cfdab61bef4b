// `notifications` in the configuration: the contract's shapes are read, defaults filled in, and
// every reference error refused at start with a message that names the fix (R-ANALYSE-2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configSchema } from '../config/schema.ts';
import { notificationsSchema, routeName } from './notifications-schema.ts';

const channels = [
  { name: 'soc-mail', type: 'email', host: 'smtp.example.org', port: 587, secure: false, from: 'logwarden@example.org', to: ['soc@example.org'] },
  { name: 'hook', type: 'webhook', url: 'https://hooks.example.org/logwarden', secretEnv: 'HOOK_SECRET' },
  { name: 'siem', type: 'syslog', address: 'siem.example.org:6514', tls: true },
  { name: 'chat', type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' },
];

/** The messages of a refused configuration, by path. */
function problems(input: unknown): string[] {
  const parsed = notificationsSchema.safeParse(input);
  assert.equal(parsed.success, false, 'expected the configuration to be refused');
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('notifications configuration (R-ANALYSE-2)', () => {
  test('R-ANALYSE-2: the contract shapes are read and the defaults filled in', () => {
    const config = notificationsSchema.parse({
      channels,
      routes: [{ channels: ['soc-mail', 'hook'] }, { match: { level: 'critical', tags: ['attack.t1110'], system: 'linux' }, channels: ['siem'], policy: 'incident', groupWait: '10s' }],
      policies: [
        {
          name: 'incident',
          levels: [
            { channels: ['chat'], delay: '15m' },
            { channels: ['soc-mail'], delay: 3600 },
          ],
        },
      ],
    });
    assert.equal(config.routes[0]?.match, undefined);
    assert.deepEqual(config.routes[1]?.match, { level: ['critical'], tags: ['attack.t1110'], system: ['linux'] });
    assert.equal(config.routes[1]?.groupWait, 10_000);
    assert.deepEqual(
      config.policies[0]?.levels.map((level) => level.delay),
      [900_000, 3_600_000],
    );
    assert.deepEqual(config.retry, { attempts: 6, firstDelay: 1000, maxDelay: 300_000, timeout: 10_000 });
    assert.deepEqual(notificationsSchema.parse(undefined), { channels: [], routes: [], policies: [], retry: config.retry });
    assert.equal(routeName(config.routes[1] ?? {}, 1), 'route-2');
  });

  test('R-ANALYSE-2: unknown channels and policies are refused with what exists', () => {
    const found = problems({ channels, routes: [{ channels: ['pager'] }, { channels: ['hook'], policy: 'missing' }], policies: [{ name: 'p', levels: [{ channels: ['nope'], delay: '1m' }] }] });
    const known = 'soc-mail, hook, siem, chat';
    assert.deepEqual(
      found.sort(),
      [
        `policies.0.levels.0.channels.0: no channel "nope": expected one of ${known}`,
        `routes.0.channels.0: no channel "pager": expected one of ${known}`,
        'routes.1.policy: no policy "missing": expected one of p',
      ].sort(),
    );
    assert.deepEqual(problems({ routes: [{ channels: ['x'] }] }), ['routes.0.channels.0: no channel "x": expected one of (none configured)']);
    assert.deepEqual(problems({ channels, routes: [{ policy: 'x' }] }), ['routes.0.policy: no policy "x": expected one of (none configured)']);
  });

  test('R-ANALYSE-2: duplicate names, a route with nothing to tell, secrets given twice and a password without a user are refused', () => {
    const found = problems({
      channels: [
        ...channels,
        { name: 'hook', type: 'webhook', url: 'https://b.example.org/', secret: 'whsec_x', secretFile: '/etc/x' },
        { name: 'm2', type: 'email', host: 'h', from: 'a@b.c', to: ['d@e.f'], passwordEnv: 'PW' },
      ],
      routes: [{ name: 'a', channels: ['hook'] }, { name: 'a', channels: ['hook'] }, {}],
      policies: [
        { name: 'p', levels: [{ channels: ['hook'], delay: '1m' }] },
        { name: 'p', levels: [{ channels: ['hook'], delay: '1m' }] },
      ],
    });
    assert.deepEqual(
      found.sort(),
      [
        'channels.4.name: two channels are named "hook"',
        'channels.4: channel "hook": give its secret one way (inline, a file or an environment variable), not several',
        'channels.5.user: channel "m2": a password needs the user it belongs to',
        'policies.1.name: two policies are named "p"',
        'routes.1.name: two routes are named "a"',
        'routes.2: a route needs channels, a policy, or both',
      ].sort(),
    );
    assert.deepEqual(
      problems({ channels, routes: [{ channels: ['hook'] }, { name: 'route-1', channels: ['hook'] }] }),
      ['routes.1.name: two routes are named "route-1"'],
      'a given name clashes with a default one',
    );
  });

  test('R-ANALYSE-2: bad shapes: plain http off loopback, durations out of range, an unknown type or level', () => {
    assert.deepEqual(problems({ channels: [{ name: 'h', type: 'webhook', url: 'http://hooks.example.org/' }] }), [
      'channels.0.url: expected an https:// URL (plain http:// only on loopback: 127.0.0.1, ::1, localhost)',
    ]);
    assert.ok(notificationsSchema.safeParse({ channels: [{ name: 'h', type: 'webhook', url: 'http://127.0.0.1:8080/' }] }).success);
    assert.match(problems({ channels: [{ name: 's', type: 'syslog', address: 'nowhere' }] })[0] ?? '', /channels\.0\.address: expected HOST:PORT/);
    assert.match(problems({ channels: [{ name: 'x', type: 'pager' }] })[0] ?? '', /expected a channel with type email, webhook, slack or syslog/);
    assert.match(
      problems({ channels, policies: [{ name: 'p', levels: [{ channels: ['hook'], delay: '10ms' }] }] })[0] ?? '',
      /policies\.0\.levels\.0\.delay: expected a duration such as 30s, 5m, 4h or 1d \(from 1s to 30d\), found "10ms"/,
    );
    assert.match(problems({ channels, routes: [{ channels: ['hook'], match: { level: 'severe' } }] }).join('\n'), /routes\.0\.match\.level/);
    assert.match(problems({ retry: { attempts: 0 } })[0] ?? '', /retry\.attempts/);
    assert.match(problems({ channels: [{ name: 'bad name', type: 'webhook', url: 'https://a.example.org/' }] })[0] ?? '', /expected a channel name of letters, digits/);
  });

  test('R-ANALYSE-2: a channel naming a masking profile that does not exist is refused in the whole configuration', () => {
    const parsed = configSchema.safeParse({ notifications: { channels: [{ name: 'hook', type: 'webhook', url: 'https://a.example.org/', masking: 'partners' }] } });
    assert.equal(parsed.success, false);
    const messages = parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    assert.ok(
      messages.some((message) => /^notifications\.channels\.0\.masking: no masking profile "partners": expected one of .*third-party/.test(message)),
      messages.join('\n'),
    );
    assert.ok(configSchema.safeParse({ notifications: { channels: [{ name: 'hook', type: 'webhook', url: 'https://a.example.org/', masking: 'third-party' }] } }).success);
  });
});

test('R-ANALYSE-2: a route name that could not name a record is refused with the rule for names', () => {
  assert.deepEqual(problems({ channels, routes: [{ name: 'the soc', channels: ['hook'] }] }), ['routes.0.name: expected a route name of letters, digits, ".", "_" or "-"']);
});
