import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { BlobStore } from '../../storage/azure/blobStore.js';
import { Azurite } from '../support/azurite.js';
import { BotProcess } from '../support/botProcess.js';
import { RoundRobin } from '../support/roundRobin.js';
import { TrustConnector, seeded, sleep } from '../trust/standIn.js';
import { Driver, audit, describeCounts, killOnExit, officials, settle, type Audit } from './exactlyOnce.js';

/*
 * Issue 18's "done when": three bot instances (`STORAGE=azure`) on one Azurite behind a round-robin proxy, each
 * official's consecutive messages on different instances, Teams delivering some messages again (the same
 * activity, to another instance, at once or seconds later), and SIGKILLs of random instances, restarted, during
 * the run. A message not yet answered when its instance died is sent again by the client until it is, so
 * "lost" means lost after the official saw it saved. Then storage and the Teams stand-in are audited: every
 * count printed must be zero. Replay a failure with SCALE_SEED=<seed> (the kill schedule, pauses and
 * redeliveries come from it; the interleaving of the processes does not).
 */

const OFFICIALS = Number(process.env.SCALE_OFFICIALS ?? 10);
const INSTANCES = 3;
/** Kills spread over the run by progress (acknowledged messages), not by the clock: the same on a slow machine. */
const KILLS = Number(process.env.SCALE_KILLS ?? 10);
const CHANNEL = '19:three-secretariat@thread.tacv2';
const CONTAINER = 'three';

