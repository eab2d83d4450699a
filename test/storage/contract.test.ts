import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore } from '../../storage/azure/blobStore.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { ConflictError, type DocumentStore } from '../../storage/ports.js';
import { Azurite } from '../support/azurite.js';

/** One contract, every adapter: what the repositories rely on. */
function contract(name: string, make: () => Promise<DocumentStore>) {
  describe(`DocumentStore contract: ${name}`, function () {
    this.timeout(30_000);
    let store: DocumentStore;
    beforeEach(async () => (store = await make()));

    it('reads back what it wrote, and nothing for a missing key', async () => {
      await store.write('drafts/aad 1/d1', { a: 'ñandú “x”' });
      assert.deepEqual((await store.read('drafts/aad 1/d1'))?.value, { a: 'ñandú “x”' });
      assert.equal(await store.read('drafts/aad 1/nope'), undefined);
    });

    it('creates only once with ifMatch null, and updates only from the current etag', async () => {
      const first = await store.write('counters/c', 1, null);
      await assert.rejects(store.write('counters/c', 9, null), ConflictError);
      const second = await store.write('counters/c', 2, first);
      await assert.rejects(store.write('counters/c', 3, first), ConflictError);
      assert.notEqual(first, second);
      assert.equal((await store.read<number>('counters/c'))?.value, 2);
      assert.equal((await store.read<number>('counters/c'))?.etag, second);
    });

    it('lists the keys directly under a prefix, and removes', async () => {
      await store.write('outbox/a', 1);
      await store.write('outbox/b:2', 2);
      await store.write('outbox-delivered/c', 3);
      await store.write('outbox/sub/d', 4);
      assert.deepEqual((await store.list('outbox')).sort(), ['a', 'b:2']);
      await store.remove('outbox/a');
      await store.remove('outbox/never-there');
      assert.deepEqual(await store.list('outbox'), ['b:2']);
      assert.deepEqual(await store.list('nothing-here'), []);
    });

    it('lets exactly one of many concurrent compare-and-swaps win', async () => {
      const etag = await store.write('counters/race', 0, null);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.write('counters/race', i + 1, etag)),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof ConflictError));
    });
  });
}

contract('memory', async () => new MemoryStore());

const dirs: string[] = [];
const owners: LowdbFileStore[] = [];
contract('lowdb files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mesicic-contract-'));
  dirs.push(dir);
  const store = await LowdbFileStore.open(dir, { journal: false });
  owners.push(store);
  return store;
});
contract('lowdb files, opened by their owner (write-ahead journal)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mesicic-contract-'));
  dirs.push(dir);
  // A short checkpoint interval, so that copies into files happen in the middle of the contract's steps.
  const store = await LowdbFileStore.open(dir, { checkpointMs: 5 });
  owners.push(store);
  return store;
});
after(async () => {
  await Promise.all(owners.map((o) => o.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('with Azurite', function () {
  this.timeout(60_000);
  const azurite = new Azurite();
  let n = 0;
  before(async () => {
    await azurite.start();
  });
  after(async () => azurite.stop());
  contract('Azure Blob Storage (Azurite)', async () => BlobStore.connect(azurite.connectionString, `contract-${++n}`));
});
