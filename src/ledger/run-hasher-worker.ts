// The body of RunHasher's helper thread (run-hasher.ts): builds the Merkle tree of one run of leaf
// hashes, as if it started at leaf 0, and answers with the run's right edge at each size asked for
// and at its end. The leaves arrive on shared memory, so nothing is copied.
import { parentPort } from 'node:worker_threads';
import { HASH_SIZE, MerkleFrontier } from './merkle.ts';
import type { RunEdge, RunJob } from './run-hasher.ts';

function hashRun({ leaves, stops }: RunJob): RunEdge[] {
  const bytes = Buffer.from(leaves.buffer, leaves.byteOffset, leaves.byteLength);
  const frontier = new MerkleFrontier();
  const edges: RunEdge[] = [];
  for (const stop of [...stops, bytes.length / HASH_SIZE]) {
    frontier.appendLeaves(bytes.subarray(frontier.size * HASH_SIZE, stop * HASH_SIZE));
    edges.push({ size: frontier.size, edge: frontier.rightEdge() });
  }
  return edges;
}

parentPort?.on('message', (job: RunJob) => parentPort?.postMessage(hashRun(job)));
