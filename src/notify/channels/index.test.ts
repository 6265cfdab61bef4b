// openChannels: one channel per notifications.channels entry, of its type, with its masking
// profile; a channel that cannot be opened stops the start and closes the ones already opened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogwardenError } from '../../errors/codes.ts';
import { notificationsSchema } from '../notifications-schema.ts';
import { openChannels } from './index.ts';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

test('R-ANALYSE-2: every configured channel is opened with its type and masking profile; nothing connects before a notice', async () => {
  const config = notificationsSchema.parse({
    channels: [
      { name: 'mail', type: 'email', host: 'smtp.example.org', from: 'lw@example.org', to: ['soc@example.org'] },
      { name: 'hook', type: 'webhook', url: 'https://hooks.example.org/lw', secretEnv: 'HOOK_SECRET', masking: 'third-party' },
      { name: 'chat', type: 'slack', url: 'https://chat.example.org/hooks/abc' },
      { name: 'siem', type: 'syslog', address: 'siem.example.org:6514', tls: true },
    ],
  });
  const channels = await openChannels(config.channels, { timeoutMs: 1000, env: { HOOK_SECRET: SECRET } });
  try {
    assert.deepEqual(
      [...channels.values()].map((channel) => [channel.name, channel.type, channel.masking]),
      [
        ['mail', 'email', undefined],
        ['hook', 'webhook', 'third-party'],
        ['chat', 'slack', undefined],
        ['siem', 'syslog', undefined],
      ],
    );
  } finally {
    for (const channel of channels.values()) await channel.close();
  }
});

test('a channel whose secret is missing stops the start with LW_CONFIG_INVALID naming it', async () => {
  const config = notificationsSchema.parse({
    channels: [
      { name: 'mail', type: 'email', host: 'smtp.example.org', from: 'lw@example.org', to: ['soc@example.org'] },
      { name: 'hook', type: 'webhook', url: 'https://hooks.example.org/lw', secretFile: '/nonexistent/hook.secret' },
    ],
  });
  await assert.rejects(
    openChannels(config.channels, { timeoutMs: 1000, env: {} }),
    (error: unknown) =>
      error instanceof LogwardenError && error.code === 'LW_CONFIG_INVALID' && error.message === 'notifications channel "hook": cannot read its signing secret file /nonexistent/hook.secret: ENOENT',
  );
});
