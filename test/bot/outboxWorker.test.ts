import assert from 'node:assert/strict';
import pino from 'pino';
import { OutboxWorker } from '../../bot/notify/outboxWorker.js';
import { decideRetry, retryAfterMs } from '../../bot/notify/retryPolicy.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';

const httpError = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } } });

describe('Outbox worker', () => {
  it('retries 500 with backoff and 429 after Retry-After, then delivers exactly once', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = new MemoryStore();
    const outbox = new OutboxRepository(store);
    const script: Array<Error | undefined> = [httpError(500), httpError(429, '30'), undefined];
    const delivered: string[] = [];
    const worker = new OutboxWorker({
      outbox,
      handlers: {
        notify: async (item) => {
          const next = script.shift();
          if (next) throw next;
          delivered.push(item.id);
        },
      },
      logger: pino({ level: 'silent' }),
      pollMs: 1000,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      clock: () => now,
    });
    assert.equal(await outbox.enqueue({ id: 'n1', kind: 'notify', payload: {} }, now), true);
    assert.equal(await outbox.enqueue({ id: 'n1', kind: 'notify', payload: {} }, now), false, 'the same id is queued once');

    await worker.runOnce(); // 500
    let [item] = await outbox.pending();
    assert.equal(item?.attempts, 1);
    assert.equal(item?.lastError, 'HTTP 500');
    const backoff = Date.parse(item!.nextAttemptAt) - now.getTime();
    assert.ok(backoff >= 800 && backoff <= 1200, `backoff ${backoff}`);

    await worker.runOnce(); // not due yet: nothing happens
    assert.equal((await outbox.pending())[0]?.attempts, 1);

    now = new Date(now.getTime() + 1500);
    await worker.runOnce(); // 429, Retry-After: 30
    [item] = await outbox.pending();
    assert.equal(item?.lastError, 'HTTP 429');
    assert.equal(Date.parse(item!.nextAttemptAt) - now.getTime(), 30_000);

    now = new Date(now.getTime() + 29_000);
    await worker.runOnce();
    assert.deepEqual(delivered, [], 'waits the whole Retry-After');
    now = new Date(now.getTime() + 1_000);
    await worker.runOnce();
    await worker.runOnce();
    assert.deepEqual(delivered, ['n1']);
    assert.deepEqual(await outbox.pending(), []);
    assert.equal((await store.read<{ attempts: number }>('outbox-delivered/n1'))?.value.attempts, 3);
  });

  it('classifies failures: 412/502/504 and network errors are transient, 403 is an alarm', () => {
    const now = new Date();
    for (const code of [412, 502, 504]) assert.equal(decideRetry(httpError(code), 0, now, 100, 1000).transient, true);
    assert.equal(decideRetry(new Error('ECONNRESET'), 0, now, 100, 1000).transient, true);
    const forbidden = decideRetry(httpError(403), 0, now, 100, 1000);
    assert.equal(forbidden.transient, false);
    assert.equal(forbidden.delayMs, 1000);
    assert.equal(retryAfterMs('Wed, 01 Jan 2026 00:00:10 GMT', new Date('2026-01-01T00:00:00Z')), 10_000);
  });
});
