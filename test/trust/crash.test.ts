import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { panama } from '../fixtures/seeds.js';
import { teamsMessage } from '../support/teams.js';
import { BotProcess } from '../support/botProcess.js';
import { TrustConnector, seeded, seen, sleep, unparsable } from './standIn.js';

/*
 * The bot runs as a child process and is killed with SIGKILL at random moments while 20 officials fill in the
 * form at once. What it has acknowledged ("Guardado ✓" reached Teams) must be on disk after every kill, and
 * every data file must parse. Replay a failure with TRUST_SEED=<seed> (printed on failure); the kill schedule
 * and the officials' pauses come from the seed, the interleaving of the processes does not.
 */

const OFFICIALS = Number(process.env.TRUST_OFFICIALS ?? 20);
const KILLS = Number(process.env.TRUST_KILLS ?? 10);
/** On a busy machine a restart costs seconds: after MIN_KILLS, no new kill starts once this much time has gone. */
const MIN_KILLS = Math.min(KILLS, 5);
const KILL_PHASE_MS = Number(process.env.TRUST_KILL_PHASE_MS ?? 30_000);
const CHANNEL = '19:crash-secretariat@thread.tacv2';

const SEED = panama();
const PARTS: string[] = FIELDS.flatMap((f) => f.parts.map((p) => partId(f, p)));
/** What the official sends, in order: "nuevo", "1" (a good practice), one input per part, "enviar". */
const SCRIPT = ['nuevo', ...SEED.inputs, 'enviar'];
/** The step of the draft each script line answers (none for "nuevo"). */
const STEPS: (string | undefined)[] = [undefined, 'kind', ...PARTS, 'review'];

interface Sent {
  aad: string;
  draftId?: string;
  step?: string;
  text: string;
}

interface Generation {
  proc: BotProcess;
  n: number;
}

describe('trust: the bot killed with SIGKILL at random moments', function () {
  this.timeout(180_000);

  it('keeps every answer it acknowledged, and every data file parses, across kills and restarts', async () => {
    const seed = Number(process.env.TRUST_SEED ?? Math.floor(Math.random() * 2 ** 31));
    try {
      await run(seed);
    } catch (err) {
      console.error(`\n    crash.test.ts failed with seed ${seed}; replay with TRUST_SEED=${seed}\n`);
      if (err instanceof Error) err.message = `[TRUST_SEED=${seed}] ${err.message}`;
      throw err;
    }
  });
});

