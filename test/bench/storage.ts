/**
 * The storage section of `npm run bench` (also `tsx test/bench/storage.ts [--officials N] [--rounds N]` alone):
 * the same bot on Azure Blob Storage (Azurite, in memory, on this machine) and on lowdb, in the same run.
 *  - Blob calls per turn: one official walks the form alone on the Azure bot, and every call the bot makes is
 *    counted by a proxy in front of Azurite (blobCounter.ts), turn by turn; then the outbox's work for that
 *    submission (the Secretariat's post and the official's "reached" notice), which runs after the turn.
 *  - Latency: N officials walk the form at once on each bot, R rounds, the order alternating; p50/p99 turn
 *    latency as the main load measures it (start of the POST to the turn's last reply at the stand-in).
 * Outbox polling is set to 10 minutes on both bots so that no poll lands in a counted turn: notifications
 * still go at once, as the submission kicks the outbox.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { panama } from '../fixtures/seeds.js';
import { Azurite } from '../support/azurite.js';
import { BlobCounter, since } from './blobCounter.js';
import { BenchConnector } from './connector.js';
import { runLoad, type LoadResult, type ReplyCheck } from './load.js';
import { SECRETARIAT_CHANNEL } from './protocol.js';
import { fmt, percentile, sortedCopy, table } from './stats.js';

export interface Launch {
  script: string;
  execArgv: string[];
}

/** storeChild.ts from source, through tsx. */
export const FROM_SOURCE: Launch = {
  script: fileURLToPath(new URL('./storeChild.ts', import.meta.url)),
  execArgv: ['--import', import.meta.resolve('tsx')],
};

const SCRIPT: readonly string[] = ['nuevo', ...panama().inputs, 'enviar'];
const REFERENCE = /MESICIC-BP-\d{4}-\d{4,}/;

interface Bot {
  name: string;
  child: ChildProcess;
  url: string;
}

