import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { post, teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';
import type { Activity } from 'botbuilder';
import { BotProcess } from '../support/botProcess.js';
import { Driver, audit, describeCounts, killOnExit, officials, settle } from '../scale/exactlyOnce.js';
import { TrustConnector, seeded } from './standIn.js';

/*
 * Teams delivers a message again when the answer was slow (15 s), possibly to a restarted bot. The bot that gets
 * it again must recognise it from the draft on disk, not from its memory: the answer is kept once, in its own
 * part, and the next answer goes to the next part.
 */

const AAD = 'aad-redelivery';

describe('trust: a message delivered again after a restart', function () {
  this.timeout(60_000);
  let dataDir: string;
  let connector: ConnectorStandIn;
  let bot: RunningBot | undefined;
  const start = async () =>
    (bot = await main({ PORT: '0', DATA_DIR: dataDir, OUTBOX_POLL_MS: '60000' }, pino({ level: 'silent' })));

  before(async () => {
    connector = await new ConnectorStandIn().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-redelivery-'));
  });
  after(async () => {
    await bot?.close();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const send = async (activity: ReturnType<typeof teamsMessage>) => {
    const before = connector.sent.length;
    assert.equal(await post(bot!.url, activity), 200);
    await connector.waitFor(() => connector.sent.length > before);
    return connector.sent
      .slice(before)
      .map((s) => visibleText(s.activity))
      .join('\n');
  };
  const message = (text: string) => teamsMessage({ serviceUrl: connector.url, aad: AAD, text });

  it('is recognised from the draft on disk: kept once, in its own part, and the form goes on at the right step', async () => {
    const seed = panama();
    const [first, second] = FIELDS.flatMap((f) => f.parts.map((p) => partId(f, p)));
    await start();
    await send(message('nuevo'));
    await send(message(seed.inputs[0]!));
    const answered = message(seed.inputs[1]!);
    assert.match(await send(answered), /^Guardado ✓/);
    await bot!.close();

    await start();
    const again = await send(answered);
    assert.match(again, /ya estaba guardado ✓/);
    const drafts = new DraftRepository(LowdbFileStore.reader(dataDir));
    const profile = await new ProfileRepository(LowdbFileStore.reader(dataDir)).get(AAD);
    let draft = await drafts.get(AAD, profile.activeDraftId!);
    assert.equal(draft?.cursor.step, second, 'still at the next part');
    assert.equal(draft?.answers[first!]?.text, seed.expected[first!]);
    assert.equal(draft?.answers[second!], undefined, 'nothing stored in the next part');

    assert.match(await send(message(seed.inputs[2]!)), /^Guardado ✓/);
    draft = await drafts.get(AAD, profile.activeDraftId!);
    assert.ok(draft?.answers[second!], 'the next answer went to the next part');

    // "nuevo" delivered again makes no second empty draft.
    const fresh = message('nuevo');
    await send(fresh);
    const count = (await drafts.listByOwner(AAD)).length;
    await bot!.close();
    await start();
    assert.match(await send(fresh), /ya estaba guardado ✓/);
    assert.equal((await drafts.listByOwner(AAD)).length, count, 'no extra draft');
  });
});

/*
 * The same audit as the scale-out test (test/scale/threeInstances.test.ts), on one lowdb process killed with
 * SIGKILL and restarted several times: after each restart the last messages each official had answered are
 * delivered again, besides Teams' ordinary redeliveries. Replay a failure with TRUST_SEED=<seed>.
 */
describe('trust: redeliveries across SIGKILLs and restarts (lowdb)', function () {
  this.timeout(180_000);
  const CHANNEL = '19:redelivery-secretariat@thread.tacv2';
  const KILLS = 4;

  it('applies every message once, answers "already saved" to the copies, and numbers 1..n', async () => {
    const seed = Number(process.env.TRUST_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rnd = seeded(seed);
    const connector = await new TrustConnector().start();
    const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-redelivery-kill-'));
    const env = {
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '100000',
      SECRETARIAT_CHANNEL_ID: CHANNEL,
      SECRETARIAT_SERVICE_URL: connector.url,
      OUTBOX_POLL_MS: '200',
      OUTBOX_BASE_DELAY_MS: '100',
      OUTBOX_MAX_DELAY_MS: '1000',
    };
    const processes: BotProcess[] = [];
    const spawn = (standby: boolean) => {
      const p = standby ? BotProcess.standby(env, 60_000) : BotProcess.start(env, 60_000);
      void p.then((b) => processes.push(b)).catch(() => undefined);
      return p;
    };
    let standby: Promise<BotProcess> | undefined;
    let done = false;
    let wake: (() => void) | undefined;
    let driver: Driver | undefined;
    const unregister = killOnExit(() => {
      for (const p of processes) void p.kill('SIGKILL');
    });
    const started = Date.now();
    try {
      let bot = await spawn(false);
      standby = spawn(true);
      /** Resolved while a bot is up; a restart replaces it. */
      let up: Promise<void> = Promise.resolve();
      const post = async (activity: Partial<Activity>): Promise<number | undefined> => {
        await up;
        try {
          const res = await fetch(`${bot.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity),
            signal: AbortSignal.timeout(30_000),
          });
          await res.arrayBuffer();
        } catch {
          // killed while answering: the client sends it again
        }
        return undefined;
      };
      const walkers = officials(4, 'aad-redeliver');
      const total = walkers.reduce((n, o) => n + o.script.length, 0);
      let acked = 0;
      const walking = (driver = new Driver({
        deadline: started + 120_000,
        connector,
        post,
        rnd,
        redeliverShare: 0.2,
        concurrentShare: 0.05,
        redeliverDelayMs: [100, 1_500],
        onAck: () => {
          acked++;
          wake?.();
        },
      }));
      const kills: number[] = [];
      const again: string[] = [];
      const chaos = (async () => {
        for (let k = 1; k <= KILLS; k++) {
          const at = Math.floor((total * k) / (KILLS + 1));
          while (!done && acked < at) await new Promise<void>((ok) => (wake = ok));
          if (done) return;
          let restarted!: () => void;
          up = new Promise<void>((ok) => (restarted = ok));
          await bot.kill('SIGKILL');
          kills.push(Date.now());
          // What the killed bot had answered: the restarted one has never seen these ids in memory.
          const answered = walkers.flatMap((o) =>
            o.sent.filter((a) => connector.seenReplies(a.id!).length > 0).slice(-2),
          );
          const next = await standby;
          standby = spawn(true);
          bot = await next.go(60_000);
          restarted();
          // Teams delivering again, to the restarted bot, what it had answered before the kill.
          for (const activity of answered) {
            again.push(activity.id!);
            walking.copy(activity, rnd() * 300);
          }
        }
      })();
      await Promise.all(walkers.map((o) => walking.walk(o)));
      done = true;
      wake?.();
      await chaos;
      await walking.drain();

      const store = LowdbFileStore.reader(dataDir);
      const settled = await settle({ store, connector, channel: CHANNEL, officials: walkers, timeoutMs: 60_000 });
      const result = await audit({ store, connector, channel: CHANNEL, officials: walkers, kills });
      const s = walking.stats;
      const recognised = again.filter((id) => connector.seenReplies(id).some((t) => /ya estaba/.test(t))).length;
      console.log(
        `      seed ${seed}: ${walkers.length} officials, ${s.messages} messages, ${kills.length} kills; ` +
          `${again.length} delivered again after a restart (${recognised} answered "already saved"), ${s.redelivered} redelivered later, ${s.concurrent} twice at once; ` +
          `${s.resent} sent again after no answer (${s.savedUnanswered} saved before the kill), ${s.submitRetyped} "enviar" typed again; ` +
          `${result.practices} practices\n      ${describeCounts(result)}`,
      );
      assert.equal(result.practices, walkers.length, result.problems.join('\n'));
      assert.deepEqual(
        result.counts,
        Object.fromEntries(Object.keys(result.counts).map((k) => [k, 0])),
        `[TRUST_SEED=${seed}] ${result.problems.join('\n')}`,
      );
      assert.ok(settled, `the outbox did not empty: ${result.problems.join('\n')}`);
    } finally {
      done = true;
      driver?.stop();
      wake?.();
      await standby?.catch(() => undefined);
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      await connector.stop();
      await rm(dataDir, { recursive: true, force: true });
      unregister();
    }
  });
});
