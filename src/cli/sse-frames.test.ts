// The CLI's reading of the tail's Server-Sent Events: events split across chunks, comments
// (heartbeats) and retry lines ignored, CRLF line ends, multi-line data joined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseFrames } from './sse-frames.ts';

test('events split across chunks come out whole; heartbeats and retry lines are not events', () => {
  const frames = new SseFrames();
  assert.deepEqual(frames.push('retry: 3000\nevent: ready\ndata: {"query":""}\n\n: heartbeat\n\nevent: rec'), [{ event: 'ready', data: '{"query":""}' }]);
  assert.deepEqual(frames.push('ord\ndata: {"message":"a"}\n'), []);
  assert.deepEqual(frames.push('\nevent: skipped\r\ndata: {"skipped":2}\r\n\r\ndata: one\ndata: two\n\n'), [
    { event: 'record', data: '{"message":"a"}' },
    { event: 'skipped', data: '{"skipped":2}' },
    { event: 'message', data: 'one\ntwo' },
  ]);
});
