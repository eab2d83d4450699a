import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createAdapter } from '../../bot/adapter.js';
import { loadConfig } from '../../bot/config.js';
import { forwarder } from '../../bot/notify/forwarder.js';
import { OUTBOX_PROBLEMS, OutboxWorker, type Deliver } from '../../bot/notify/outboxWorker.js';
import { NoAnswerError, sendProactive } from '../../bot/notify/proactive.js';
import { decideRetry, retryAfterMs } from '../../bot/notify/retryPolicy.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import { OutboxRepository, type OutboxItem } from '../../storage/repositories/outbox.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';

const httpError = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error(`HTTP ${statusCode}`), {
    statusCode,
    response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
  });

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
    assert.equal(
      await outbox.enqueue({ id: 'n1', kind: 'notify', payload: {} }, now),
      false,
      'the same id is queued once',
    );

    await worker.runOnce(); // 500
    let [item] = await outbox.pending();
    assert.equal(item?.attempts, 1);
    assert.equal(item?.lastError, 'HTTP 500');
    const backoff = Date.parse(item.nextAttemptAt) - now.getTime();
    assert.ok(backoff >= 800 && backoff <= 1200, `backoff ${backoff}`);

    await worker.runOnce(); // not due yet: nothing happens
    assert.equal((await outbox.pending())[0]?.attempts, 1);

    now = new Date(now.getTime() + 1500);
    await worker.runOnce(); // 429, Retry-After: 30
    [item] = await outbox.pending();
    assert.equal(item?.lastError, 'HTTP 429');
    assert.equal(Date.parse(item.nextAttemptAt) - now.getTime(), 30_000);

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

  it('cuts a delivery that never answers at the bound, even one that ignores its signal, and claims it only a little longer', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const outbox = new OutboxRepository(new MemoryStore());
    let claimedFor = 0;
    let sawAbort = false;
    const worker = workerFor(
      outbox,
      {
        listens: async (_item, signal) => {
          claimedFor = Date.parse((await outbox.pending())[0]!.claimUntil!) - now.getTime();
          // The worker aborts with an Error of its own (Interrupted or NoAnswerError).
          await new Promise<void>((_, fail) =>
            signal.addEventListener('abort', () => ((sawAbort = true), fail(signal.reason as Error))),
          );
        },
        // A handler that never settles and never looks at the signal: the worker's own bound still ends the attempt.
        deaf: () => new Promise<void>(() => undefined),
      },
      { clock: () => now, deliveryTimeoutMs: 20 },
    );
    await outbox.enqueue({ id: 'a', kind: 'listens', payload: {} }, now);
    await outbox.enqueue({ id: 'b', kind: 'deaf', payload: {} }, now);
    await worker.runOnce();
    assert.ok(sawAbort, 'the handler was told to stop');
    assert.equal(claimedFor, 20 + 3_000, 'the claim is the bound plus a small margin');
    for (const item of await outbox.pending()) {
      assert.equal(item.claimUntil, undefined, `${item.id}: not left claimed`);
      assert.equal(item.lastError, 'ETIMEDOUT', item.id);
      assert.equal(item.attempts, 1, item.id);
    }
  });

  it('on stop(), lets a delivery finish within the grace and marks it delivered, starting no other', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const store = new MemoryStore();
    const outbox = new OutboxRepository(store);
    const entered = deferred();
    const finish = deferred();
    const started: string[] = [];
    const worker = workerFor(
      outbox,
      {
        notify: async (item) => {
          started.push(item.id);
          entered.resolve();
          await finish.promise;
        },
      },
      { clock: () => now },
    );
    await outbox.enqueue({ id: 'first', kind: 'notify', payload: {} }, now);
    await outbox.enqueue({ id: 'second', kind: 'notify', payload: {} }, now);
    worker.kick();
    await entered.promise;
    const stopped = worker.stop(60_000);
    finish.resolve(); // the answer comes during the grace
    await stopped;
    assert.deepEqual(started, ['first']);
    assert.ok(await store.read('outbox-delivered/first'), 'marked delivered');
    assert.deepEqual(
      (await outbox.pending()).map((i) => [i.id, i.attempts, i.claimUntil]),
      [['second', 0, undefined]],
      'the other one untouched',
    );
  });

  it('on stop(), cuts a delivery still unanswered when the grace ends and releases its claim: due at once, for the next instance', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const outbox = new OutboxRepository(new MemoryStore());
    const entered = deferred();
    let aborted = false;
    const worker = workerFor(
      outbox,
      {
        notify: async (_item, signal) => {
          entered.resolve();
          // The worker aborts with an Error of its own (Interrupted or NoAnswerError).
          await new Promise<void>((_, fail) =>
            signal.addEventListener('abort', () => ((aborted = true), fail(signal.reason as Error))),
          );
        },
      },
      { clock: () => now },
    );
    await outbox.enqueue({ id: 'n1', kind: 'notify', payload: {} }, now);
    worker.kick();
    await entered.promise;
    assert.ok((await outbox.pending())[0]?.claimUntil, 'claimed while under way');
    await worker.stop(10);
    await worker.idle();
    assert.ok(aborted, 'the send was cut, so it cannot land after the release');
    const [item] = await outbox.pending();
    assert.equal(item?.claimUntil, undefined, 'claim released');
    assert.equal(item?.nextAttemptAt, now.toISOString(), 'due at once');
    assert.equal(item?.lastError, 'interrupted by a shutdown');
    worker.kick();
    await worker.idle();
    assert.equal((await outbox.pending())[0]?.attempts, 1, 'no pass after stop()');
  });

  it('sends at once what a delivery queued (a follow-up), not at the next poll', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const store = new MemoryStore();
    const outbox = new OutboxRepository(store);
    const worker = workerFor(
      outbox,
      {
        first: async () => void (await outbox.enqueue({ id: 'follow-up', kind: 'second', payload: {} }, now)),
        second: async () => undefined,
      },
      { clock: () => now, pollMs: 3_600_000 },
    );
    await outbox.enqueue({ id: 'one', kind: 'first', payload: {} }, now);
    worker.kick();
    await worker.idle();
    assert.deepEqual(await outbox.pending(), []);
    assert.ok(await store.read('outbox-delivered/follow-up'));
  });

  describe('problems()', () => {
    it('reports an item due and undelivered for longer than stuckMs, however recent its last retry', async () => {
      const t0 = new Date('2026-01-01T00:00:00Z');
      let now = t0;
      const outbox = new OutboxRepository(new MemoryStore());
      const worker = workerFor(
        outbox,
        { notify: async () => Promise.reject(httpError(500)) },
        { clock: () => now, baseDelayMs: 1_000, maxDelayMs: 60_000 },
      );
      await outbox.enqueue({ id: 'n1', kind: 'notify', payload: {} }, t0);
      assert.deepEqual(await worker.problems(), []);
      for (let minute = 1; minute <= 16; minute++) {
        now = new Date(t0.getTime() + minute * 60_000);
        await worker.runOnce(); // fails again: its nextAttemptAt stays recent
        const expected = minute * 60_000 > 15 * 60_000 ? [OUTBOX_PROBLEMS.overdue] : [];
        assert.deepEqual(await worker.problems(), expected, `after ${minute} min`);
      }
      const shorter = workerFor(outbox, {}, { clock: () => now, stuckMs: 60 * 60_000 });
      assert.deepEqual(await shorter.problems(), [], 'stuckMs is an option');
      assert.deepEqual(
        await worker.problems(new Date(t0.getTime() + 60_000)),
        [],
        'problems(now) takes the time asked about',
      );
    });

    it('reports a pass that threw, in fixed words, until a pass succeeds', async () => {
      const now = new Date('2026-01-01T00:00:00Z');
      const store = new Breakable(new MemoryStore());
      const outbox = new OutboxRepository(store);
      const worker = workerFor(outbox, { notify: async () => undefined }, { clock: () => now });
      await outbox.enqueue({ id: 'n1', kind: 'notify', payload: {} }, now);
      store.broken = true;
      worker.kick();
      await worker.idle();
      assert.deepEqual(await worker.problems(), [OUTBOX_PROBLEMS.passFailed], 'no internal error text');
      store.broken = false;
      await worker.runOnce();
      assert.deepEqual(await worker.problems(), []);
    });
  });

  describe('bounded sends', () => {
    let server: Server;
    let url = '';
    let held: Array<{ req: IncomingMessage; closed: Promise<void> }> = [];
    beforeEach(async () => {
      held = [];
      // Takes every request and never answers.
      server = createServer((req) =>
        held.push({ req, closed: new Promise<void>((ok) => req.socket.once('close', () => ok())) }),
      );
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    });
    const channel = () => ({
      channelId: 'msteams',
      serviceUrl: url,
      conversation: { id: '19:c@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' },
    });

    it('a proactive send that gets no answer fails at its bound, and its HTTP request is cut (so it cannot land later)', async () => {
      const adapter = createAdapter(loadConfig({}));
      await assert.rejects(
        // The bound is long enough for a loaded CI machine to get the request to the server first.
        sendProactive(adapter, '', channel(), [{ type: 'message', text: 'hi' }], { timeoutMs: 1_500 }),
        NoAnswerError,
      );
      assert.equal(held.length, 1);
      await held[0]!.closed;
    });

    it('a proactive send is cut at once when the outbox aborts it, with the outbox’s reason', async () => {
      const adapter = createAdapter(loadConfig({}));
      const control = new AbortController();
      const sending = sendProactive(adapter, '', channel(), [{ type: 'message', text: 'hi' }], {
        signal: control.signal,
      });
      while (held.length === 0) await new Promise((r) => setTimeout(r, 5));
      const why = new Error('shutdown');
      control.abort(why);
      await assert.rejects(sending, (err) => err === why);
      await held[0]!.closed;
    });

    it('a forward that gets no answer fails at its bound, its request cut', async () => {
      const practices = new PracticeRepository(new MemoryStore());
      // forwarder reads the record first: a stub that returns one is all it needs.
      practices.get = async () =>
        ({ reference: 'MESICIC-BP-2026-0001' }) as unknown as Awaited<ReturnType<PracticeRepository['get']>>;
      const send = forwarder({ url, secret: 's'.repeat(32), practices, timeoutMs: 1_500 });
      const item: OutboxItem = {
        id: 'f1',
        kind: 'forward',
        payload: { reference: 'MESICIC-BP-2026-0001', status: 'submitted', version: 1 },
        attempts: 0,
        nextAttemptAt: '',
        createdAt: '',
      };
      await assert.rejects(send(item), NoAnswerError);
      await held[0]!.closed;
    });
  });
});

function workerFor(
  outbox: OutboxRepository,
  handlers: Record<string, Deliver>,
  options: {
    clock?: () => Date;
    deliveryTimeoutMs?: number;
    stuckMs?: number;
    pollMs?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
  } = {},
) {
  return new OutboxWorker({
    outbox,
    handlers,
    logger: pino({ level: 'silent' }),
    pollMs: options.pollMs ?? 1_000,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    ...options,
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((ok) => (resolve = ok));
  return { promise, resolve };
}

/** A store whose writes fail while `broken`, with an error whose text must not reach /health. */
class Breakable implements DocumentStore {
  broken = false;
  constructor(private readonly inner: DocumentStore) {}
  read: DocumentStore['read'] = (key) => this.inner.read(key);
  list: DocumentStore['list'] = (prefix) => this.inner.list(prefix);
  remove: DocumentStore['remove'] = (key) => this.inner.remove(key);
  write: DocumentStore['write'] = async (key, value, ifMatch) => {
    if (this.broken) throw new Error('EIO: /secret/path/outbox/n1.json');
    return this.inner.write(key, value, ifMatch);
  };
}
