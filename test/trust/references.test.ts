import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newDraft, type Draft } from '../../dialogs/core/draft.js';
import { highestSequence } from '../../dialogs/core/practice.js';
import { NOTIFY_KIND, SubmissionService } from '../../dialogs/core/submission.js';
import { validatePart } from '../../dialogs/core/validation.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { ConflictError, type DocumentStore, type Versioned } from '../../storage/ports.js';
import { CounterRepository, HOLDERS_KEPT } from '../../storage/repositories/counters.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { mexico } from '../fixtures/seeds.js';

/*
 * References without gaps (issue 18): the counter records which draft got each number in the same
 * compare-and-swap that takes it, so a retry, a redelivery on another instance or a double submit from two
 * devices all get the same number, and a submission cut off after the counter write is completed later.
 */

/** A store in front of another that can be told to fail one write after (or instead of) doing it. */
class Faulty implements DocumentStore {
  private faults: {
    match: (key: string, value: unknown) => boolean;
    commit: boolean;
    error: (key: string) => Error;
  }[] = [];
  constructor(readonly inner: DocumentStore) {}

  /** The next write matching: done, then answered with a conflict (a reply lost, the client's retry got 412). */
  loseReply(match: (key: string, value: unknown) => boolean): void {
    this.faults.push({ match, commit: true, error: (key) => new ConflictError(key) });
  }
  /** The next write matching never happens: the instance died just before it. */
  crashBefore(match: (key: string, value: unknown) => boolean): void {
    this.faults.push({ match, commit: false, error: () => new Error('killed') });
  }

  read<T>(key: string): Promise<Versioned<T> | undefined> {
    return this.inner.read<T>(key);
  }
  async write<T>(key: string, value: T, ifMatch?: string | null): Promise<string> {
    const i = this.faults.findIndex((f) => f.match(key, value));
    if (i < 0) return this.inner.write(key, value, ifMatch);
    const [fault] = this.faults.splice(i, 1);
    if (fault!.commit) await this.inner.write(key, value, ifMatch);
    throw fault!.error(key);
  }
  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }
  remove(key: string): Promise<void> {
    return this.inner.remove(key);
  }
}

const temps: string[] = [];
const owned: LowdbFileStore[] = [];
async function fileStore(dir?: string): Promise<{ store: LowdbFileStore; dir: string }> {
  dir ??= await mkdtemp(join(tmpdir(), 'mesicic-references-'));
  if (!temps.includes(dir)) temps.push(dir);
  const store = await LowdbFileStore.open(dir, { fsync: false });
  owned.push(store);
  return { store, dir };
}
after(async () => {
  for (const s of owned.splice(0)) await s.close();
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});

const stores: [string, () => Promise<DocumentStore>][] = [
  ['memory', () => Promise.resolve(new MemoryStore())],
  ['lowdb files', async () => (await fileStore()).store],
];

