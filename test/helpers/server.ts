// Test helper: spawn the built server (dist/) as a user would, on free loopback ports in a fresh
// data dir, and learn its addresses from its own "ready" log line.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/main.js');

export interface SpawnedServer {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly httpUrl: string;
  readonly syslogTcp: { host: string; port: number };
  readonly syslogUdp: { host: string; port: number };
  /** Only when the server was started with a syslog TLS listener. */
  readonly syslogTls?: { host: string; port: number };
  /** Only when the server was started with a RELP listener. */
  readonly relp?: { host: string; port: number };
  readonly tokenFile: string;
  /** Every log line the server printed, parsed. */
  readonly logs: Record<string, unknown>[];
  /** SIGTERM and wait; resolves to the exit code. */
  stop(): Promise<number | null>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'logwarden-test-'));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function spawnServer(dataDir: string, extraArgs: string[] = []): Promise<SpawnedServer> {
  // A small free-space reserve: the tests must not depend on how full the machine's disk is (the
  // full-disk test passes its own, and the last flag given wins).
  const args = [CLI, 'serve', '--data-dir', dataDir, '--http', '127.0.0.1:0', '--syslog-tcp', '127.0.0.1:0', '--syslog-udp', '127.0.0.1:0', '--min-free-disk', '8MiB', ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry['msg'] === 'logwarden is ready') resolve(entry);
      } catch {
        logs.push({ unparsed: line });
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready: ${stderr}`)));
  });
  const entry = await withTimeout(ready, 60_000, 'server start');
  return {
    child,
    dataDir,
    logs,
    httpUrl: entry['http'] as string,
    syslogTcp: hostPort(entry['syslogTcp'] as string),
    syslogUdp: hostPort(entry['syslogUdp'] as string),
    ...(typeof entry['syslogTls'] === 'string' ? { syslogTls: hostPort(entry['syslogTls']) } : {}),
    ...(typeof entry['relp'] === 'string' ? { relp: hostPort(entry['relp']) } : {}),
    tokenFile: path.join(dataDir, 'secrets/initial-admin-token'),
    stop: async () => {
      child.kill('SIGTERM');
      return withTimeout(exited, 60_000, 'server stop');
    },
  };
}

function hostPort(text: string): { host: string; port: number } {
  const index = text.lastIndexOf(':');
  return { host: text.slice(0, index), port: Number(text.slice(index + 1)) };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI as a user would. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Poll until `check` returns a value that is not undefined, or fail after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} not met within ${ms} ms${last ? `: ${String(last)}` : ''}`);
}
