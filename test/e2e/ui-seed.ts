// Realistic data for the UI's screenshots (test/e2e/ui-screenshots.test.ts): a bastion host's sshd
// lines posted as JSON to the HTTP ingest, as a shipper would, within the last few minutes (the
// search view opens on the last 15 minutes): a brute force from one address that the shipped
// pack's "SSH brute force from one address" turns into an alert, some scattered failures, and
// accepted logins. The ingest's sshd parser reads each line (event.action, source.ip, user.name).
import { readFile } from 'node:fs/promises';
import { eventually } from '../helpers/server.ts';

export const SEED_CONFIG = `systems:
  - name: bastion
    owner: ops team
    description: the SSH jump host
    match: {app: [sshd]}
  - name: web
    owner: web team
    match: {host: ["web-*"]}
alerts:
  groupWait: 1s
`;

export const ATTACKER = '203.0.113.9';
const USERS = ['root', 'admin', 'oracle', 'postgres', 'ubuntu', 'test', 'deploy', 'git', 'backup', 'pi', 'user', 'ftp'];

function sshd(at: number, message: string, pid: number): Record<string, unknown> {
  return { '@timestamp': new Date(at).toISOString(), message, 'process.name': 'sshd', 'process.pid': pid, 'log.syslog.appname': 'sshd', 'host.name': 'bastion-1' };
}

/** The seed's events, oldest first, ending a little before `now`. */
export function seedEvents(now = Date.now()): Record<string, unknown>[] {
  const start = now - 8 * 60_000;
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 40; i++) {
    const at = start + i * 9_000;
    if (i % 5 === 0) events.push(sshd(at, `Accepted publickey for deploy from 192.0.2.${10 + (i % 4)} port ${40000 + i} ssh2: ED25519 SHA256:q1w2e3r4t5y6u7i8o9p0`, 3100 + i));
    else if (i % 3 === 0) events.push(sshd(at, `Failed password for invalid user ${USERS[i % USERS.length]} from 198.51.100.${20 + (i % 7)} port ${50000 + i} ssh2`, 3100 + i));
    else events.push({ '@timestamp': new Date(at).toISOString(), message: `GET /api/orders/${1000 + i} HTTP/1.1 200 ${512 + i * 7}`, 'host.name': `web-${1 + (i % 2)}`, 'log.level': 'info' });
  }
  // The brute force: twelve failures from one address in under a minute.
  for (let i = 0; i < 12; i++) events.push(sshd(now - 3 * 60_000 + i * 4_000, `Failed password for ${USERS[i % USERS.length]} from ${ATTACKER} port ${41000 + i * 3} ssh2`, 4200 + i));
  return events.sort((a, b) => String(a['@timestamp']).localeCompare(String(b['@timestamp'])));
}

/** Post the seed through the HTTP ingest with the admin token; resolves with the brute force's alert id once the alert exists. */
export async function seed(url: string, tokenFile: string): Promise<string> {
  const token = (await readFile(tokenFile, 'utf8')).trim();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' };
  const response = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers,
    body: seedEvents()
      .map((event) => JSON.stringify(event))
      .join('\n'),
  });
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  return eventually(
    async () => {
      const answer = await fetch(`${url}/api/v1/alerts`, { headers });
      const body = (await answer.json()) as { alerts?: { id: string }[] };
      return body.alerts?.[0]?.id;
    },
    60_000,
    'the brute force alert',
  );
}
