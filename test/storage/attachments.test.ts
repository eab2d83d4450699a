import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import type { Attachments } from '../../dialogs/core/ports.js';
import { BlobAttachments } from '../../storage/files/blobAttachments.js';
import { FolderAttachments } from '../../storage/files/folderAttachments.js';
import { MemoryAttachments } from '../../storage/files/memoryAttachments.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { Azurite } from '../support/azurite.js';
import { filesUnder } from '../support/filesUnder.js';

/** Keys an owner id or a file name could make: Teams ids with ':', escapes, walks out of the folder, odd depths. */
const HOSTILE = [
  'msteams-29:abc/d1/f1',
  'msteams-29%3Aabc/d1/f1',
  '../../../etc/passwd',
  '../d1/f1',
  '..%2F..%2Fx/d1/f1',
  '%2e%2e/%2E%2E/f',
  './././f',
  'o/../../f',
  'o/./d/f',
  'o/d/..',
  'o/d/.',
  'o//f',
  '/o/d/f',
  'o/d/f/',
  'o/d',
  'o/d/f.json',
  'o/d/f.bin',
  'o\\..\\..\\f',
  'o/d/%',
  'o/d/%00',
  'o/d/\u0000',
  'ñandú/“x”/🙂',
];

/** What a caller sees: plain bytes, whatever the adapter's buffer type. */
const same = (got: Uint8Array | undefined, want: Uint8Array) => {
  assert.ok(got, 'nothing stored');
  assert.ok(Buffer.from(got).equals(Buffer.from(want)), `${got.length} bytes, not the ${want.length} written`);
};

interface Subject {
  store: Attachments;
  /** Every name the adapter holds, relative to where it may write; each must be under "attachments/". */
  names?: () => Promise<string[]>;
}

function contract(name: string, make: () => Promise<Subject>) {
  describe(`Attachments contract: ${name}`, function () {
    this.timeout(60_000);
    let subject: Subject;
    beforeEach(async () => (subject = await make()));

    it('gives back a few MB exactly as written, and nothing for a missing key', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 17);
      await subject.store.put('aad-1/d1/f1', bytes);
      same(await subject.store.get('aad-1/d1/f1'), bytes);
      assert.equal(await subject.store.get('aad-1/d1/other'), undefined);
      assert.equal(await subject.store.get('nobody/d9/f9'), undefined);
    });

    it('removes one file for good and leaves its neighbours; removing a missing one is no error', async () => {
      const bytes = randomBytes(2_000);
      await subject.store.put('aad-1/d1/f1', bytes);
      await subject.store.put('aad-1/d1/f2', bytes);
      await subject.store.remove('aad-1/d1/f1');
      assert.equal(await subject.store.get('aad-1/d1/f1'), undefined);
      same(await subject.store.get('aad-1/d1/f2'), bytes);
      await subject.store.remove('aad-1/d1/f1');
      await subject.store.remove('nobody/d9/f9');
    });

    it('keeps an empty file apart from a missing one', async () => {
      await subject.store.put('aad-1/d1/empty', new Uint8Array(0));
      same(await subject.store.get('aad-1/d1/empty'), new Uint8Array(0));
    });

    it('replaces a file on a second put, longer or shorter', async () => {
      const long = randomBytes(1_500_000);
      const short = randomBytes(1_000);
      await subject.store.put('aad-1/d1/f1', long);
      await subject.store.put('aad-1/d1/f1', short);
      same(await subject.store.get('aad-1/d1/f1'), short);
      await subject.store.put('aad-1/d1/f1', long);
      same(await subject.store.get('aad-1/d1/f1'), long);
    });

    it('keeps its own copy: changing the bytes given or got changes nothing stored', async () => {
      const bytes = randomBytes(1_000);
      const kept = Buffer.from(bytes);
      await subject.store.put('aad-1/d1/f1', bytes);
      bytes.fill(0);
      const got = (await subject.store.get('aad-1/d1/f1'))!;
      same(got, kept);
      got.fill(1);
      same(await subject.store.get('aad-1/d1/f1'), kept);
    });

    it('stores every hostile key as itself, apart from every other, inside attachments/', async () => {
      const files = HOSTILE.map((key) => ({ key, bytes: randomBytes(64) }));
      for (const { key, bytes } of files) await subject.store.put(key, bytes);
      for (const { key, bytes } of files) same(await subject.store.get(key), bytes);
      const names = (await subject.names?.()) ?? [];
      if (!subject.names) return;
      assert.equal(names.length, HOSTILE.length, names.join('\n'));
      for (const n of names) {
        assert.ok(n.startsWith('attachments/'), `written outside attachments/: ${n}`);
        assert.ok(
          n.split('/').every((s) => s !== '.' && s !== '..' && s !== ''),
          `a name that walks: ${n}`,
        );
      }
    });

    it('writes two files of one draft at once', async () => {
      const a = randomBytes(2 * 1024 * 1024);
      const b = randomBytes(2 * 1024 * 1024 + 1);
      await Promise.all([subject.store.put('aad-2/d1/a', a), subject.store.put('aad-2/d1/b', b)]);
      same(await subject.store.get('aad-2/d1/a'), a);
      same(await subject.store.get('aad-2/d1/b'), b);
    });

    it('ends two puts of one key at once, both resolved, with one of them whole', async () => {
      const a = randomBytes(2 * 1024 * 1024);
      const b = randomBytes(1024 * 1024 + 3);
      await Promise.all([subject.store.put('aad-3/d1/f', a), subject.store.put('aad-3/d1/f', b)]);
      const got = Buffer.from((await subject.store.get('aad-3/d1/f'))!);
      assert.ok(got.equals(a) || got.equals(b), `${got.length} bytes, neither version`);
    });
  });
}