async function startBot(name: string, env: Record<string, string>, launch: Launch): Promise<Bot> {
  const child = fork(launch.script, [JSON.stringify(env)], {
    execArgv: [...launch.execArgv, '--no-deprecation'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 60 s`)), 60_000);
    child.once('message', (m: { type: string; url?: string; message?: string }) => {
      clearTimeout(timer);
      if (m.type === 'ready' && m.url) ok(m.url);
      else fail(new Error(`${name} did not start: ${m.message ?? m.type}`));
    });
    child.once('exit', (code) => fail(new Error(`${name} exited (${code}) before it listened`)));
  });
  return { name, child, url };
}

async function stopBot(bot: Bot | undefined): Promise<void> {
  if (!bot || bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => bot.child.once('exit', () => ok()));
  bot.child.send({ type: 'stop' });
  const timer = setTimeout(() => bot.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const check: ReplyCheck = (i, _sent, replies) => {
  const all = replies.map((r) => r.body).join('\n');
  if (/inténtelo de nuevo/i.test(all)) return 'refused';
  if (i === SCRIPT.length - 1 && !REFERENCE.test(all)) return 'no reference in the receipt';
  return undefined;
};

/** Until the bot's outbox is empty (its notifications delivered), at most 20 s. */
async function settle(bot: Bot): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const health = (await (await fetch(`${bot.url}/health`)).json()) as { outboxPending?: number };
    if (!health.outboxPending) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);
const kinds = (calls: [string, number][], per = 1) =>
  calls.map(([k, n]) => `${k} ${fmt(n / per, per === 1 ? 0 : 1)}`).join(', ');

export async function storageBench(options: { officials: number; rounds: number; launch: Launch }): Promise<string[]> {
  const out: string[] = [];
  const azurite = new Azurite();
  const connector = await new BenchConnector().start();
  const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-bench-storage-'));
  let counter: BlobCounter | undefined;
  const bots: Bot[] = [];
  try {
    await azurite.start();
    const endpoint = /BlobEndpoint=(http:\/\/[^/;]+)/.exec(azurite.connectionString)![1]!;
    counter = await new BlobCounter(endpoint).start();
    const common = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SECRETARIAT_CHANNEL_ID: SECRETARIAT_CHANNEL,
      SECRETARIAT_SERVICE_URL: connector.url,
      RATE_LIMIT_PER_MINUTE: '1000000',
      OUTBOX_POLL_MS: '600000',
    };
    const azure = await startBot(
      'Azure Blob (Azurite)',
      {
        ...common,
        STORAGE: 'azure',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString.replace(endpoint, counter.url),
        AZURE_STORAGE_CONTAINER: 'bench',
      },
      options.launch,
    );
    bots.push(azure);
    const lowdb = await startBot('lowdb', { ...common, DATA_DIR: dataDir, DATA_FSYNC: 'true' }, options.launch);
    bots.push(lowdb);

    // 1. Blob calls, turn by turn: two officials one after the other, each new to this instance.
    const byKind = { start: [] as number[], answer: [] as number[], other: [] as number[], submit: [] as number[] };
    const answerCalls = new Map<string, number>();
    let submitCalls: [string, number][] = [];
    let background: ReturnType<typeof since> | undefined;
    for (const aad of ['aad-storage-count-0', 'aad-storage-count-1']) {
      for (let i = 0; i < SCRIPT.length; i++) {
        const before = counter.snapshot();
        const r = await runLoad({ botUrl: azure.url, connector, officials: [aad], script: [SCRIPT[i]!] });
        if (r.turns !== 1) throw new Error(`counting walk, turn ${i}: ${r.problems.join('; ')}`);
        const d = since(before, counter.snapshot());
        const text = SCRIPT[i]!;
        if (i === 0) byKind.start.push(d.total);
        else if (i === SCRIPT.length - 1) {
          byKind.submit.push(d.total);
          submitCalls = d.calls;
        } else if (text === '1' || text === 'omitir') byKind.other.push(d.total);
        else {
          byKind.answer.push(d.total);
          for (const [k, n] of d.calls) answerCalls.set(k, (answerCalls.get(k) ?? 0) + n);
        }
      }
      // The outbox's work for this submission: until the store has been quiet for a second.
      const before = counter.snapshot();
      let last = counter.total;
      let quietSince = Date.now();
      const until = Date.now() + 20_000;
      while (Date.now() - quietSince < 1_000 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        if (counter.total !== last) [last, quietSince] = [counter.total, Date.now()];
      }
      background = since(before, counter.snapshot());
    }
    out.push(
      '',
      `[storage] the same bot on Azure Blob Storage (Azurite, in memory, on this machine) and on lowdb, in this run`,
      `  blob calls per turn (one official at a time, ${SCRIPT.length} turns, two officials; counted by a proxy in front of Azurite):`,
      `    first message of an official to an instance ('nuevo'): ${fmt(mean(byKind.start), 1)}`,
      `    answer turn: ${fmt(mean(byKind.answer), 2)} on average (${fmt(Math.min(...byKind.answer))}-${fmt(Math.max(...byKind.answer))}): ` +
        kinds(
          [...answerCalls].sort((a, b) => b[1] - a[1]),
          byKind.answer.length,
        ),
      `    kind choice and 'omitir': ${fmt(mean(byKind.other), 1)}`,
      `    submit ('enviar'): ${fmt(mean(byKind.submit), 1)}: ${kinds(submitCalls)}`,
      `    then, after the turn, the outbox for one submission (the Secretariat's post and the official's notice): ${fmt(background?.total ?? 0)}: ${kinds(background?.calls ?? [])}`,
      `    submission in all: ${fmt(mean(byKind.submit) + (background?.total ?? 0))} calls`,
    );

    // 2. Latency under load, the order alternating between rounds.
    const warm = (tag: string) => Array.from({ length: options.officials }, (_, i) => `aad-storage-${tag}-${i}`);
    for (const bot of [azure, lowdb]) {
      await runLoad({ botUrl: bot.url, connector, officials: warm('warm'), script: SCRIPT, check });
      await settle(bot);
    }
    const results = new Map<Bot, { loads: LoadResult[]; calls: number; conflicts: number }>(
      [azure, lowdb].map((b) => [b, { loads: [], calls: 0, conflicts: 0 }]),
    );
    for (let r = 0; r < options.rounds; r++) {
      for (const bot of r % 2 === 0 ? [lowdb, azure] : [azure, lowdb]) {
        const before = counter.snapshot();
        const load = await runLoad({ botUrl: bot.url, connector, officials: warm(`r${r}`), script: SCRIPT, check });
        await settle(bot);
        const d = since(before, counter.snapshot());
        const entry = results.get(bot)!;
        entry.loads.push(load);
        entry.calls += d.total;
        entry.conflicts += d.conflicts;
        if (load.problemCount) out.push(`  ${bot.name}: ${load.problemCount} problems, first: ${load.problems[0]}`);
      }
    }
    const rows = [...results].map(([bot, { loads, calls, conflicts }]) => {
      const latencies = sortedCopy(loads.flatMap((l) => l.latencies));
      const turns = latencies.length;
      const seconds = loads.reduce((s, l) => s + l.durationMs, 0) / 1000;
      return {
        bot,
        turns,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        cells: [
          bot.name,
          fmt(turns),
          fmt(turns / seconds),
          fmt(percentile(latencies, 50), 1),
          fmt(percentile(latencies, 99), 1),
          bot === azure ? fmt(calls / Math.max(turns, 1), 2) : '-',
          bot === azure ? fmt(conflicts) : '-',
        ],
      };
    });
    out.push(
      `  latency: ${options.officials} officials at once walk the form, ${options.rounds} round${options.rounds === 1 ? '' : 's'} per store (after a warm-up walk), the order alternating`,
      table(
        ['  store', 'turns', 'turns/s', 'p50 ms', 'p99 ms', 'blob calls/turn*', 'conflicts (412/409)'],
        rows.map((r) => ['  ' + r.cells[0]!, ...r.cells.slice(1)]),
      ),
      '  * everything the bot asked of storage during the rounds, outbox deliveries included, per answered turn',
    );
    const [a, l] = rows;
    if (a && l)
      out.push(`  p50 Azure / lowdb = ${fmt(a.p50 / l.p50, 1)}; p99 Azure / lowdb = ${fmt(a.p99 / l.p99, 1)}`);
    const conflicts = [...counter.conflictsBy].sort((x, y) => y[1] - x[1]);
    if (conflicts.length) out.push(`  conflicts by call, whole section: ${kinds(conflicts)}`);
    return out;
  } finally {
    await Promise.all(bots.map(stopBot));
    await counter?.stop();
    await connector.stop();
    await azurite.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// Run alone: tsx test/bench/storage.ts [--officials 20] [--rounds 2]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { officials: { type: 'string', default: '20' }, rounds: { type: 'string', default: '2' } },
  });
  storageBench({ officials: Number(values.officials), rounds: Number(values.rounds), launch: FROM_SOURCE })
    .then((lines) => {
      for (const line of lines) console.log(line);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
