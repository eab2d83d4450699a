/**
 * npm run bench: load, growth and export figures for the MESICIC bot. Not a test: it prints numbers.
 * See test/bench/README.md for what is measured and the flags.
 */
import { exportSpeed } from './exportSpeed.js';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { buildInto } from '../../bot/compile/buildInto.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { panama } from '../fixtures/seeds.js';
import { SECRETARIAT_CHANNEL, type ChildMessage, type ChildOptions, type ChildStats } from './protocol.js';
import { BenchConnector } from './connector.js';
import { DEFAULT_DRAFTS, DEFAULT_PRACTICES, generate, officialId, printProgress, verify } from './generate.js';
import { runLoad, type LoadResult, type ReplyCheck } from './load.js';
import { fmt, mib, percentile, sortedCopy, table } from './stats.js';
import { ForeignLoad, machineBusyMs } from './sysload.js';
import { storageBench } from './storage.js';
import { reminderSpeed } from './reminderSpeed.js';

const THROUGHPUT_TARGET = 0.85;
const GROWTH_P50_TARGET = 1.15;

// ---- flags ------------------------------------------------------------------------------------------

const { values: flags } = parseArgs({
  options: {
    officials: { type: 'string' },
    practices: { type: 'string', default: String(DEFAULT_PRACTICES) },
    drafts: { type: 'string', default: String(DEFAULT_DRAFTS) },
    rounds: { type: 'string', default: '5' },
    starts: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '64' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'storage-officials': { type: 'string', default: '20' },
    'storage-rounds': { type: 'string', default: '2' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(
    'usage: npm run bench -- [--officials 50] [--practices 100000] [--drafts 10000] [--rounds 5] [--starts 3] [--concurrency 64] [--keep] [--profile DIR] [--storage-officials 20] [--storage-rounds 2]',
  );
  process.exit(0);
}
function count(name: string, raw: string | undefined, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return n;
}
const OFFICIALS = count('officials', flags.officials ?? process.env.BENCH_OFFICIALS ?? '50', 1);
const PRACTICES = count('practices', flags.practices, 0);
const DRAFTS = count('drafts', flags.drafts, 0);
const ROUNDS = count('rounds', flags.rounds, 1);
const CONCURRENCY = count('concurrency', flags.concurrency, 1);
const STARTS = count('starts', flags.starts, 1);
const PROFILE_DIR = flags.profile ? resolve(flags.profile) : undefined;
/** The storage section (storage.ts): Azure Blob on Azurite beside lowdb; 0 officials leaves it out. */
const STORAGE_OFFICIALS = count('storage-officials', flags['storage-officials'], 0);
const STORAGE_ROUNDS = count('storage-rounds', flags['storage-rounds'], 1);

const SCRIPT: readonly string[] = ['nuevo', ...panama().inputs, 'enviar'];

// ---- the processes under test -----------------------------------------------------------------------

interface Target {
  name: string;
  kind: 'echo' | 'bot';
  dataDir?: string;
  child: ChildProcess;
  url: string;
  /** From fork() to listening, and to the first answered turn, ms (medians over the starts). */
  listenMs: number;
  firstTurnMs: number;
  firstTurnRange: [number, number];
  results: LoadResult[];
  roundCpuUs: number;
  roundTurns: number;
  peak?: ChildStats;
  /** After a full garbage collection, once started and at the end: what is really kept. */
  startGc?: ChildStats;
  afterGc?: ChildStats;
}

/** How a child is started: the script fork() runs and the flags of its node. */
interface Launch {
  script: string;
  execArgv: string[];
}

const HERE = fileURLToPath(new URL('./', import.meta.url));
/** The bot from its TypeScript sources through tsx's loader, as `npm start` ran it before the build: start-up only, for comparison. */
const FROM_SOURCE: Launch = { script: join(HERE, 'child.ts'), execArgv: ['--import', import.meta.resolve('tsx')] };

/**
 * The bots as `npm start` runs them: compiled JavaScript, plain node, no loader. The bot is built with the build's own
 * config and asset copy (bot/compile) into the run's temp folder, so the figures are for the sources as they are
 * now, whatever state dist/ is in; child.ts and the echo bot are transpiled next to it, where child.js's
 * `../../bot/index.js` is the compiled bot.
 */
async function buildTargets(dir: string): Promise<Launch> {
  await buildInto(dir);
  const out = join(dir, 'test', 'bench');
  await mkdir(out, { recursive: true });
  for (const name of ['child', 'echoBot', 'protocol', 'storeChild']) {
    const source = await readFile(join(HERE, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: `${name}.ts`,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, esModuleInterop: true },
    });
    await writeFile(join(out, `${name}.js`), outputText);
  }
  return { script: join(out, 'child.js'), execArgv: [] };
}

function nextMessage(
  child: ChildProcess,
  type: ChildMessage['type'] | 'ready|failed',
  timeoutMs = 120_000,
): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no ${type} message from the child within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: ChildMessage) => {
      if (m.type === type || (type === 'ready|failed' && (m.type === 'ready' || m.type === 'failed')))
        done(undefined, m);
    };
    const onExit = (code: number | null) => done(new Error(`the child exited (${code}) before sending ${type}`));
    const done = (err?: Error, m?: ChildMessage) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function childStats(t: Target, gc = false): Promise<ChildStats> {
  const reply = nextMessage(t.child, 'stats', 10_000);
  t.child.send({ type: 'stats', gc });
  return (await reply) as ChildStats;
}

const median = (values: number[]) => percentile(sortedCopy(values), 50);

/**
 * Starts a bot `starts` times (each time: fork, wait until it listens, then one first turn: an official who
 * has never written says hello), keeps the last process for the load and the median times.
 */
async function startTarget(
  name: string,
  options: ChildOptions,
  connector: BenchConnector,
  starts: number,
  launch: Launch,
  profiled = true,
): Promise<Target> {
  const listen: number[] = [];
  const first: number[] = [];
  for (let i = 0; ; i++) {
    const t0 = performance.now();
    // Only the process that takes the load is profiled, into a folder of its own; the profile is written when it stops.
    const profile =
      PROFILE_DIR && profiled && i + 1 >= starts
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${join(PROFILE_DIR, options.dataDir ? `bot-${basename(options.dataDir)}` : 'echo')}`,
          ]
        : [];
    const child = fork(launch.script, [JSON.stringify(options)], {
      execArgv: [...launch.execArgv, '--no-deprecation', '--expose-gc', ...profile],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await nextMessage(child, 'ready|failed');
    if (ready.type !== 'ready')
      throw new Error(`${name} did not start: ${ready.type === 'failed' ? ready.message : ready.type}`);
    listen.push(performance.now() - t0);
    const probe = await runLoad({
      botUrl: ready.url,
      connector,
      officials: [`aad-startup-probe-${options.kind}-${Date.now()}-${i}`],
      script: ['hola'],
    });
    if (probe.turns !== 1) throw new Error(`${name} did not answer its first turn: ${probe.problems.join('; ')}`);
    first.push(performance.now() - t0);
    const target: Target = {
      name,
      kind: options.kind,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      child,
      url: ready.url,
      listenMs: median(listen),
      firstTurnMs: median(first),
      firstTurnRange: [Math.min(...first), Math.max(...first)],
      results: [],
      roundCpuUs: 0,
      roundTurns: 0,
    };
    if (i + 1 >= starts) {
      target.startGc = await childStats(target, true);
      return target;
    }
    await stopTarget(target);
  }
}

async function stopTarget(t: Target): Promise<void> {
  if (t.child.exitCode !== null) return;
  const exited = new Promise<void>((ok) => t.child.once('exit', () => ok()));
  t.child.send({ type: 'stop' });
  const timer = setTimeout(() => t.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** After a round the bot may still be delivering the Secretariat's notifications; let it finish first. */
async function settle(t: Target): Promise<void> {
  if (t.kind !== 'bot') return;
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const health = (await (await fetch(`${t.url}/health`)).json()) as { outboxPending?: number };
    if (!health.outboxPending) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(`  (${t.name}: outbox still not empty after 15 s)`);
}

// ---- checks on what the bots answer -----------------------------------------------------------------

const references = new Map<string, string[]>();
const REFERENCE = /MESICIC-BP-\d{4}-\d{4,}/;

function checkFor(t: Target): ReplyCheck {
  if (t.kind === 'echo')
    return (_i, sent, replies) =>
      replies.length === 1 && replies[0]!.text === sent ? undefined : 'the echo differs from the message';
  const seen = references.get(t.name) ?? [];
  references.set(t.name, seen);
  return (i, _sent, replies) => {
    // Cards carry part of the answer: look at the whole activities, not only their text.
    const all = replies.map((r) => r.body).join('\n');
    if (/inténtelo de nuevo/i.test(all))
      return `refused: ${replies
        .map((r) => r.text)
        .join(' | ')
        .slice(0, 160)}`;
    if (i === SCRIPT.length - 1) {
      const reference = REFERENCE.exec(all)?.[0];
      if (!reference) return `no reference in the receipt: ${all.slice(0, 300)}`;
      seen.push(reference);
    }
    return undefined;
  };
}

const foreign = new ForeignLoad();

/** One walk of the script by these officials on one bot, then a pause until the bot has finished its background work. */
async function measure(
  t: Target,
  officials: string[],
  connector: BenchConnector,
  counted = true,
): Promise<{ result: LoadResult; foreignShare?: number }> {
  const before = await childStats(t);
  const parentBefore = process.cpuUsage();
  const busyBeforeMs = machineBusyMs();
  const wallStart = performance.now();
  const result = await runLoad({ botUrl: t.url, connector, officials, script: SCRIPT, check: checkFor(t) });
  await settle(t);
  const after = await childStats(t);
  const wallMs = performance.now() - wallStart;
  const busyAfterMs = machineBusyMs();
  const parent = process.cpuUsage(parentBefore);
  const childCpuUs = after.cpuUser + after.cpuSystem - before.cpuUser - before.cpuSystem;
  const sample = { busyBeforeMs, busyAfterMs, ownCpuMs: (childCpuUs + parent.user + parent.system) / 1000, wallMs };
  const round = new ForeignLoad();
  round.add(sample);
  const foreignShare = round.share();
  if (counted) {
    foreign.add(sample);
    t.roundCpuUs += childCpuUs;
    t.roundTurns += result.turns;
  }
  return { result, ...(foreignShare === undefined ? {} : { foreignShare }) };
}

function summary(results: LoadResult[]) {
  const latencies = sortedCopy(results.flatMap((r) => r.latencies));
  const turns = results.reduce((s, r) => s + r.turns, 0);
  const seconds = results.reduce((s, r) => s + r.durationMs, 0) / 1000;
  const activities = results.reduce((s, r) => s + r.activities, 0);
  return {
    turns,
    activities,
    throughput: turns / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    problems: results.reduce((s, r) => s + r.problemCount, 0),
  };
}

const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

// ---- the run ----------------------------------------------------------------------------------------

async function run(): Promise<void> {
  const runStarted = performance.now();
  const cpu = cpus();
  console.log('MESICIC bot benchmark');
  console.log(
    `  node ${process.version}, ${cpu.length} CPU (${cpu[0]?.model.trim() ?? 'unknown'}), ${process.platform}`,
  );
  console.log(
    `  ${OFFICIALS} officials at once, ${SCRIPT.length} turns each ('nuevo', the ${SCRIPT.length - 2} Panama inputs, 'enviar'), ${ROUNDS} measured rounds per bot`,
  );
  console.log(`  grown store: ${fmt(PRACTICES)} practices, ${fmt(DRAFTS)} open drafts`);
  console.log(
    '  every bot runs in a child process of its own (plain node on the compiled JavaScript, as npm start), logs silent;',
  );
  console.log(
    '  the load generator and the connector stand-in run in this process; latency = start of the POST -> the reply',
  );
  console.log('  reaching the stand-in\n');

  const temp = await mkdtemp(join(tmpdir(), 'mesicic-bench-'));
  const emptyDir = join(temp, 'empty');
  const grownDir = join(temp, 'grown');
  const targets: Target[] = [];
  const connector = await new BenchConnector().start();
  let storage: string[] = [];
  try {
    // 2. Growth: the data first, so that every bot is measured under the same conditions afterwards.
    console.log(
      `[growth] generating ${fmt(PRACTICES)} practices and ${fmt(DRAFTS)} open drafts into ${grownDir} (${CONCURRENCY} writes at once)`,
    );
    const gen = await generate({
      dir: grownDir,
      practices: PRACTICES,
      drafts: DRAFTS,
      concurrency: CONCURRENCY,
      onProgress: printProgress,
    });
    console.log(
      `[growth] wrote ${fmt(gen.files)} files (${mib(gen.bytes)}) in ${fmt(gen.ms / 1000, 1)} s (${fmt(gen.files / (gen.ms / 1000))} files/s)`,
    );
    console.log(`[growth] verified through LowdbFileStore and the repositories: ${await verify(gen)}`);
    const listStart = performance.now();
    const keys = await LowdbFileStore.reader(grownDir).list('practices');
    console.log(
      `[growth] LowdbFileStore.list('practices') returns ${fmt(keys.length)} keys in ${fmt(performance.now() - listStart)} ms\n`,
    );

    const buildStart = performance.now();
    const compiled = await buildTargets(join(temp, 'build'));
    console.log(
      `[build] compiled the bot with bot/compile/tsconfig.build.json and copied its assets (what npm run build does) into ${join(temp, 'build')} in ${fmt((performance.now() - buildStart) / 1000, 1)} s\n`,
    );

    // Start-up, one bot after the other so none slows another's start.
    console.log(
      `[start-up] fork -> listening -> first answered turn; each bot started ${STARTS} time${STARTS === 1 ? '' : 's'}, medians`,
    );
    targets.push(await startTarget('echo bot', { kind: 'echo' }, connector, STARTS, compiled));
    targets.push(
      await startTarget(
        'bot, empty store',
        { kind: 'bot', dataDir: emptyDir, connectorUrl: connector.url },
        connector,
        STARTS,
        compiled,
      ),
    );
    targets.push(
      await startTarget(
        `bot, grown store`,
        { kind: 'bot', dataDir: grownDir, connectorUrl: connector.url },
        connector,
        STARTS,
        compiled,
      ),
    );
    targets.push(
      await startTarget(
        'bot, no fsync',
        { kind: 'bot', dataDir: join(temp, 'nofsync'), connectorUrl: connector.url, fsync: false },
        connector,
        STARTS,
        compiled,
      ),
    );
    // For comparison only (it takes no load): the same bot from its sources through tsx, as npm start used to run it.
    const fromSource = await startTarget(
      'bot, from source',
      { kind: 'bot', dataDir: join(temp, 'source'), connectorUrl: connector.url },
      connector,
      STARTS,
      FROM_SOURCE,
      false,
    );
    await stopTarget(fromSource);
    for (const t of [...targets, fromSource])
      console.log(
        `  ${t.name.padEnd(18)} listening after ${fmt(t.listenMs)} ms, first turn answered after ${fmt(t.firstTurnMs)} ms (${fmt(t.firstTurnRange[0])}-${fmt(t.firstTurnRange[1])})`,
      );
    const [echoStart, emptyStart] = targets;
    if (echoStart && emptyStart)
      console.log(
        `  first turn, bot (empty store) / echo bot = ${fmt(emptyStart.firstTurnMs / echoStart.firstTurnMs, 2)}; compiled / from source (tsx) = ${fmt(emptyStart.firstTurnMs / fromSource.firstTurnMs, 2)}`,
      );

    // Warm-up: one full walk per bot by officials who are not measured.
    console.log(`\n[warm-up] ${OFFICIALS} officials walk the whole form once on each bot (not measured)`);
    const warmers = Array.from({ length: OFFICIALS }, (_, i) => `aad-warmup-${i}`);
    for (const t of targets) {
      const { result: w } = await measure(t, warmers, connector, false);
      console.log(
        `  ${t.name.padEnd(18)} ${fmt(w.turns)} turns in ${fmt(w.durationMs / 1000, 1)} s${w.problemCount ? `, ${w.problemCount} problems: ${w.problems[0]}` : ''}`,
      );
    }
    references.clear();

    // 1. Load, and the growth comparison: the rounds rotate the order of the three bots.
    console.log(
      `\n[load] ${ROUNDS} rounds; each round every bot takes the same load, in an order that rotates by one each round`,
    );
    const officials = Array.from({ length: OFFICIALS }, (_, i) => officialId(i));
    for (let r = 0; r < ROUNDS; r++) {
      const order = targets.map((_, k) => targets[(k + r) % targets.length]!);
      const line: string[] = [];
      for (const t of order) {
        const { result, foreignShare } = await measure(t, officials, connector);
        t.results.push(result);
        const other = foreignShare === undefined ? '' : ` (others ${fmt(foreignShare * 100)}% CPU)`;
        line.push(
          `${t.name} ${fmt(result.turns / (result.durationMs / 1000))}/s p50 ${fmt(percentile(sortedCopy(result.latencies), 50))} ms${other}`,
        );
        if (result.problemCount)
          console.log(`  ${t.name}: ${result.problemCount} problems, first: ${result.problems[0]}`);
      }
      console.log(`  round ${r + 1}: ${line.join('; ')}`);
    }
    for (const t of targets) {
      t.peak = await childStats(t);
      t.afterGc = await childStats(t, true);
    }
  } catch (err) {
    await Promise.all(targets.map(stopTarget));
    await connector.stop();
    if (!flags.keep) await rm(temp, { recursive: true, force: true });
    throw err;
  }
  await Promise.all(targets.map(stopTarget));
  await connector.stop();
  // The reminders' runner on the grown store, now that its bot has let go of the folder.
  console.log('\n[reminders] the runner on the grown store');
  const reminders = await reminderSpeed(grownDir);

  // 4. Storage: the same bot on Azure Blob (Azurite) and on lowdb, once the other bots are stopped.
  if (STORAGE_OFFICIALS > 0) {
    console.log(
      `\n[storage] Azure Blob Storage (Azurite) beside lowdb: blob calls per turn, then ${STORAGE_OFFICIALS} officials at once, ${STORAGE_ROUNDS} round${STORAGE_ROUNDS === 1 ? '' : 's'} each`,
    );
    try {
      storage = await storageBench({
        officials: STORAGE_OFFICIALS,
        rounds: STORAGE_ROUNDS,
        launch: { script: join(temp, 'build', 'test', 'bench', 'storeChild.js'), execArgv: [] },
      });
    } catch (err) {
      if (!flags.keep) await rm(temp, { recursive: true, force: true });
      throw err;
    }
  }

  // ---- report ---------------------------------------------------------------------------------------
  const rows = targets.map((t) => {
    const s = summary(t.results);
    return { t, s };
  });
  const [echo, empty, grown, noFsync] = rows;
  console.log('\n' + '='.repeat(100));
  console.log(
    `Results (${OFFICIALS} officials, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} per bot, order rotated each round; data folder of the grown store: ${fmt(PRACTICES)} practices, ${fmt(DRAFTS)} drafts)\n`,
  );
  console.log(
    table(
      [
        '',
        'turns',
        'msgs/turn',
        'turns/s',
        'p50 ms',
        'p99 ms',
        'CPU ms/turn',
        'listening ms',
        '1st turn ms',
        'peak RSS',
        'problems',
      ],
      rows.map(({ t, s }) => [
        t.name,
        fmt(s.turns),
        fmt(s.activities / Math.max(s.turns, 1), 2),
        fmt(s.throughput),
        fmt(s.p50, 1),
        fmt(s.p99, 1),
        fmt(t.roundCpuUs / 1000 / Math.max(t.roundTurns, 1), 2),
        fmt(t.listenMs),
        fmt(t.firstTurnMs),
        t.peak ? mib(t.peak.peakRss) : 'n/a',
        fmt(s.problems),
      ]),
    ),
  );
  console.log('');
  if (echo && empty && grown) {
    const throughputRatio = empty.s.throughput / echo.s.throughput;
    const p50Ratio = grown.s.p50 / empty.s.p50;
    console.log(
      `1. Load:   throughput bot (empty store) / echo bot = ${fmt(throughputRatio, 2)}   target >= ${THROUGHPUT_TARGET}: ${verdict(throughputRatio >= THROUGHPUT_TARGET)}`,
    );
    const perRound = (f: (r: number) => number) => Array.from({ length: ROUNDS }, (_, r) => f(r));
    const tps = (x: LoadResult | undefined) => (x ? x.turns / (x.durationMs / 1000) : Number.NaN);
    const p50 = (x: LoadResult | undefined) => (x ? percentile(sortedCopy(x.latencies), 50) : Number.NaN);
    const tRatios = perRound((r) => tps(empty.t.results[r]) / tps(echo.t.results[r]));
    console.log(`           per round: ${tRatios.map((x) => fmt(x, 2)).join(', ')}; median ${fmt(median(tRatios), 2)}`);
    const cpuPerTurn = (t: Target) => t.roundCpuUs / Math.max(t.roundTurns, 1);
    console.log(
      `           CPU per turn echo / bot = ${fmt(cpuPerTurn(echo.t) / cpuPerTurn(empty.t), 2)} (both bots are CPU-bound under this load: the ratio tends to this on an idle machine, and it moves less with other load)`,
    );
    console.log(
      `2. Growth: p50 turn latency grown / empty store    = ${fmt(p50Ratio, 2)}   target <= ${GROWTH_P50_TARGET}: ${verdict(p50Ratio <= GROWTH_P50_TARGET)}`,
    );
    const gRatios = perRound((r) => p50(grown.t.results[r]) / p50(empty.t.results[r]));
    console.log(`           per round: ${gRatios.map((x) => fmt(x, 2)).join(', ')}; median ${fmt(median(gRatios), 2)}`);
    console.log(
      `           throughput bot (grown store) / echo bot = ${fmt(grown.s.throughput / echo.s.throughput, 2)}`,
    );
    console.log(
      `           p99 grown / empty = ${fmt(grown.s.p99 / empty.s.p99, 2)}; start-up to first turn: empty ${fmt(empty.t.firstTurnMs)} ms, grown ${fmt(grown.t.firstTurnMs)} ms; peak RSS: empty ${empty.t.peak ? mib(empty.t.peak.peakRss) : 'n/a'}, grown ${grown.t.peak ? mib(grown.t.peak.peakRss) : 'n/a'}`,
    );
  }
  if (empty && noFsync) {
    console.log(
      `3. Durability: throughput with fdatasync before "Saved" / without = ${fmt(empty.s.throughput / noFsync.s.throughput, 2)} ` +
        `(${fmt(empty.s.throughput)} vs ${fmt(noFsync.s.throughput)} turns/s; p50 ${fmt(empty.s.p50, 1)} vs ${fmt(noFsync.s.p50, 1)} ms; ` +
        `concurrent turns share one flush: group commit)`,
    );
  }
  for (const line of await exportSpeed()) console.log(line);
  for (const line of reminders) console.log(line);
  for (const line of storage) console.log(line);
  console.log('\nNotes');
  for (const t of targets)
    if (t.peak && t.afterGc)
      console.log(
        `   memory ${t.name}: peak RSS ${mib(t.peak.peakRss)}; at the end RSS ${mib(t.peak.rss)}, JS heap in use ${mib(t.peak.heapUsed)}; after a full GC ${mib(t.afterGc.heapUsed)} (${t.startGc ? mib(t.startGc.heapUsed) : 'n/a'} once started)`,
      );
  const share = foreign.share();
  if (share !== undefined)
    console.log(
      `   other processes on this machine used ${fmt(share * 100)}% of its ${cpus().length} CPUs during the measured rounds${share > 0.1 ? ': the figures are noisy, run again on a quiet machine' : ''}`,
    );

  // Every measured walk must have ended in a receipt with a reference of its own, and reached the Secretariat.
  const expected = OFFICIALS * ROUNDS;
  for (const t of targets.filter((x) => x.kind === 'bot')) {
    const refs = references.get(t.name) ?? [];
    const practices = t.dataDir
      ? (await readdir(join(t.dataDir, 'practices')).catch(() => [])).filter((f) => !f.startsWith('.')).length
      : 0;
    // Warm-up and measured walks each leave one practice; the grown store started with PRACTICES.
    const onDisk = OFFICIALS * (ROUNDS + 1) + (t.dataDir === grownDir ? PRACTICES : 0);
    console.log(
      `   check ${t.name}: ${refs.length}/${expected} measured submissions got a reference, ${new Set(refs).size} distinct; ${fmt(practices)}/${fmt(onDisk)} practices on disk`,
    );
  }
  console.log(
    `   Secretariat notifications received by the stand-in: ${fmt(connector.unclaimed.get(SECRETARIAT_CHANNEL) ?? 0)}`,
  );

  if (PROFILE_DIR)
    console.log(
      `\nCPU profiles in ${PROFILE_DIR} (summarise the largest in a folder with: tsx test/bench/profile.ts FILE)`,
    );
  if (flags.keep) console.log(`\nData folders kept in ${temp}`);
  else await rm(temp, { recursive: true, force: true });
  console.log(`\nTotal run time ${fmt((performance.now() - runStarted) / 1000, 1)} s`);
}

run().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