describe('Scale-out: three instances on Azurite, with redeliveries and SIGKILLs', function () {
  this.timeout(300_000);

  it('applies every message once: nothing lost, doubled or shifted, references 1..n, one notification each', async () => {
    const seed = Number(process.env.SCALE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    try {
      await run(seed);
    } catch (err) {
      console.error(`\n    threeInstances.test.ts failed with seed ${seed}; replay with SCALE_SEED=${seed}\n`);
      if (err instanceof Error) err.message = `[SCALE_SEED=${seed}] ${err.message}`;
      throw err;
    }
  });
});

async function run(seed: number): Promise<void> {
  const started = Date.now();
  const rnd = seeded(seed);
  const azurite = new Azurite();
  const connector = await new TrustConnector().start();
  const processes: BotProcess[] = [];
  let proxy: RoundRobin | undefined;
  /** Processes with the bot's modules loaded, waiting to be an instance: two, so restarts follow kills closely. */
  const standbys: Promise<BotProcess>[] = [];
  let done = false;
  let wake: (() => void) | undefined;
  const held: (() => void)[] = [];
  let driver: Driver | undefined;
  const unregister = killOnExit(() => {
    for (const p of processes) void p.kill('SIGKILL');
    void azurite.stop();
  });
  try {
    await azurite.start();
    const env = {
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: CONTAINER,
      RATE_LIMIT_PER_MINUTE: '100000',
      SECRETARIAT_CHANNEL_ID: CHANNEL,
      SECRETARIAT_SERVICE_URL: connector.url,
      OUTBOX_POLL_MS: '300',
      OUTBOX_BASE_DELAY_MS: '200',
      OUTBOX_MAX_DELAY_MS: '2000',
    };
    const spawn = (waiting: boolean) => {
      const p = waiting ? BotProcess.standby(env, 60_000) : BotProcess.start(env, 60_000);
      void p.then((b) => processes.push(b)).catch(() => undefined);
      return p;
    };
    // Create the container once, before three instances race to.
    await BlobStore.connect(azurite.connectionString, CONTAINER);
    const bots = await Promise.all(Array.from({ length: INSTANCES }, () => spawn(false)));
    proxy = await new RoundRobin(bots.map((b) => b.url)).start();
    const balancer = proxy;
    // The next instance waits with its modules loaded, so that a restart costs the bot's own start-up only.
    standbys.push(spawn(true), spawn(true));

    const post = async (activity: Partial<Activity>): Promise<number | undefined> => {
      try {
        const res = await fetch(`${balancer.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        const instance = res.headers.get('x-instance');
        return instance === null ? undefined : Number(instance);
      } catch {
        return undefined;
      }
    };

    const walkers = officials(OFFICIALS, 'aad-three');
    const total = walkers.reduce((n, o) => n + o.script.length, 0);
    let acked = 0;
    // Kills are spread over the officials' progress (5% to 99% of the messages); the officials may run at most
    // about two messages each past the next one before it has come (a restart can take seconds), and a kill
    // falls only once they are at it again, so that it cuts turns in the middle.
    const killAt = (k: number) =>
      k > KILLS ? Infinity : Math.floor(total * (0.05 + (0.94 * (k - 0.5 + (rnd() - 0.5) * 0.5)) / KILLS));
    let limit = killAt(1) + 2 * OFFICIALS;
    const release = () => {
      for (const go of held.splice(0)) go();
    };
    const progress = async (to: number) => {
      while (!done && acked < to) await new Promise<void>((ok) => (wake = ok));
    };
    driver = new Driver({
      deadline: started + 200_000,
      gate: async () => {
        while (!done && acked >= limit) await new Promise<void>((ok) => held.push(ok));
      },
      connector,
      post,
      rnd,
      redeliverShare: 0.25,
      concurrentShare: 0.06,
      redeliverDelayMs: [200, 3_000],
      onAck: () => {
        acked++;
        wake?.();
      },
    });

    const kills: number[] = [];
    let chaosFailed: Error | undefined;
    let restarted: Promise<void> = Promise.resolve();
    /** Requests under way on an instance when it was killed. */
    let cut = 0;
    const chaos = (async () => {
      for (let k = 1; k <= KILLS; k++) {
        await progress(killAt(k));
        // One instance down at a time: the last one killed is back before the next kill.
        await restarted;
        if (done) return;
        limit = acked + 2 * OFFICIALS;
        release();
        await progress(acked + 1 + Math.floor(rnd() * OFFICIALS));
        await sleep(rnd() * 150);
        if (done) return;
        // Mostly the instance with the most requests under way, so kills cut turns (and deliveries) in the middle.
        const most = Math.max(...balancer.inFlight);
        const busiest = balancer.inFlight.flatMap((n, i) => (n === most ? [i] : []));
        const slot = rnd() < 0.7 ? busiest[Math.floor(rnd() * busiest.length)]! : Math.floor(rnd() * INSTANCES);
        cut += balancer.inFlight[slot]!;
        await bots[slot]!.kill('SIGKILL');
        kills.push(Date.now());
        balancer.set(slot, undefined);
        limit = killAt(k + 1) + 2 * OFFICIALS;
        release();
        // Restarted from a standby (ready, or as soon as it is), while the officials go on with the others.
        restarted = (async () => {
          const next = await standbys.shift()!;
          standbys.push(spawn(true));
          await sleep(rnd() * 500);
          bots[slot] = await next.go(60_000);
          balancer.set(slot, bots[slot].url);
        })();
      }
      await restarted;
    })().catch((err: unknown) => {
      // The officials must not wait for kills that will never come.
      chaosFailed = err instanceof Error ? err : new Error(String(err));
      limit = Infinity;
      release();
    });

    const walking = driver;
    await Promise.all(walkers.map((o) => walking.walk(o)));
    done = true;
    wake?.();
    release();
    await chaos;
    if (chaosFailed) throw chaosFailed;
    await walking.drain();
    const walked = Date.now();

    const store = await BlobStore.connect(azurite.connectionString, CONTAINER);
    const settled = await settle({ store, connector, channel: CHANNEL, officials: walkers, timeoutMs: 90_000 });
    const result: Audit = await audit({ store, connector, channel: CHANNEL, officials: walkers, kills });
    const s = walking.stats;
    console.log(
      `      seed ${seed}: ${OFFICIALS} officials, ${s.messages} messages (${total} in the scripts), ` +
        `${kills.length} kills at ${kills.map((t) => ((t - started) / 1000).toFixed(1)).join(', ')} s ` +
        `(${cut} requests under way on the instance killed); ` +
        `${s.resent} sent again after no answer (${s.savedUnanswered} of them saved before the kill), ${s.apologies} apologies, ${s.redelivered} redelivered later, ` +
        `${s.concurrent} delivered twice at once, ${s.submitRetyped} "enviar" typed again; requests per instance ` +
        `${balancer.served.join('/')}, consecutive messages on the same instance ${s.sameInstance}; ` +
        `${result.practices} practices; walked in ${((walked - started) / 1000).toFixed(1)} s, ` +
        `settled ${settled ? 'in' : 'NOT within'} ${((Date.now() - walked) / 1000).toFixed(1)} s\n` +
        `      ${describeCounts(result)}`,
    );
    assert.equal(result.practices, OFFICIALS, result.problems.join('\n'));
    assert.deepEqual(
      result.counts,
      Object.fromEntries(Object.keys(result.counts).map((k) => [k, 0])),
      result.problems.join('\n'),
    );
    assert.ok(settled, `the outbox did not empty: ${result.problems.join('\n')}`);
  } finally {
    done = true;
    driver?.stop();
    wake?.();
    for (const go of held.splice(0)) go();
    // A standby still starting is killed too once it is up (or has failed).
    await Promise.all(standbys.map((p) => p.catch(() => undefined)));
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await proxy?.stop();
    await connector.stop();
    await azurite.stop();
    unregister();
  }
}
