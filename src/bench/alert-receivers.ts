// What the alert-latency bench sends notifications to, on loopback: a real SMTP server
// (smtp-server, from the nodemailer project) offering STARTTLS with a throwaway certificate and
// asking for authentication, and a node:http webhook receiver that checks every request's
// Standard Webhooks signature with the official package. Each notes when it received what. Bench
// code cannot import test/, so these are the bench's own (small) equivalents of the test helpers.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

const execFileAsync = promisify(execFile);

/** One message as it arrived, with the wall-clock time (epoch ms) it was complete. */
export interface Arrival {
  readonly at: number;
  readonly text: string;
}

export interface Receiver {
  readonly arrivals: readonly Arrival[];
  /** Requests or messages refused (bad signature, bad credentials): a bench run with any is wrong. */
  readonly refused: number;
  close(): Promise<void>;
}

export interface SmtpReceiver extends Receiver {
  readonly port: number;
  /** The PEM certificate the server presents (the channel's `tls.ca`). */
  readonly caFile: string;
  readonly user: string;
  readonly password: string;
}

export interface WebhookReceiver extends Receiver {
  readonly url: string;
  /** `whsec_…`, the signing secret the channel is configured with. */
  readonly secret: string;
}

/** A self-signed certificate for 127.0.0.1 made by the openssl CLI in `dir`. */
async function selfSigned(dir: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, 'smtp.pem');
  const key = path.join(dir, 'smtp.key');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { cert, key };
}

export async function startSmtpReceiver(dir: string): Promise<SmtpReceiver> {
  const files = await selfSigned(dir);
  const user = 'logwarden';
  const password = randomBytes(12).toString('hex');
  const arrivals: Arrival[] = [];
  let refused = 0;
  const server = new SMTPServer({
    secure: false,
    key: await readFile(files.key),
    cert: await readFile(files.cert),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      refused++;
      return callback(new Error('bad credentials'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        arrivals.push({ at: Date.now(), text: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    caFile: files.cert,
    user,
    password,
    arrivals,
    get refused() {
      return refused;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const verifier = new Webhook(secret);
  const arrivals: Arrival[] = [];
  let refused = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        verifier.verify(body, request.headers as Record<string, string>);
        arrivals.push({ at: Date.now(), text: body });
        response.writeHead(204).end();
      } catch {
        refused++;
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    secret,
    arrivals,
    get refused() {
      return refused;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
