import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { FolderLockedError, LOCK_FILE } from '../../storage/lowdb/folderLock.js';
import { ReadOnlyStoreError } from '../../storage/ports.js';
import { deadPid } from '../support/deadLock.js';
import { BotProcess } from '../support/botProcess.js';
import { ConnectorStandIn } from '../support/connector.js';
import { say as sayTo } from '../support/say.js';
import { panama } from '../fixtures/seeds.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { FIELDS } from '../../dialogs/core/fields.js';

describe('lowdb store: one owner per data folder', function () {
  this.timeout(60_000);
  let dir: string;
  const opened: LowdbFileStore[] = [];
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'mesicic-lock-'))));
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });
  const own = async (options: Parameters<typeof LowdbFileStore.open>[1] = {}) => {
    const store = await LowdbFileStore.open(dir, options);
    opened.push(store);
    return store;
  };

  it('refuses a second owner with a message naming the folder, and lets it in once the first closes', async () => {
    const first = await own();
    await first.write('counters/practice-2026', 1, null);
    const refused = await LowdbFileStore.open(dir).then(
      () => assert.fail('a second owner was let in'),
      (err: unknown) => err,
    );
    assert.ok(refused instanceof FolderLockedError);
    assert.match(
      refused.message,
      new RegExp(
        `The data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another bot process \\(pid ${process.pid}`,
      ),
    );
    await first.close();
    const second = await own();
    assert.equal((await second.read('counters/practice-2026'))?.value, 1);
  });

  it('takes over the lock of a process that is gone, and of one whose lock was never written', async () => {
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00Z', token: 'dead' }),
    );
    const store = await own();
    const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    assert.equal(holder.pid, process.pid);
    await store.close();
    await assert.rejects(stat(join(dir, LOCK_FILE)), /ENOENT/, 'close() lets go of the folder');

    // Created and never written: its creator died in between. Young, it is respected; old, taken over.
    await writeFile(join(dir, LOCK_FILE), '');
    await assert.rejects(LowdbFileStore.open(dir), FolderLockedError);
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, LOCK_FILE), old, old);
    await own();
  });

  it('a live holder on another host is never taken over; the message says how to clear it', async () => {
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 1, host: 'other-host.example', since: '2026-01-01T00:00:00Z', token: 't' }),
    );
    await assert.rejects(
      LowdbFileStore.open(dir),
      (err: Error) =>
        err instanceof FolderLockedError &&
        /other-host\.example/.test(err.message) &&
        /delete .*\.lock/.test(err.message),
    );
  });

  it('waits for an owner that is closing (an overlapping restart) instead of refusing', async () => {
    const first = await own();
    await first.write('drafts/aad-1/d', { n: 1 });
    const waits: unknown[] = [];
    const next = LowdbFileStore.open(dir, { lockWaitMs: 20_000, onLockWait: (h) => waits.push(h) });
    await new Promise((ok) => setTimeout(ok, 300));
    await first.write('drafts/aad-1/d', { n: 2 });
    await first.close();
    const second = await next;
    opened.push(second);
    assert.equal(waits.length, 1, 'said once that it waits');
    assert.deepEqual(
      (await second.read('drafts/aad-1/d'))?.value,
      { n: 2 },
      'what the old owner acknowledged last is there',
    );
  });

  it('readers are read-only and always see the latest acknowledged version', async () => {
    const owner = await own({ checkpointMs: 5 });
    const reader = LowdbFileStore.reader(dir);
    await assert.rejects(reader.write('drafts/a/b', { n: 1 }), ReadOnlyStoreError);
    await assert.rejects(reader.remove('drafts/a/b'), ReadOnlyStoreError);
    for (let n = 1; n <= 30; n++) {
      await owner.write('drafts/a/b', { n });
      assert.deepEqual((await reader.read('drafts/a/b'))?.value, { n }, `after write ${n}`);
      await new Promise((ok) => setTimeout(ok, n % 3));
    }
  });

  it('a second `npm start` on the same DATA_DIR exits at once with a message naming the folder', async () => {
    const env = { DATA_DIR: dir, DATA_LOCK_WAIT_MS: '0' };
    const first = await BotProcess.start(env);
    try {
      const second = await BotProcess.start(env).then(
        (b) => b,
        (err: unknown) => err as Error,
      );
      assert.ok(second instanceof Error, 'the second process listened');
      assert.match(second.message, /exited \(code 1/);
      assert.match(
        second.message,
        new RegExp(`The data folder .*${dir.split('/').pop()!} is in use by another bot process \\(pid \\d+`),
      );
      const health = await fetch(`${first.url}/health`);
      assert.equal(health.status, 200, 'the first one goes on');
    } finally {
      await first.kill('SIGTERM');
    }
  });

  it('an overlapping restart: the new process waits while the old one still answers, and loses nothing it acknowledged', async () => {
    const connector = await new ConnectorStandIn().start();
    const env = { DATA_DIR: dir, RATE_LIMIT_PER_MINUTE: '100000', OUTBOX_POLL_MS: '60000' };
    const say = (bot: BotProcess, text: string) => sayTo(bot.url, connector, { aad: 'aad-overlap', text });
    const old = await BotProcess.start(env);
    const seed = panama();
    try {
      await say(old, 'nuevo');
      for (const input of seed.inputs.slice(0, 4)) await say(old, input);
      const next = BotProcess.start(env);
      await new Promise((ok) => setTimeout(ok, 1_500));
      // The new process is up and waiting for the folder: the old one still owns it and goes on answering.
      for (const input of seed.inputs.slice(4, 7))
        assert.match(await say(old, input), /^(Guardado ✓|Dejado en blanco)/);
      assert.equal(await old.kill('SIGTERM'), 0);
      const fresh = await next;
      try {
        assert.match(await say(fresh, 'estado'), new RegExp(String.raw`3 de ${FIELDS.length} campos completos`));
      } finally {
        await fresh.kill('SIGTERM');
      }
      const drafts = await new DraftRepository(LowdbFileStore.reader(dir)).listByOwner('aad-overlap');
      assert.equal(
        drafts[0]?.answers['description.text']?.text,
        seed.expected['description.text'],
        'the last answer the old process acknowledged',
      );
    } finally {
      await old.kill('SIGKILL');
      await connector.stop();
    }
  });
});
