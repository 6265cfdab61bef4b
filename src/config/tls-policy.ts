// The one TLS policy of every TLS listener (HTTPS API, syslog over TLS, RELP over TLS), R-COLLECT-3:
// TLS 1.2 at least, and on TLS 1.2 only forward-secret (ECDHE, DHE) AEAD suites, so that a stolen
// server key cannot decrypt recorded traffic and no CBC/SHA-1 suite (e.g. AES128-SHA) is offered.
// TLS 1.3 suites are all forward-secret AEAD; they are named here because a cipher list without
// them would switch TLS 1.3 off.
import type tls from 'node:tls';

const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

const TLS12_FORWARD_SECRET_AEAD = [
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
];

export const TLS_MIN_VERSION = 'TLSv1.2';

/** Options to spread into every server-side secure context logwarden creates. */
export const TLS_SERVER_POLICY: Readonly<Pick<tls.SecureContextOptions, 'minVersion' | 'ciphers' | 'honorCipherOrder'>> = {
  minVersion: TLS_MIN_VERSION,
  ciphers: [...TLS13_SUITES, ...TLS12_FORWARD_SECRET_AEAD].join(':'),
  honorCipherOrder: true,
};
