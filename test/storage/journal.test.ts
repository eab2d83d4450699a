import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_DIR, Journal } from '../../storage/lowdb/journal.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { ReadOnlyStoreError } from '../../storage/ports.js';
import { leftByKilledProcess } from '../support/deadLock.js';

/** An owner that never copies out on its own during a test: what it wrote stays in the journal. */
const HOUR = 3_600_000;
const segments = async (dir: string) =>
  (await readdir(join(dir, JOURNAL_DIR)).catch(() => [] as string[])).filter((n) => n.endsWith('.log'));
const fileOf = (dir: string, ...parts: string[]) => join(dir, ...parts) + '.json';

describe('lowdb store: the owner’s write-ahead journal', () => {
  let dir: string;
  const owners: LowdbFileStore[] = [];
  const own = async (options = { checkpointMs: HOUR }) => {
    const store = await LowdbFileStore.open(dir, options);
    owners.push(store);
    return store;
  };
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'mesicic-journal-'))));
  afterEach(async () => {
    await Promise.all(owners.splice(0).map((o) => o.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('acknowledges a write once it is in the journal; another reader sees it before any file exists', async () => {
    const owner = await own();
    await owner.write('drafts/aad-1/d1', { step: 'title.name', text: 'Línea 1\nLínea 2' });
    await owner.write('drafts/aad-1/d1', { step: 'description.text' });
    await assert.rejects(readFile(fileOf(dir, 'drafts', 'aad-1', 'd1'), 'utf8'), /ENOENT/);
    assert.equal((await segments(dir)).length, 1);

    const reader = LowdbFileStore.reader(dir);
    assert.deepEqual((await reader.read('drafts/aad-1/d1'))?.value, { step: 'description.text' });
    assert.deepEqual(await reader.list('drafts/aad-1'), ['d1']);
    assert.deepEqual(await owner.list('drafts/aad-1'), ['d1']);
  });

  it('a checkpoint copies the last version of each document into its file and drops the segment', async () => {
    const owner = await own();
    for (let i = 0; i < 40; i++) await owner.write(`profiles/aad-${i % 4}`, { i });
    await owner.checkpoint();
    assert.deepEqual(await segments(dir), []);
    for (let k = 0; k < 4; k++) {
      const doc = JSON.parse(await readFile(fileOf(dir, 'profiles', `aad-${k}`), 'utf8')) as {
        etag: string;
        value: { i: number };
      };
      assert.equal(doc.value.i, 36 + k);
      assert.equal(doc.etag, (await owner.read('profiles/aad-' + k))?.etag);
    }
  });

  it('a new owner replays what a killed one left, a line cut short by the kill included, then drops the journal', async () => {
    // Never closed, never copied out (its timer is an hour away): as if the process had been killed.
    const killed = await LowdbFileStore.open(dir, { checkpointMs: HOUR });
    const etag = await killed.write('counters/2026', 7, null);
    await killed.write('drafts/aad-2/x', { text: 'kept' });
    await killed.write('outbox/n1', { id: 'n1' });
    await killed.remove('outbox/n1');
    const [segment] = await segments(dir);
    // The process died inside a write: half a record, never acknowledged to anyone.
    await appendFile(join(dir, JOURNAL_DIR, segment!), '{"k":"drafts/aad-2/x","e":"zz","v":{"text":"tor');

    await leftByKilledProcess(dir);
    const next = await own();
    assert.deepEqual(await segments(dir), [], 'the journal was replayed into files');
    assert.deepEqual((await next.read('drafts/aad-2/x'))?.value, { text: 'kept' });
    assert.equal(
      (await next.read('counters/2026'))?.etag,
      etag,
      'the etag survives, so a compare-and-swap still works',
    );
    await next.write('counters/2026', 8, etag);
    assert.equal(await next.read('outbox/n1'), undefined);
    assert.deepEqual(await next.list('outbox'), []);
    assert.deepEqual(
      (JSON.parse(await readFile(fileOf(dir, 'drafts', 'aad-2', 'x'), 'utf8')) as { value: unknown }).value,
      { text: 'kept' },
    );
  });

  it('a removal in the journal hides the file from readers until it is gone', async () => {
    const before = await LowdbFileStore.open(dir, { journal: false });
    await before.write('outbox/old', { id: 'old' });
    await before.close();
    const owner = await own();
    await owner.remove('outbox/old');
    assert.deepEqual(await LowdbFileStore.reader(dir).list('outbox'), []);
    assert.equal(await LowdbFileStore.reader(dir).read('outbox/old'), undefined);
    await owner.checkpoint();
    await assert.rejects(readFile(fileOf(dir, 'outbox', 'old'), 'utf8'), /ENOENT/);
  });

  it('close() leaves plain files and no journal, lets go of the folder, and refuses a late write', async () => {
    const owner = await own();
    await owner.write('practices/MESICIC-BP-2026-0001', { title: 'x' });
    await owner.close();
    assert.deepEqual(await segments(dir), []);
    assert.ok(
      (JSON.parse(await readFile(fileOf(dir, 'practices', 'MESICIC-BP-2026-0001'), 'utf8')) as { value: unknown })
        .value,
    );
    // The folder may belong to a new owner now: a delivery that outlived the shutdown must not write into it.
    const next = await own();
    await assert.rejects(owner.write('practices/MESICIC-BP-2026-0001', { title: 'y' }), ReadOnlyStoreError);
    assert.equal(((await next.read('practices/MESICIC-BP-2026-0001'))?.value as { title: string }).title, 'x');
    assert.deepEqual(await segments(dir), []);
  });

  it('a copy that fails keeps every journal segment until one succeeds, and loses nothing', async () => {
    // A file where the store needs a folder: the copy into "blocked/…" fails like a full or broken disk would.
    await writeFile(join(dir, 'blocked'), 'not a folder');
    const owner = await own();
    await owner.write('blocked/doc', { n: 1 });
    await owner.write('k/doc', { v: 1 });
    await assert.rejects(owner.checkpoint());
    await owner.write('k/doc', { v: 2 });
    assert.equal((await segments(dir)).length, 2, 'the failed segment is kept, the new one too');
    assert.deepEqual((await LowdbFileStore.reader(dir).read('k/doc'))?.value, { v: 2 }, 'readers still see the newest');

    await rm(join(dir, 'blocked'));
    await owner.checkpoint();
    assert.deepEqual(await segments(dir), []);
    assert.deepEqual((JSON.parse(await readFile(fileOf(dir, 'k', 'doc'), 'utf8')) as { value: unknown }).value, {
      v: 2,
    });
    assert.deepEqual((JSON.parse(await readFile(fileOf(dir, 'blocked', 'doc'), 'utf8')) as { value: unknown }).value, {
      n: 1,
    });
  });

  it('tells the bot when a background copy fails, and tries again', async () => {
    await writeFile(join(dir, 'blocked'), 'not a folder');
    const errors: unknown[] = [];
    const owner = await LowdbFileStore.open(dir, { checkpointMs: 20, onCopyError: (err) => errors.push(err) });
    owners.push(owner);
    await owner.write('blocked/doc', { n: 1 });
    const until = Date.now() + 5_000;
    while (errors.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.ok(errors.length >= 2, 'reported on each failed try');
    assert.match(String((errors[0] as Error).message), /EEXIST|ENOTDIR/);
    await rm(join(dir, 'blocked'));
    while ((await segments(dir)).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual((JSON.parse(await readFile(fileOf(dir, 'blocked', 'doc'), 'utf8')) as { value: unknown }).value, {
      n: 1,
    });
  });

  it('copies out on its own timer', async () => {
    const owner = await own({ checkpointMs: 50 });
    await owner.write('settings/channel', { id: '19:x' });
    const until = Date.now() + 5_000;
    while ((await segments(dir)).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await segments(dir), []);
    assert.ok((JSON.parse(await readFile(fileOf(dir, 'settings', 'channel'), 'utf8')) as { value: unknown }).value);
  });

  it('reads records in order and skips what does not parse', async () => {
    const journal = new Journal(dir);
    journal.append({ key: 'a/1', etag: 'e1', json: '{"n":1}' });
    journal.append({ key: 'a/1', etag: null });
    journal.append({ key: 'a/2', etag: 'e2', json: '"two"' });
    const segment = journal.rotate()!;
    await appendFile(segment, 'not json\n{"k":5}\n');
    assert.deepEqual(Journal.read(Journal.segments(dir)), [
      { key: 'a/1', etag: 'e1', json: '{"n":1}' },
      { key: 'a/1', etag: null },
      { key: 'a/2', etag: 'e2', json: '"two"' },
    ]);
  });

  it('finds a whole record written right after a torn one on the same line, and drops only the torn one', async () => {
    const journal = new Journal(dir, { fsync: false });
    journal.append({ key: 'a/1', etag: 'e1', json: '{"n":1}' });
    const segment = journal.rotate()!;
    // What a journal without torn-tail repair left after a full disk: half a record, then the next one.
    await appendFile(
      segment,
      '{"k":"a/2","e":"e2","v":{"text":"cut sh' + '{"k":"a/3","e":"e3","v":{"nested":{"k":1}}}\n',
    );
    assert.deepEqual(Journal.read([segment]), [
      { key: 'a/1', etag: 'e1', json: '{"n":1}' },
      { key: 'a/3', etag: 'e3', json: '{"nested":{"k":1}}' },
    ]);
  });

  it('concurrent writes share fdatasync calls (group commit), and each is acknowledged only after one', async () => {
    const journal = new Journal(dir);
    const acks = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        journal.append({ key: `k/${i}`, etag: `e${i}`, json: String(i) });
        await journal.flush();
        return i;
      }),
    );
    assert.equal(acks.length, 50);
    assert.ok(journal.flushes >= 1 && journal.flushes <= 3, `${journal.flushes} flushes for 50 writes`);
    await journal.close();
    assert.equal(Journal.read(Journal.segments(dir)).length, 50);
  });

  it('a damaged document file is set aside under .quarantine (kept, byte for byte) and its key works again', async () => {
    const before = await LowdbFileStore.open(dir, { journal: false });
    await before.write('drafts/aad-9/d', { text: 'x' });
    await before.close();
    await writeFile(fileOf(dir, 'drafts', 'aad-9', 'd'), '{"etag":"a","value":{"text":"cut');
    const seen: { key: string; keptAt?: string }[] = [];
    const reader = LowdbFileStore.reader(dir, { onDamaged: (d) => seen.push(d) });
    await assert.rejects(
      reader.read('drafts/aad-9/d'),
      (err: Error) => err.name === 'DamagedDocumentError' && !/cut/.test(err.message),
    );
    assert.equal(seen[0]?.keptAt, undefined, 'a reader moves nothing');
    const owner = await LowdbFileStore.open(dir, { checkpointMs: HOUR, onDamaged: (d) => seen.push(d) });
    owners.push(owner);
    await assert.rejects(owner.read('drafts/aad-9/d'), /DamagedDocumentError|could not be read/);
    const keptAt = seen[1]!.keptAt!;
    assert.equal(await readFile(keptAt, 'utf8'), '{"etag":"a","value":{"text":"cut');
    assert.equal(await owner.read('drafts/aad-9/d'), undefined, 'the key is free again');
    await owner.write('drafts/aad-9/d', { text: 'again' }, null);
    assert.deepEqual(await owner.listSetAside('drafts/aad-9'), ['d']);
  });
});
