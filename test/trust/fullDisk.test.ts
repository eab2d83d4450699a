import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, readFile, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { JOURNAL_DIR } from '../../storage/lowdb/journal.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { panama } from '../fixtures/seeds.js';
import { BotProcess } from '../support/botProcess.js';
import { say as sayTo } from '../support/say.js';
import { TrustConnector } from './standIn.js';

/*
 * A real small file system (a tmpfs this test mounts) that fills up under the running bot (`npm start`-style
 * child process). An answer that could not be saved must not be acknowledged; every one that was ("Guardado ✓")
 * must be there after the disk is freed, the bot killed with SIGKILL and started again; /health must say so
 * while the disk is full. Needs root (mount); otherwise it is skipped with the reason printed.
 */

const SEED = panama();
const PARTS: string[] = FIELDS.flatMap((f) => f.parts.map((p) => partId(f, p)));
const AAD = 'aad-full-disk';

function mountTmpfs(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `mount failed: ${String((err as Error).message).split('\n')[0]}`;
  }
}

/** Fills the file system to the last byte. */
async function fill(path: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 120);
      for (;;) {
        try {
          await handle.write(chunk);
          await handle.sync();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

describe('trust: the disk fills up under the running bot', function () {
  this.timeout(120_000);
  let mountPoint: string;
  let mounted = false;
  let connector: TrustConnector;
  let proc: BotProcess | undefined;

  before(async function () {
    mountPoint = await mkdtemp(join(tmpdir(), 'mesicic-fulldisk-'));
    const why = mountTmpfs(mountPoint, '24m');
    if (why) {
      console.log(`      skipped: a full disk needs a small file system of its own (${why})`);
      this.skip();
    }
    mounted = true;
    connector = await new TrustConnector().start();
  });

  after(async () => {
    await proc?.kill('SIGKILL');
    await connector?.stop();
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  it('never acknowledges what it could not save, says so, and keeps every acknowledged answer across a kill', async () => {
    const dataDir = join(mountPoint, 'data');
    const env = { DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000', OUTBOX_POLL_MS: '60000' };
    proc = await BotProcess.start(env);
    const say = (text: string) => sayTo(proc!.url, connector, { aad: AAD, text });
    const acknowledged = new Map<string, string>();
    const answer = async (i: number): Promise<string> => {
      const reply = await say(SEED.inputs[i]!);
      if (/^Guardado ✓/.test(reply)) acknowledged.set(PARTS[i - 1]!, SEED.expected[PARTS[i - 1]!]!);
      return reply;
    };
    /** "Guardado ✓", or "Dejado en blanco" for an optional part the seed skips. */
    const ACCEPTED = /^(Guardado ✓|Dejado en blanco)/;
    const accepted = async (i: number): Promise<void> => {
      const reply = await answer(i);
      assert.match(reply, ACCEPTED);
    };

    assert.match(await say('nuevo'), /borrador nuevo/);
    assert.match(await say(SEED.inputs[0]!), new RegExp(String.raw`Campo 1 de ${FIELDS.length}|1 de ${FIELDS.length}`)); // the kind: a good practice
    let i = 1;
    for (; i <= 4; i++) await accepted(i);

    const filler = join(mountPoint, 'filler');
    await fill(filler);
    const degraded = await fetch(`${proc.url}/health`);
    assert.equal(degraded.status, 503);
    const body = (await degraded.json()) as { status: string; problems: string[] };
    assert.equal(body.status, 'degraded');
    assert.ok(
      body.problems.some((p) => /disk/.test(p)),
      JSON.stringify(body),
    );

    // Some answers may still fit in a page already allocated; the first that does not is refused plainly.
    let refused: string | undefined;
    for (; i < PARTS.length && !refused; i++) {
      const reply = await answer(i);
      if (!ACCEPTED.test(reply)) refused = reply;
    }
    assert.ok(refused, 'the disk never filled up for the bot');
    assert.match(refused, /no se pudo guardar/);
    assert.doesNotMatch(refused, /ENOSPC|Error/, 'no internal error text');
    const stuckAt = i - 1;

    // Space comes back: the same answer is sent again and saved, then the bot is killed before any copy-out.
    await unlink(filler);
    await accepted(stuckAt);
    await accepted(stuckAt + 1);
    const healthy = await fetch(`${proc.url}/health`);
    assert.equal(healthy.status, 200, JSON.stringify(await healthy.clone().json()));
    await proc.kill('SIGKILL');

    // Every line of the journal is a whole record: nothing landed on a torn line.
    const segments = await readdir(join(dataDir, JOURNAL_DIR)).catch(() => [] as string[]);
    for (const s of segments) {
      const lines = (await readFile(join(dataDir, JOURNAL_DIR, s), 'utf8')).split('\n').filter(Boolean);
      for (const line of lines)
        assert.doesNotThrow(() => JSON.parse(line), `a torn line in ${s}: ${line.slice(0, 60)}`);
    }

    proc = await BotProcess.start(env);
    assert.match(await say('estado'), new RegExp(`${stuckAt + 1}`));
    await proc.kill('SIGTERM');
    const store = LowdbFileStore.reader(dataDir);
    const draftId = (await new ProfileRepository(store).get(AAD)).activeDraftId!;
    const draft = await new DraftRepository(store).get(AAD, draftId);
    const lost = [...acknowledged].filter(([part, text]) => draft?.answers[part]?.text !== text).map(([part]) => part);
    console.log(`      ${acknowledged.size} answers acknowledged, ${lost.length} lost, refused at part ${stuckAt}`);
    assert.deepEqual(lost, [], 'acknowledged answers missing after the kill');
  });
});
