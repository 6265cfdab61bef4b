// The component runner with small real components (plain objects that note what happens to them):
// start in dependency order, stop in reverse waves, each stop bounded, a failed start undone, and
// wiring mistakes (cycle, missing dependency, repeated name) refused before anything starts.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { HEALTHY, type Component, type ComponentHealth } from './component.ts';
import { ComponentRunner } from './components.ts';

interface Part extends Component {
  /** Resolves the part's stop when it was made to hang. */
  release?: () => void;
}

/** A part that notes `start:name` / `stop:name` (and `stopped:name` when its stop completes) in `log`. */
function part(
  name: string,
  dependencies: string[],
  log: string[],
  behaviour: { failStart?: Error; failStop?: Error; hangStop?: boolean; stopTimeoutMs?: number; health?: ComponentHealth } = {},
): Part {
  const made: Part = {
    name,
    dependencies,
    ...(behaviour.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: behaviour.stopTimeoutMs }),
    async start() {
      log.push(`start:${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      if (behaviour.failStart) throw behaviour.failStart;
    },
    async stop() {
      log.push(`stop:${name}`);
      if (behaviour.hangStop) await new Promise<void>((resolve) => (made.release = resolve));
      else await new Promise((resolve) => setImmediate(resolve));
      if (behaviour.failStop) throw behaviour.failStop;
      log.push(`stopped:${name}`);
    },
    health: () => behaviour.health ?? HEALTHY,
  };
  return made;
}

/** A real pino logger writing into `lines`. */
function capturingLogger(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

const options = (lines: Record<string, unknown>[] = []) => ({ stopTimeoutMs: 5000, logger: capturingLogger(lines) });

describe('component runner', () => {
  test('starts each component after its dependencies, otherwise in the order given, and stops in reverse', async () => {
    const log: string[] = [];
    // Given out of order: http before the pipeline it needs, the lock last.
    const runner = new ComponentRunner(
      [part('http', ['pipeline'], log), part('pipeline', ['store'], log), part('listener', ['pipeline'], log), part('store', ['lock'], log), part('lock', [], log)],
      options(),
    );
    assert.deepEqual(runner.names, ['lock', 'store', 'pipeline', 'http', 'listener']);
    await runner.start();
    assert.deepEqual(log, ['start:lock', 'start:store', 'start:pipeline', 'start:http', 'start:listener']);
    log.length = 0;
    await runner.stop();
    // http and listener depend on nothing running: they stop together (both begin before either ends).
    assert.deepEqual(log.slice(0, 2).sort(), ['stop:http', 'stop:listener']);
    assert.deepEqual(log.slice(2, 4).sort(), ['stopped:http', 'stopped:listener']);
    assert.deepEqual(log.slice(4), ['stop:pipeline', 'stopped:pipeline', 'stop:store', 'stopped:store', 'stop:lock', 'stopped:lock']);
  });

  test('a cycle is refused at construction, naming the components in it, before anything starts', () => {
    const log: string[] = [];
    assert.throws(() => new ComponentRunner([part('lock', [], log), part('a', ['lock', 'c'], log), part('b', ['a'], log), part('c', ['b'], log)], options()), {
      message: 'components depend on each other in a cycle: a → c → b → a',
    });
    assert.throws(() => new ComponentRunner([part('self', ['self'], log)], options()), { message: 'components depend on each other in a cycle: self → self' });
    assert.deepEqual(log, []);
  });

  test('a missing dependency and a repeated name are refused with the names', () => {
    const log: string[] = [];
    assert.throws(() => new ComponentRunner([part('http', ['pipeline', 'tokens'], log), part('tokens', [], log)], options()), {
      message: 'component "http" depends on "pipeline", which no component is named',
    });
    assert.throws(() => new ComponentRunner([part('store', [], log), part('store', [], log)], options()), { message: 'two components are named "store"' });
    assert.deepEqual(log, []);
  });

  test('a start that fails stops what already started, in reverse, starts nothing after it, and throws the original error', async () => {
    const log: string[] = [];
    const failure = new Error('port in use');
    const runner = new ComponentRunner([part('lock', [], log), part('store', ['lock'], log), part('http', ['store'], log, { failStart: failure }), part('listener', ['store'], log)], options());
    await assert.rejects(runner.start(), (error) => error === failure);
    assert.deepEqual(log, ['start:lock', 'start:store', 'start:http', 'stop:store', 'stopped:store', 'stop:lock', 'stopped:lock']);
    assert.deepEqual(
      runner.health().map((one) => [one.name, one.status === 'down' ? one.reason : one.status]),
      [
        ['lock', 'stopped'],
        ['store', 'stopped'],
        ['http', 'start failed'],
        ['listener', 'not started'],
      ],
    );
  });

  test('a stop that takes longer than its bound is left behind with a warning; what it depends on still stops', async () => {
    const log: string[] = [];
    const lines: Record<string, unknown>[] = [];
    const slow = part('listener', ['pipeline'], log, { hangStop: true, stopTimeoutMs: 20 });
    const runner = new ComponentRunner([part('pipeline', [], log), slow], options(lines));
    await runner.start();
    log.length = 0;
    await runner.stop();
    assert.deepEqual(log, ['stop:listener', 'stop:pipeline', 'stopped:pipeline'], 'the pipeline stopped while the listener was still closing');
    const warning = lines.find((line) => line['component'] === 'listener' && line['level'] === 40);
    assert.equal(warning?.['msg'], 'listener did not stop within 20 ms: stopping the rest without waiting for it');
    slow.release?.();
  });

  test('a stop that fails does not keep the others from stopping; the first error is thrown at the end', async () => {
    const log: string[] = [];
    const failure = new Error('flush failed');
    const runner = new ComponentRunner([part('lock', [], log), part('ledger', ['lock'], log, { failStop: failure }), part('http', ['ledger'], log)], options());
    await runner.start();
    log.length = 0;
    await assert.rejects(runner.stop(), (error) => error === failure);
    assert.deepEqual(log, ['stop:http', 'stopped:http', 'stop:ledger', 'stop:lock', 'stopped:lock'], 'the lock is still released, last');
  });

  test("health: a started component's own answer; one not running is down, saying why", async () => {
    const log: string[] = [];
    const runner = new ComponentRunner([part('disk-guard', [], log, { health: { status: 'degraded', reason: 'disk nearly full' } }), part('http', ['disk-guard'], log)], options());
    assert.deepEqual(runner.health(), [
      { name: 'disk-guard', status: 'down', reason: 'not started' },
      { name: 'http', status: 'down', reason: 'not started' },
    ]);
    await runner.start();
    assert.deepEqual(runner.health(), [
      { name: 'disk-guard', status: 'degraded', reason: 'disk nearly full' },
      { name: 'http', status: 'ok' },
    ]);
    await runner.stop();
    assert.deepEqual(
      runner.health().map((one) => one.status),
      ['down', 'down'],
    );
  });
});
