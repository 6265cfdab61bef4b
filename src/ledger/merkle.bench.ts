// Throughput of the ledger maths, for the figures quoted in merkle.ts's comments.
// Run: node_modules/.bin/node src/ledger/merkle.bench.ts [leaf count, default 1000000]

import { consistencyProof, inclusionProof, leafHash, MerkleFrontier, verifyConsistency, verifyInclusion } from './merkle.ts';

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, (performance.now() - started) / 1000];
}

function perSecond(count: number, seconds: number): string {
  return `${Math.round(count / seconds).toLocaleString('en-US')}/s`;
}

const leafCount = Number(process.argv[2] ?? 1_000_000);

const [leafHashes, leafSeconds] = timed(() => Array.from({ length: leafCount }, (_, index) => leafHash(Buffer.from(`event ${index}`))));
console.log(`leafHash: ${leafCount} in ${leafSeconds.toFixed(3)} s (${perSecond(leafCount, leafSeconds)})`);

const [frontier, appendSeconds] = timed(() => {
  const growing = new MerkleFrontier();
  for (const hashValue of leafHashes) growing.append(hashValue);
  growing.root();
  return growing;
});
console.log(`frontier: ${leafCount} appends + root() in ${appendSeconds.toFixed(3)} s (${perSecond(leafCount, appendSeconds)})`);

// What `logwarden verify` does with a window of leaf hashes: in bulk, on one thread.
const concatenated = Buffer.concat(leafHashes);
const [bulkRoot, bulkSeconds] = timed(() => {
  const growing = new MerkleFrontier();
  growing.appendLeaves(concatenated);
  return growing.root();
});
if (!Buffer.from(bulkRoot).equals(Buffer.from(frontier.root()))) throw new Error('appendLeaves built another tree');
console.log(`frontier: appendLeaves of ${leafCount} + root() in ${bulkSeconds.toFixed(3)} s (${perSecond(leafCount, bulkSeconds)})`);

// What `logwarden verify` does when it recomputes a tree head from the stored entries themselves.
const entries = Array.from({ length: leafCount }, (_, index) => Buffer.from(`event ${index}`));
const [, fromDataSeconds] = timed(() => {
  const growing = new MerkleFrontier();
  for (const entry of entries) growing.append(leafHash(entry));
  return growing.root();
});
console.log(`leafHash + append from entry bytes: ${leafCount} in ${fromDataSeconds.toFixed(3)} s ` + `(${perSecond(leafCount, fromDataSeconds)})`);

const root = frontier.root();
const proofCount = 20;
const [inclusionProofs, inclusionSeconds] = timed(() =>
  Array.from({ length: proofCount }, (_, probe) => {
    const index = Math.floor((probe * leafCount) / proofCount);
    return { index, proof: inclusionProof(index, leafCount, leafHashes) };
  }),
);
console.log(`inclusionProof from leaf hashes: ${((inclusionSeconds / proofCount) * 1000).toFixed(1)} ms each`);

const verifyRounds = 10_000;
const [, verifySeconds] = timed(() => {
  for (let round = 0; round < verifyRounds; round++) {
    const { index, proof } = inclusionProofs[round % proofCount] as { index: number; proof: Uint8Array[] };
    if (!verifyInclusion(leafHashes[index] as Uint8Array, index, leafCount, proof, root)) throw new Error('bad proof');
  }
});
console.log(`verifyInclusion: ${perSecond(verifyRounds, verifySeconds)}`);

const oldSize = Math.floor(leafCount * 0.7) + 1;
const oldFrontier = new MerkleFrontier();
for (const hashValue of leafHashes.slice(0, oldSize)) oldFrontier.append(hashValue);
const [consistency, consistencySeconds] = timed(() => consistencyProof(oldSize, leafCount, leafHashes));
console.log(`consistencyProof from leaf hashes: ${(consistencySeconds * 1000).toFixed(1)} ms`);
const [, consistencyVerifySeconds] = timed(() => {
  for (let round = 0; round < verifyRounds; round++) {
    if (!verifyConsistency(oldSize, leafCount, oldFrontier.root(), root, consistency)) throw new Error('bad proof');
  }
});
console.log(`verifyConsistency: ${perSecond(verifyRounds, consistencyVerifySeconds)}`);