for (const [name, make] of stores)
  describe(`reference counter on the ${name} store`, function () {
    this.timeout(30_000);
    let store: DocumentStore;
    beforeEach(async () => (store = await make()));

    it('gives one number to one holder, however many ask at once (two instances, a retry)', async () => {
      const a = new CounterRepository(store);
      const b = new CounterRepository(store);
      const got = await Promise.all([a.next('practice-2026', 'u1/d1'), b.next('practice-2026', 'u1/d1')]);
      assert.deepEqual(got, [1, 1]);
      assert.equal(await a.next('practice-2026', 'u1/d1'), 1, 'asked again later');
      assert.equal(await b.next('practice-2026', 'u2/d2'), 2, 'the next holder gets the next number');
      assert.deepEqual(
        (await a.reservations()).map((r) => [r.counter, r.holder, r.value]),
        [
          ['practice-2026', 'u1/d1', 1],
          ['practice-2026', 'u2/d2', 2],
        ],
      );
    });

    it('gives different holders consecutive numbers, with no gap and none twice', async () => {
      const instances = [new CounterRepository(store), new CounterRepository(store), new CounterRepository(store)];
      const got = await Promise.all(
        Array.from({ length: 9 }, (_, i) => instances[i % 3]!.next('session-2026', `u/d${i}`)),
      );
      assert.deepEqual(
        [...got].sort((x, y) => x - y),
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      // Each holder asked again (from another instance) keeps its own.
      for (let i = 0; i < 9; i++) assert.equal(await instances[(i + 1) % 3]!.next('session-2026', `u/d${i}`), got[i]);
    });

    it('takes numbers one at a time within one instance: no lost races, the CAS is for other instances', async () => {
      let conflicts = 0;
      const counters = new CounterRepository(store, undefined, () => conflicts++);
      const got = await Promise.all(Array.from({ length: 8 }, (_, i) => counters.next('practice-2026', `u/x${i}`)));
      assert.deepEqual(
        [...got].sort((x, y) => x - y),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      assert.equal(conflicts, 0);
    });

    it('reads a counter written as a bare number (before holders were kept)', async () => {
      await store.write('counters/practice-2026', 7, null);
      const counters = new CounterRepository(store);
      assert.equal(await counters.next('practice-2026', 'u/d'), 8);
      assert.equal(await counters.next('practice-2026', 'u/d'), 8);
      assert.equal(await counters.next('practice-2026', 'u/e'), 9);
      assert.equal(await counters.next('practice-2026'), 10, 'without a holder every call takes a number');
    });

    it('hands the same number back when its write committed but the reply was lost', async () => {
      const faulty = new Faulty(store);
      const counters = new CounterRepository(faulty);
      assert.equal(await counters.next('practice-2026', 'u/a'), 1);
      faulty.loseReply((key) => key.startsWith('counters/'));
      assert.equal(await counters.next('practice-2026', 'u/b'), 2);
      assert.equal(await counters.next('practice-2026', 'u/c'), 3, 'no number burnt');
    });

    it('keeps the newest holders only', async () => {
      const counters = new CounterRepository(store);
      for (let i = 1; i <= HOLDERS_KEPT + 5; i++) await counters.next('practice-2026', `u/d${i}`);
      const kept = await counters.reservations(['practice-2026']);
      assert.equal(kept.length, HOLDERS_KEPT);
      assert.equal(kept[0]!.value, 6);
      assert.equal(await counters.next('practice-2026', `u/d${HOLDERS_KEPT + 5}`), HOLDERS_KEPT + 5);
    });
  });

describe('reference counter: damaged or missing, rebuilt from the references in use', function () {
  this.timeout(30_000);
  const rebuildFrom = (practices: PracticeRepository) => async (name: string) =>
    highestSequence(await practices.references(), name);

  it('memory store: a counter that is not one (edited by hand) starts from the highest reference', async () => {
    const store = new MemoryStore();
    const practices = new PracticeRepository(store);
    await store.write('practices/MESICIC-BP-2026-0041', { reference: 'MESICIC-BP-2026-0041' });
    await store.write('counters/practice-2026', { value: 'forty' });
    const counters = new CounterRepository(store, rebuildFrom(practices));
    assert.equal(await counters.next('practice-2026', 'u/d'), 42);
    assert.equal(await counters.next('practice-2026', 'u/d'), 42);
    assert.equal(await new CounterRepository(store).next('session-2026', 'u/s'), 1, 'a missing counter starts at 1');
  });

  it('lowdb file store: a counter file cut short is set aside and rebuilt, holders included from then on', async () => {
    const { store, dir } = await fileStore();
    const practices = new PracticeRepository(store);
    const counters = new CounterRepository(store, rebuildFrom(practices));
    for (const n of [1, 2, 3]) {
      assert.equal(await counters.next('practice-2026', `u/d${n}`), n);
      await store.write(`practices/MESICIC-BP-2026-000${n}`, { reference: `MESICIC-BP-2026-000${n}` });
    }
    await store.close();
    const file = join(dir, 'counters', (await readdir(join(dir, 'counters')))[0]!);
    await writeFile(file, '{"etag":"x","value":{"val');
    const reopened = (await fileStore(dir)).store;
    const again = new CounterRepository(reopened, rebuildFrom(new PracticeRepository(reopened)));
    assert.equal(await again.next('practice-2026', 'u/d4'), 4);
    assert.equal(await again.next('practice-2026', 'u/d4'), 4);
    assert.equal(await again.next('practice-2026', 'u/d5'), 5);
  });
});

// ---- submissions ------------------------------------------------------------------------------------

const OWNER = { id: 'aad-refs', name: 'Eduardo' };

function completeAnswers(): Draft['answers'] {
  return Object.fromEntries(
    Object.entries(mexico().expected).map(([id, text]) => {
      const r = validatePart(id, text);
      if (!r.ok) throw new Error(`${id}: ${r.error.key}`);
      return [id, { ...r.parsed, lang: 'es' as const, at: '' }];
    }),
  );
}

/** One bot instance's submission service on a shared store: its own lock, its own repositories. */
function instance(store: DocumentStore, recoverQuietMs?: number) {
  const practices = new PracticeRepository(store);
  return new SubmissionService({
    drafts: new DraftRepository(store),
    practices,
    counters: new CounterRepository(store, async (name) => highestSequence(await practices.references(), name)),
    outbox: new OutboxRepository(store),
    ...(recoverQuietMs === undefined ? {} : { recoverQuietMs }),
  });
}

async function completeDraft(store: DocumentStore, id: string, at = '2026-03-01T00:00:00.000Z'): Promise<void> {
  await new DraftRepository(store).save({
    ...newDraft(id, OWNER, at),
    kind: 'practice',
    answers: completeAnswers(),
  });
}

async function check(store: DocumentStore, expected: Record<string, string>): Promise<void> {
  const practices = await new PracticeRepository(store).list();
  assert.deepEqual(
    Object.fromEntries(practices.map((p) => [p.draftId, p.reference])),
    expected,
    'one record per draft, numbered without gaps',
  );
  const notices = (await new OutboxRepository(store).pending()).filter((i) => i.kind === NOTIFY_KIND);
  assert.deepEqual(
    notices.map((i) => i.id).sort(),
    Object.values(expected)
      .map((r) => `notify-${r}-v1`)
      .sort(),
  );
  const drafts = new DraftRepository(store);
  for (const [draftId, reference] of Object.entries(expected)) {
    const draft = await drafts.get(OWNER.id, draftId);
    assert.equal(draft?.status, 'submitted');
    assert.equal(draft.reference, reference);
  }
}

for (const [name, make] of stores)
  describe(`submitting, on the ${name} store shared by two bot instances`, function () {
    this.timeout(30_000);
    const now = new Date('2026-03-02T00:00:00Z');
    let store: DocumentStore;
    beforeEach(async () => (store = await make()));

    it('a double submit from two instances at once gives one record, one reference, and no gap for the next', async () => {
      await completeDraft(store, 'd1');
      await completeDraft(store, 'd2');
      const [a, b] = [instance(store), instance(store)];
      const results = await Promise.all([a.submit(OWNER.id, 'd1', now), b.submit(OWNER.id, 'd1', now)]);
      for (const r of results) assert.ok(r.ok && r.reference === 'MESICIC-BP-2026-0001', JSON.stringify(r));
      const next = await b.submit(OWNER.id, 'd2', now);
      assert.ok(next.ok && next.reference === 'MESICIC-BP-2026-0002');
      await check(store, { d1: 'MESICIC-BP-2026-0001', d2: 'MESICIC-BP-2026-0002' });
    });

    it('many double submits at once, drafts of several officials, each from two instances: 1..n exactly', async () => {
      const ids = Array.from({ length: 6 }, (_, i) => `m${i}`);
      for (const id of ids) await completeDraft(store, id);
      const [a, b] = [instance(store), instance(store)];
      const results = await Promise.all(
        ids.flatMap((id) => [a.submit(OWNER.id, id, now), b.submit(OWNER.id, id, now)]),
      );
      const byDraft = new Map<string, Set<string>>();
      results.forEach((r, i) => {
        assert.ok(r.ok);
        const id = ids[Math.floor(i / 2)]!;
        byDraft.set(id, new Set([...(byDraft.get(id) ?? []), r.reference]));
      });
      for (const refs of byDraft.values()) assert.equal(refs.size, 1, 'both instances answered the same reference');
      const numbers = [...byDraft.values()].map((s) => Number([...s][0]!.slice(-4))).sort((x, y) => x - y);
      assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6]);
    });

    it('a crash right after the counter write: the next attempt, on another instance, gets the same number', async () => {
      await completeDraft(store, 'd1');
      await completeDraft(store, 'd2');
      const faulty = new Faulty(store);
      faulty.crashBefore((key, value) => key.startsWith('drafts/') && !!(value as Draft).pendingReference);
      await assert.rejects(instance(faulty).submit(OWNER.id, 'd1', now), /killed/);
      const retried = await instance(store).submit(OWNER.id, 'd1', now);
      assert.ok(retried.ok && retried.reference === 'MESICIC-BP-2026-0001' && !retried.already);
      const next = await instance(store).submit(OWNER.id, 'd2', now);
      assert.ok(next.ok && next.reference === 'MESICIC-BP-2026-0002');
      await check(store, { d1: 'MESICIC-BP-2026-0001', d2: 'MESICIC-BP-2026-0002' });
    });

    it('lost replies on every write of a submission: still one reference, one record', async () => {
      await completeDraft(store, 'd1');
      await completeDraft(store, 'd2');
      const faulty = new Faulty(store);
      faulty.loseReply((key) => key.startsWith('counters/'));
      faulty.loseReply((key, value) => key.startsWith('drafts/') && !!(value as Draft).pendingReference);
      faulty.loseReply((key, value) => key.startsWith('drafts/') && (value as Draft).status === 'submitted');
      const r = await instance(faulty).submit(OWNER.id, 'd1', now);
      assert.ok(r.ok && r.reference === 'MESICIC-BP-2026-0001', JSON.stringify(r));
      const next = await instance(store).submit(OWNER.id, 'd2', now);
      assert.ok(next.ok && next.reference === 'MESICIC-BP-2026-0002');
      await check(store, { d1: 'MESICIC-BP-2026-0001', d2: 'MESICIC-BP-2026-0002' });
    });

    it('an official who never retries after the crash: recovery completes the submission, once quiet', async () => {
      await completeDraft(store, 'd1');
      await completeDraft(store, 'd2');
      const faulty = new Faulty(store);
      faulty.crashBefore((key, value) => key.startsWith('drafts/') && !!(value as Draft).pendingReference);
      await assert.rejects(instance(faulty).submit(OWNER.id, 'd1', now), /killed/);
      const recovering = instance(store, 60_000);
      // The official may still be at it: a draft changed within the quiet time is left alone.
      assert.deepEqual(await recovering.recover(new Date('2026-03-01T00:00:30Z')), { completed: [], unused: [] });
      // Completed in the next year, it keeps the number reserved this year.
      const later = new Date('2027-01-01T00:10:00Z');
      assert.deepEqual(await recovering.recover(later), { completed: ['MESICIC-BP-2026-0001'], unused: [] });
      assert.deepEqual(await instance(store).recover(later), { completed: [], unused: [] }, 'nothing left to do');
      const retried = await instance(store).submit(OWNER.id, 'd1', later);
      assert.ok(retried.ok && retried.already && retried.reference === 'MESICIC-BP-2026-0001');
      const next = await instance(store).submit(OWNER.id, 'd2', now);
      assert.ok(next.ok && next.reference === 'MESICIC-BP-2026-0002');
      await check(store, { d1: 'MESICIC-BP-2026-0001', d2: 'MESICIC-BP-2026-0002' });
    });

    it('a number reserved, then handed out again by a counter rebuilt after damage, never overwrites a record', async () => {
      await completeDraft(store, 'd1');
      await completeDraft(store, 'd2');
      const faulty = new Faulty(store);
      faulty.crashBefore((key) => key.startsWith('practices/'));
      await assert.rejects(instance(faulty).submit(OWNER.id, 'd1', now), /killed/);
      await store.write('counters/practice-2026', 'damaged');
      const second = await instance(store).submit(OWNER.id, 'd2', now);
      assert.ok(second.ok && second.reference === 'MESICIC-BP-2026-0001', 'rebuilt from the references recorded');
      const first = await instance(store).submit(OWNER.id, 'd1', now);
      assert.ok(first.ok && first.reference === 'MESICIC-BP-2026-0002', JSON.stringify(first));
      await check(store, { d1: 'MESICIC-BP-2026-0002', d2: 'MESICIC-BP-2026-0001' });
    });

    it('recovery names a number whose draft is gone: the one gap it cannot fill', async () => {
      await completeDraft(store, 'd1');
      const faulty = new Faulty(store);
      faulty.crashBefore((key, value) => key.startsWith('drafts/') && !!(value as Draft).pendingReference);
      await assert.rejects(instance(faulty).submit(OWNER.id, 'd1', now), /killed/);
      await store.remove(`drafts/${OWNER.id}/d1`);
      assert.deepEqual(await instance(store, 0).recover(now), { completed: [], unused: ['MESICIC-BP-2026-0001'] });
    });
  });
