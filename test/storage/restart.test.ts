import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { ConflictError } from '../../storage/ports.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';
import { FIELDS } from '../../dialogs/core/fields.js';

describe('lowdb file store', () => {
  let dir: string;
  const opened: LowdbFileStore[] = [];
  const own = async (options?: Parameters<typeof LowdbFileStore.open>[1]) => {
    const store = await LowdbFileStore.open(dir, options);
    opened.push(store);
    return store;
  };
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'mesicic-store-'))));
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a bot rebuilt on the same data folder resumes at the same field with every answer', async () => {
    const seed = panama();
    const firstStore = await own();
    const first = await world(firstStore);
    const chat = new Chat(first, { aad: 'aad-restart' });
    await chat.say('nuevo');
    for (const input of seed.inputs.slice(0, 7)) await chat.say(input);

    // A new process: new store, new engine, new dialog, nothing shared but the folder.
    await firstStore.close();
    const second = await world(await own());
    const again = new Chat(second, { aad: 'aad-restart', conversation: 'after-restart' });
    assert.match(await again.say('estado'), new RegExp(String.raw`3 de ${FIELDS.length} campos completos`));
    assert.match(await again.say(seed.inputs[7]!), new RegExp(String.raw`Campo 5 de ${FIELDS.length}: Enfoque`));
    const draft = (await second.drafts.listByOwner('aad-restart'))[0]!;
    assert.equal(draft.answers['description.text']?.text, seed.expected['description.text']);
    assert.equal(draft.answers['reasons.text']?.text, seed.expected['reasons.text']);
  });

  it('writes each document to its own file, atomically, and leaves no temporary files', async () => {
    const store = await own({ journal: false });
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.write('drafts/aad:1/d', { i })));
    const files = await readdir(join(dir, 'drafts', 'aad%3A1'));
    assert.deepEqual(files, ['d.json']);
    const parsed = JSON.parse(await readFile(join(dir, 'drafts', 'aad%3A1', 'd.json'), 'utf8')) as {
      value: { i: number };
    };
    assert.equal(typeof parsed.value.i, 'number');
    assert.deepEqual(await store.list('drafts/aad:1'), ['d']);
  });

  it('refuses a write whose etag is stale, and a create over an existing document', async () => {
    const store = await own({ journal: false });
    const etag = await store.write('counters/x', 1, null);
    await assert.rejects(store.write('counters/x', 2, null), ConflictError);
    await store.write('counters/x', 2, etag);
    await assert.rejects(store.write('counters/x', 3, etag), ConflictError);
    assert.equal((await store.read<number>('counters/x'))?.value, 2);
  });

  it('keys cannot climb out of the data folder', async () => {
    const store = await own({ journal: false });
    await store.write('profiles/../../escape', { x: 1 });
    assert.equal((await store.read<{ x: number }>('profiles/../../escape'))?.value.x, 1);
    assert.ok((await readdir(join(dir, 'profiles'))).length > 0, 'stored inside the folder');
  });
});
