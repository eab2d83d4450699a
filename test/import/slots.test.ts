import assert from 'node:assert/strict';
import { Slots } from '../../bot/import/slots.js';

/** A task that starts when run and ends when told: the test decides the order, no timing involved. */
function task(log: string[], name: string) {
  let end!: () => void;
  const ended = new Promise<void>((ok) => (end = ok));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await ended;
      log.push(`end ${name}`);
      return name;
    },
    end: () => end(),
  };
}

const turns = () => new Promise<void>((ok) => setImmediate(ok));

describe('import: at most two documents read at once', () => {
  it('a third read waits until one of the first two ends, then starts; results and failures pass through', async () => {
    const slots = new Slots(2);
    const log: string[] = [];
    const [a, b, c] = [task(log, 'a'), task(log, 'b'), task(log, 'c')];
    const results = [slots.run(a.run), slots.run(b.run), slots.run(c.run)];
    await turns();
    assert.deepEqual(log, ['start a', 'start b']);
    b.end();
    await turns();
    assert.deepEqual(log, ['start a', 'start b', 'end b', 'start c']);
    a.end();
    c.end();
    assert.deepEqual(await Promise.all(results), ['a', 'b', 'c']);
    await assert.rejects(
      slots.run(() => Promise.reject(new Error('unreadable'))),
      /unreadable/,
    );
    // A failed task gave its slot back: two more run at once.
    const [d, e] = [task(log, 'd'), task(log, 'e')];
    const more = [slots.run(d.run), slots.run(e.run)];
    await turns();
    assert.ok(log.includes('start d') && log.includes('start e'));
    d.end();
    e.end();
    await Promise.all(more);
  });
});