async function run(seed: number): Promise<void> {
  const started = Date.now();
  const rnd = seeded(seed);
  const connector = await new TrustConnector().start();
  const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-crash-'));
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '100000',
    SECRETARIAT_CHANNEL_ID: CHANNEL,
    SECRETARIAT_SERVICE_URL: connector.url,
    OUTBOX_POLL_MS: '200',
    OUTBOX_BASE_DELAY_MS: '100',
    OUTBOX_MAX_DELAY_MS: '1000',
  };
  // The test reads the folder with the product's own repositories, never writes to it.
  const store = LowdbFileStore.reader(dataDir); // no cache: it reads what the bot process wrote
  const drafts = new DraftRepository(store);
  const profiles = new ProfileRepository(store);
  const practices = new PracticeRepository(store);

  const registry = new Map<string, Sent>();
  const receipts: { aad: string; draftId: string; reference: string }[] = [];
  const stats = {
    turns: 0,
    unacked: 0,
    resent: 0,
    savedUnacked: 0,
    submittedUnacked: 0,
    rounds: 0,
    checks: 0,
    verified: 0,
  };
  let gen: Generation | undefined;
  let waiting: (() => void)[] = [];
  let stopRounds = false;
  let failure: Error | undefined;

  const current = async (): Promise<Generation> => {
    while (!gen || !gen.proc.alive) {
      if (failure) throw failure;
      await new Promise<void>((ok) => waiting.push(ok));
    }
    return gen;
  };

  /** Posts one message; the reply is whatever reached the connector for it (even if the bot died before answering the POST). */
  const send = async (meta: Sent): Promise<string | undefined> => {
    const g = await current();
    const activity = teamsMessage({ serviceUrl: connector.url, aad: meta.aad, text: meta.text });
    registry.set(activity.id!, meta);
    stats.turns++;
    let status: number | undefined;
    let error: unknown;
    try {
      const res = await fetch(`${g.proc.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      error = err;
    }
    if (status === undefined) {
      // Only a kill may break a request: wait for that process to be gone, then for the connector to settle.
      await Promise.race([g.proc.exited, sleep(5_000)]);
      if (g.proc.alive) throw new Error(`a request failed while bot #${g.n} was alive: ${String(error)}`);
      await sleep(50);
    } else if (status !== 200) {
      throw new Error(
        `bot #${g.n} answered HTTP ${status} to ${JSON.stringify(meta.text.slice(0, 40))} from ${meta.aad}`,
      );
    }
    const replies = connector.repliesTo(activity.id!);
    if (status === 200 && replies.length === 0)
      throw new Error(`bot #${g.n} answered 200 but sent no reply to ${JSON.stringify(meta.text.slice(0, 40))}`);
    // What the official sees: "Guardado ✓" first (the card's first line, or the text), then the rest of any card.
    return replies.length ? replies.map(seen).join('\n\n') : undefined;
  };

  /** Where the official stands according to the disk: the next script line, or the round is over. */
  const resync = async (
    aad: string,
    draftId: string | undefined,
  ): Promise<{ done: true } | { done: false; idx: number; draftId?: string }> => {
    const profile = await profiles.get(aad);
    const active = profile.activeDraftId;
    if (!active) {
      if (draftId) {
        const d = await drafts.get(aad, draftId);
        if (d?.status === 'submitted') return { done: true };
        throw new Error(`${aad}: draft ${draftId} is ${d?.status ?? 'missing'} but no longer active`);
      }
      return { done: false, idx: 0 };
    }
    const d = await drafts.get(aad, active);
    if (!d) throw new Error(`${aad}: the profile points at draft ${active}, which is not on disk`);
    if (d.status !== 'draft') return active === draftId ? { done: true } : { done: false, idx: 0 };
    if (draftId && active !== draftId)
      throw new Error(`${aad}: the active draft changed from ${draftId} to ${active} without "nuevo"`);
    const idx = STEPS.indexOf(d.cursor.step);
    if (idx < 1 || d.cursor.appending) throw new Error(`${aad}: unexpected cursor ${JSON.stringify(d.cursor)}`);
    return { done: false, idx, draftId: active };
  };

  const official = async (i: number): Promise<void> => {
    const aad = `aad-crash-${String(i).padStart(2, '0')}`;
    const rng = seeded(seed + 7919 * (i + 1));
    do {
      stats.rounds++;
      let idx = 0;
      let draftId: string | undefined;
      for (;;) {
        await sleep(Math.floor(rng() * 12));
        const text = SCRIPT[idx]!;
        const step = STEPS[idx];
        const reply = await send({ aad, text, ...(draftId ? { draftId } : {}), ...(step ? { step } : {}) });
        if (reply !== undefined) {
          if (idx === 0) {
            assert.match(reply, /borrador nuevo/, `${aad}: reply to "nuevo":\n${reply.slice(0, 300)}`);
            draftId = (await profiles.get(aad)).activeDraftId;
            assert.ok(draftId, `${aad}: "nuevo" was answered but no active draft is on disk`);
          } else if (step === 'review') {
            const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(reply)?.[0];
            assert.ok(reference, `${aad}: reply to "enviar" has no reference:\n${reply}`);
            receipts.push({ aad, draftId: draftId!, reference });
            break;
          } else if (step !== 'kind' && text !== 'omitir') {
            assert.match(
              reply,
              /^Guardado ✓/,
              `${aad}: the answer for ${step} was not accepted:\n${reply.slice(0, 300)}`,
            );
          }
          idx++;
          continue;
        }
        stats.unacked++;
        const where = await resync(aad, draftId);
        if (where.done) {
          stats.submittedUnacked++;
          break;
        }
        if (where.idx === idx) stats.resent++;
        else stats.savedUnacked++;
        idx = where.idx;
        draftId = where.draftId;
      }
    } while (!stopRounds);
  };

  /** The property, checked on the folder while no bot runs (right after a kill) and at the end. */
  const checkDisk = async (when: string): Promise<void> => {
    stats.checks++;
    if (process.env.TRUST_DEBUG)
      console.log(`      ${when}: ${((Date.now() - started) / 1000).toFixed(1)} s, ${JSON.stringify(stats)}`);
    const bad = await unparsable(dataDir);
    assert.deepEqual(bad, [], `${when}: data files that do not parse`);
    const lost: string[] = [];
    let verified = 0;
    for (const p of connector.posted) {
      const meta = p.replyToId ? registry.get(p.replyToId) : undefined;
      if (!meta?.step || !meta.draftId || !PARTS.includes(meta.step) || !p.text.startsWith('Guardado')) continue;
      const draft = await drafts.get(meta.aad, meta.draftId);
      const kept = draft?.answers[meta.step]?.text;
      verified++;
      if (kept !== SEED.expected[meta.step])
        lost.push(
          `${meta.aad} ${meta.draftId} ${meta.step}: acknowledged, on disk ${JSON.stringify(kept?.slice(0, 40))}`,
        );
    }
    stats.verified = Math.max(stats.verified, verified);
    assert.deepEqual(lost, [], `${when}: acknowledged answers missing from the drafts on disk`);
    for (const r of receipts) {
      const record = await practices.get(r.reference);
      assert.equal(
        record?.submittedBy.id,
        r.aad,
        `${when}: receipt ${r.reference} given to ${r.aad} but the record is ${record ? `by ${record.submittedBy.id}` : 'missing'}`,
      );
      assert.equal(record.draftId, r.draftId);
    }
  };

  let proc = await BotProcess.start(env);
  gen = { proc, n: 1 };
  // The next bots wait with their modules loaded, so that a restart takes the bot's own start-up time only.
  const standbys = [BotProcess.standby(env), BotProcess.standby(env)];
  const running = Array.from({ length: OFFICIALS }, (_, i) =>
    official(i).catch((err: unknown) => {
      failure ??= err instanceof Error ? err : new Error(String(err));
      for (const w of waiting.splice(0)) w();
    }),
  );
  const killTimes: number[] = [];
  try {
    for (let k = 0; k < KILLS; k++) {
      if (failure) throw failure;
      if (k >= MIN_KILLS && Date.now() - started > KILL_PHASE_MS) break;
      await sleep(Math.floor(300 + rnd() * 1200));
      const g: Generation = gen;
      gen = undefined;
      await g.proc.kill('SIGKILL');
      killTimes.push(Date.now() - started);
      await checkDisk(`after kill ${k + 1}`);
      proc = await (await standbys.shift()!).go();
      if (k + standbys.length + 1 < KILLS) standbys.push(BotProcess.standby(env));
      gen = { proc, n: g.n + 1 };
      const wake = waiting;
      waiting = [];
      for (const w of wake) w();
    }
    stopRounds = true;
    const finished = await Promise.race([Promise.all(running).then(() => true), sleep(60_000).then(() => false)]);
    if (failure) throw failure;
    assert.ok(finished, 'officials did not finish within 60 s after the last kill');

    // Let the outbox drain. An item whose delivery was cut by a kill stays claimed for a while (by design), so
    // it may still be pending: it must then be on disk, never lost.
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const health = (await (await fetch(`${gen.proc.url}/health`)).json()) as { outboxPending: number };
      if (health.outboxPending === 0) break;
      await sleep(100);
    }
    await Promise.race([gen.proc.kill('SIGTERM'), sleep(10_000)]);
    await gen.proc.kill('SIGKILL');
    await checkDisk('at the end');

    const records = await practices.list();
    const byDraft = new Map<string, string[]>();
    for (const r of records)
      byDraft.set(`${r.submittedBy.id}/${r.draftId}`, [
        ...(byDraft.get(`${r.submittedBy.id}/${r.draftId}`) ?? []),
        r.reference,
      ]);
    const doubled = [...byDraft].filter(([, refs]) => refs.length > 1);
    assert.deepEqual(doubled, [], 'a draft recorded under two references');
    for (let i = 0; i < OFFICIALS; i++) {
      const aad = `aad-crash-${String(i).padStart(2, '0')}`;
      for (const d of await drafts.listByOwner(aad)) {
        if (d.status !== 'submitted') continue;
        const record = d.reference ? await practices.get(d.reference) : undefined;
        assert.equal(record?.draftId, d.id, `${aad}: submitted draft ${d.id} (${d.reference}) has no practice record`);
        for (const part of PARTS)
          assert.equal(record.answers[part]?.text, SEED.expected[part], `${d.reference} ${part}`);
      }
    }
    const notices = connector.shownTo(CHANNEL);
    // Through the store: what the killed bot left in its journal counts as on disk.
    const pending = await store.list('outbox');
    let stillPending = 0;
    for (const r of records) {
      if (notices.some((t) => t.includes(r.reference))) continue;
      assert.ok(
        pending.some((f) => f.includes(r.reference)),
        `${r.reference} was neither notified nor left pending in the outbox`,
      );
      stillPending++;
    }
    const duplicates = records.filter((r) => notices.filter((t) => t.includes(r.reference)).length > 1).length;
    console.log(
      `      seed ${seed}: ${killTimes.length} kills at ${killTimes.map((t) => (t / 1000).toFixed(1)).join(', ')} s; ${stats.turns} turns, ${stats.rounds} forms, ` +
        `${records.length} practices, ${stats.unacked} unacknowledged (${stats.resent} resent, ${stats.savedUnacked} saved before the kill, ` +
        `${stats.submittedUnacked} submitted before the kill), ${stillPending} still pending (claimed by a killed bot), ${stats.checks} disk checks\n` +
        `      losses: 0 of ${stats.verified} acknowledged answers, 0 of ${receipts.length} receipts; duplicates: ${doubled.length} drafts recorded twice, ${duplicates} practice(s) notified more than once`,
    );
  } finally {
    stopRounds = true;
    failure ??= new Error('stopped');
    for (const w of waiting) w();
    await gen?.proc.kill('SIGKILL');
    await proc.kill('SIGKILL');
    for (const s of standbys) await s.then((b) => b.kill('SIGKILL')).catch(() => undefined);
    await Promise.allSettled(running);
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
