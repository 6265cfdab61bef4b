// CPU time of a process's threads, from /proc/PID/task/*/stat (Linux): what a server run cost,
// which a throughput figure on a shared machine cannot tell apart from what the other processes
// took (docs/benchmarks.md, "Detection end to end"). Grouped as the threads name themselves in
// Node 24: the main thread (its tid is the pid: JavaScript, the event loop), V8Worker (V8's
// platform threads: parallel and concurrent garbage collection, compilation), libuv-worker
// (chDB's calls run there), and the embedded ClickHouse's own threads (ThreadPool, MergeMutate,
// QueryPipelineEx…) as `engine`.
import { readdirSync, readFileSync } from 'node:fs';

export type ThreadGroup = 'main' | 'gc+compile' | 'libuv' | 'engine';
export type ThreadCpu = Record<ThreadGroup, number>;

/** Clock ticks a second: USER_HZ, 100 on every Linux this runs on. */
const TICKS = 100;

/** Seconds of CPU per thread id, with the group each belongs to; undefined where /proc is not there. */
export function threadTimes(pid: number): Map<string, { group: ThreadGroup; seconds: number }> | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const times = new Map<string, { group: ThreadGroup; seconds: number }>();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime: fields 14 and 15 of stat(5), 12 and 13 after the name
      times.set(tid, { group: groupOf(tid === String(pid), name), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return times;
}

function groupOf(main: boolean, name: string): ThreadGroup {
  if (main) return 'main';
  if (name.startsWith('V8Worker')) return 'gc+compile';
  if (name.startsWith('libuv-worker')) return 'libuv';
  return 'engine';
}

/** CPU seconds per group spent between two readings (threads that ended between them are lost). */
export function cpuBetween(before: ReturnType<typeof threadTimes>, after: ReturnType<typeof threadTimes>): ThreadCpu | undefined {
  if (before === undefined || after === undefined) return undefined;
  const spent: ThreadCpu = { main: 0, 'gc+compile': 0, libuv: 0, engine: 0 };
  for (const [tid, now] of after) spent[now.group] += now.seconds - (before.get(tid)?.seconds ?? 0);
  return spent;
}
