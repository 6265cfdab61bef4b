// A built server started for a benchmark as `npm start` starts it (same heap limit), on ephemeral
// ports, with a config file of the benchmark's own; it answers with the addresses it listens on.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

const CLI = path.resolve(import.meta.dirname, '../cli/main.js');

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface BenchServer {
  readonly pid: number;
  readonly http: string;
  readonly tcp: HostPort;
  readonly udp: HostPort;
  stop(): Promise<void>;
}

/** Start `serve` on `dir` with `configYaml` as its config file; resolves once it is ready. */
export async function startBenchServer(dir: string, configYaml: string): Promise<BenchServer> {
  const config = path.join(dir, 'bench.yaml');
  await writeFile(config, configYaml);
  const args = ['--max-old-space-size=384', CLI, 'serve', '--data-dir', dir, '--config', config, '--http', '127.0.0.1:0', '--syslog-tcp', '127.0.0.1:0', '--syslog-udp', '127.0.0.1:0'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, string>;
      if (entry['msg'] === 'logwarden is ready') resolve(entry);
    });
  });
  return {
    pid: child.pid as number,
    http: ready['http'] as string,
    tcp: hostPort(ready['syslogTcp'] as string),
    udp: hostPort(ready['syslogUdp'] as string),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function hostPort(address: string): HostPort {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}