contract('memory', async () => ({ store: new MemoryAttachments() }));

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

for (const fsync of [true, false]) {
  contract(`data folder${fsync ? '' : ', DATA_FSYNC=false'}`, async () => {
    // The data folder sits alone inside a folder of the test's own, so a name that walked out of it would show.
    const outer = await mkdtemp(join(tmpdir(), 'mesicic-attachments-'));
    dirs.push(outer);
    const dataDir = join(outer, 'data');
    await mkdir(dataDir);
    return {
      store: new FolderAttachments(dataDir, { fsync }),
      names: async () => {
        assert.deepEqual(await readdir(outer), ['data'], 'something written beside the data folder');
        const names = await filesUnder(dataDir);
        assert.deepEqual(
          names.filter((n) => n.split('/').pop()!.startsWith('.')),
          [],
          'a temporary file left behind',
        );
        return names;
      },
    };
  });
}

describe('with Azurite', function () {
  this.timeout(60_000);
  const azurite = new Azurite();
  let n = 0;
  before(async () => {
    await azurite.start();
  });
  after(async () => azurite.stop());
  contract('Azure Blob Storage (Azurite)', async () => {
    const name = `attachments-${++n}`;
    const store = await BlobAttachments.connect(azurite.connectionString, name);
    const container = new ContainerClient(azurite.connectionString, name);
    return {
      store,
      names: async () => {
        const out: string[] = [];
        for await (const blob of container.listBlobsFlat()) out.push(blob.name);
        return out;
      },
    };
  });
});

describe('attachments beside the documents in one data folder', function () {
  this.timeout(60_000);

  it('are never seen by the document store, which opens, lists and closes as before', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-attachments-docs-'));
    dirs.push(dataDir);
    const files = new FolderAttachments(dataDir);
    let docs = await LowdbFileStore.open(dataDir, { checkpointMs: 5 });
    await docs.write('drafts/msteams-29:abc/d1', { step: 'field11' });
    const bytes = randomBytes(100_000);
    await files.put('msteams-29:abc/d1/f1.json', bytes);
    await files.put('drafts/msteams-29:abc/f2', bytes);
    await files.put('attachments/x/y', bytes);
    for (const prefix of ['', 'attachments', 'attachments/msteams-29:abc', 'attachments/msteams-29:abc/d1', 'drafts'])
      assert.deepEqual(await docs.list(prefix), [], prefix);
    assert.deepEqual(await docs.list('drafts/msteams-29:abc'), ['d1']);
    await docs.close();

    // Opened again (the journal replayed into files), the documents are whole and nothing was set aside.
    docs = await LowdbFileStore.open(dataDir);
    assert.deepEqual((await docs.read('drafts/msteams-29:abc/d1'))?.value, { step: 'field11' });
    assert.deepEqual(await docs.listSetAside('drafts/msteams-29:abc'), []);
    await docs.close();
    same(await new FolderAttachments(dataDir).get('msteams-29:abc/d1/f1.json'), bytes);
    assert.ok(
      (await filesUnder(dataDir)).every((n) => n.startsWith('attachments/') || n.startsWith('drafts/')),
      (await filesUnder(dataDir)).join('\n'),
    );
  });

  it('sweeps only temporary files left long ago by a killed writer', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-attachments-sweep-'));
    dirs.push(dataDir);
    const files = new FolderAttachments(dataDir);
    await files.put('o/d/f', randomBytes(10));
    const folder = join(dataDir, 'attachments', 'o', 'd');
    const old = join(folder, '.00000000-0000-4000-8000-000000000000.tmp');
    const fresh = join(folder, '.11111111-1111-4111-8111-111111111111.tmp');
    await writeFile(old, 'half');
    await writeFile(fresh, 'under way');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    assert.equal(await files.sweep(), 1);
    assert.deepEqual((await readdir(folder)).sort(), ['.11111111-1111-4111-8111-111111111111.tmp', 'f.bin']);
  });
});
