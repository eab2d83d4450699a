import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attachment } from 'botbuilder';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { CLAIM_MS, OutboxWorker } from '../../bot/notify/outboxWorker.js';
import { NOTIFY_KIND } from '../../dialogs/core/submission.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import type { OutboxItem } from '../../storage/repositories/outbox.js';
import { panama } from '../fixtures/seeds.js';
import { BotProcess } from '../support/botProcess.js';
import { Chat } from '../support/chat.js';
import { say as sayTo } from '../support/say.js';
import { visibleText } from '../support/visible.js';
import { world } from '../support/world.js';
import { TrustConnector, sleep } from './standIn.js';

/*
 * The Secretariat's channel fails (HTTP 500, or a connection that never answers) while an official submits.
 * The official is never kept waiting; the bot is closed and started again on the same DATA_DIR with the
 * notification still pending; when the channel recovers, exactly one notification arrives. Every scenario
 * counts losses (a practice never notified) and duplicates (one notified twice) and prints both.
 */

/**
 * Losses and duplicates of one scenario's notifications, printed and checked: no loss ever, and no more
 * duplicates than `bound` (the sends that landed without an answer: see the note in bot/notify/outboxWorker.ts).
 */
function tally(scenario: string, shown: string[], references: string[], bound = 0): void {
  const copies = references.map((r) => shown.filter((t) => t.includes(r)).length);
  const losses = copies.filter((c) => c === 0).length;
  const duplicates = copies.reduce((n, c) => n + Math.max(0, c - 1), 0);
  console.log(
    `      ${scenario}: ${references.length} notification(s), losses ${losses}, duplicates ${duplicates} (allowed ${bound})`,
  );
  assert.equal(losses, 0, `${scenario}: notifications lost`);
  assert.ok(
    duplicates <= bound,
    `${scenario}: ${duplicates} duplicate(s), more than the ${bound} the platform makes unavoidable`,
  );
}

const CHANNEL = '19:outbox-secretariat@thread.tacv2';
/** A turn that takes longer than this kept the official waiting on the Secretariat's channel. */
const PROMPT_MS = 3_000;

describe('trust: the Secretariat notification across a channel outage and a restart', function () {
  this.timeout(60_000);
  let connector: TrustConnector;
  let dataDir: string;
  let bot: RunningBot | undefined;
  const env = () => ({
    PORT: '0',
    DATA_DIR: dataDir,
    SECRETARIAT_CHANNEL_ID: CHANNEL,
    SECRETARIAT_SERVICE_URL: connector.url,
    OUTBOX_POLL_MS: '100',
    OUTBOX_BASE_DELAY_MS: '100',
    OUTBOX_MAX_DELAY_MS: '500',
    RATE_LIMIT_PER_MINUTE: '10000',
  });

  beforeEach(async () => {
    connector = await new TrustConnector().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-outbox-'));
  });

  afterEach(async () => {
    connector.recover();
    await bot?.close();
    bot = undefined;
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Sends a message and returns the reply, failing if the official waited longer than PROMPT_MS. */
  async function say(aad: string, text: string): Promise<string> {
    const started = Date.now();
    const reply = await sayTo(bot!.url, connector, { aad, text });
    const took = Date.now() - started;
    assert.ok(took < PROMPT_MS, `${JSON.stringify(text.slice(0, 30))} took ${took} ms while the channel was down`);
    return reply;
  }

  async function submitPractice(aad: string): Promise<string> {
    await say(aad, 'nuevo');
    for (const input of panama().inputs) await say(aad, input);
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(await say(aad, 'enviar'))?.[0];
    assert.ok(reference, 'the official gets the receipt while the channel is down');
    return reference;
  }

  const notices = () => connector.shownTo(CHANNEL);
  // Through a reader store: a running bot's latest changes may still be in its journal rather than in files.
  const pendingFiles = async () => (await LowdbFileStore.reader(dataDir).list('outbox')).map((k) => `outbox/${k}.json`);
  async function health(): Promise<{ outboxPending: number }> {
    return (await (await fetch(`${bot!.url}/health`)).json()) as { outboxPending: number };
  }

  /**
   * After recovery: one notification with the reference and nothing left pending. Once the outbox is empty no
   * copy can follow (an old bot's attempt was cut when it closed), so there is no need to wait and see.
   */
  async function exactlyOneNotification(reference: string, scenario: string): Promise<void> {
    await connector.waitFor(() => notices().length >= 1, 20_000, 'the notification');
    const store = LowdbFileStore.reader(dataDir);
    const drained = async () => (await store.list('outbox')).length === 0;
    const until = Date.now() + 20_000;
    while (!(await drained())) {
      assert.ok(Date.now() < until, 'the outbox did not drain');
      await sleep(50);
    }
    tally(scenario, notices(), [reference]);
    assert.equal(notices().length, 1, 'exactly one notification');
    assert.match(notices()[0]!, new RegExp(reference));
    // The Secretariat's notification, and the official's "it reached the Secretariat" it queued.
    const delivered = await store.list('outbox-delivered');
    assert.deepEqual(
      delivered.filter((k) => k.startsWith('notify-')),
      [`notify-${reference}-v1`],
    );
    assert.equal((await health()).outboxPending, 0);
  }

  it('the official is never kept waiting while the channel answers 500 or never answers', async () => {
    for (const mode of ['status', 'hang'] as const) {
      const before = notices().length;
      connector.failFor(CHANNEL, 120_000, mode, 500);
      bot = await main(env(), pino({ level: 'silent' }));
      const aad = `aad-outbox-prompt-${mode}`;
      await submitPractice(aad); // every turn, the receipt included, within PROMPT_MS
      await connector.waitFor(() => (connector.attempts.get(CHANNEL) ?? 0) >= 1, 10_000, 'a delivery attempt');
      for (const text of ['estado', 'nuevo', '1', 'ayuda']) await say(aad, text);
      const started = Date.now();
      assert.equal((await fetch(`${bot.url}/health`)).status, 200);
      assert.ok(Date.now() - started < PROMPT_MS, '/health answers promptly');
      assert.equal(notices().length, before, 'nothing reached the failing channel');
      connector.recover(); // lets the close finish (a hung delivery would hold it)
      await bot.close();
      bot = undefined;
      connector.attempts.clear();
    }
  });

  it('no channel known yet: the notification waits on disk across a restart, then arrives once', async () => {
    const { SECRETARIAT_CHANNEL_ID: _c, SECRETARIAT_SERVICE_URL: _u, ...noChannel } = env();
    bot = await main(noChannel, pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-nochannel');
    await sleep(500); // several passes fail with "no channel"
    assert.equal((await health()).outboxPending, 1);
    await bot.close();
    bot = undefined;
    assert.equal((await pendingFiles()).length, 1, 'the notification waits on disk');
    bot = await main(env(), pino({ level: 'silent' }));
    await exactlyOneNotification(reference, 'no channel known, restart');
  });

  it('a burst of 500s within the SDK’s own retries while the bot restarts: one notification', async () => {
    connector.failFor(CHANNEL, 1_500, 'status', 500);
    bot = await main(env(), pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-burst');
    await connector.waitFor(() => (connector.attempts.get(CHANNEL) ?? 0) >= 1, 10_000, 'a delivery attempt');
    await bot.close();
    bot = await main(env(), pino({ level: 'silent' }));
    await exactlyOneNotification(reference, 'a burst of 500s, restart');
  });

  it('HTTP 500 from the channel: the official is never kept waiting; a restart with the notification pending; one notification after recovery', async () => {
    connector.failFor(CHANNEL, 120_000, 'status', 500);
    bot = await main(env(), pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-500');

    await connector.waitFor(() => (connector.attempts.get(CHANNEL) ?? 0) >= 1, 10_000, 'a delivery attempt');
    assert.equal(notices().length, 0);
    assert.equal((await health()).outboxPending, 1);
    // Another official keeps working while deliveries fail.
    assert.match(await say('aad-outbox-other', 'nuevo'), /borrador nuevo/);

    const closing = Date.now();
    const old = bot;
    await bot.close();
    bot = undefined;
    const closeMs = Date.now() - closing;
    assert.ok(closeMs < 15_000, `close took ${closeMs} ms`);
    const pending = await pendingFiles();
    assert.equal(pending.length, 1, 'the notification waits on disk');
    const item = JSON.parse(await readFile(join(dataDir, pending[0]!), 'utf8')) as {
      value: OutboxItem<{ reference: string }>;
    };
    assert.equal(item.value.payload.reference, reference);
    // The attempt under way at close may not have failed yet (the SDK retries 5xx for several seconds); it is retried after the restart.
    assert.equal(notices().length, 0);
    // A real restart ends the old process and its attempt with it; here both bots share one process, so the
    // old attempt is let finish (it fails: the channel still answers 500) before the new bot opens the folder.
    await old.worker.idle();

    bot = await main(env(), pino({ level: 'silent' }));
    assert.match(await say('aad-outbox-500', 'estado'), /.+/);
    assert.equal((await health()).outboxPending, 1, 'still pending after the restart');
    await sleep(300);
    assert.equal(notices().length, 0, 'nothing delivered while the channel still fails');

    connector.recover();
    await exactlyOneNotification(reference, 'HTTP 500, restart');
  });

  it('a connection that never answers: the official is never kept waiting; a restart with the notification pending; one notification after recovery', async () => {
    connector.failFor(CHANNEL, 120_000, 'hang');
    bot = await main(env(), pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-hang');
    await connector.waitFor(() => (connector.attempts.get(CHANNEL) ?? 0) >= 1, 10_000, 'a delivery attempt');
    // Turns go on while the delivery hangs.
    assert.match(await say('aad-outbox-other', 'nuevo'), /borrador nuevo/);
    assert.match(await say('aad-outbox-hang', 'estado'), /.+/);

    // The held connection is reset and the channel answers 500 for a while: the close can finish with the item pending.
    const closed = bot.close();
    await sleep(500);
    connector.recover();
    connector.failFor(CHANNEL, 120_000, 'status', 503);
    const old = bot;
    await closed;
    bot = undefined;
    assert.equal((await pendingFiles()).length, 1, 'the notification waits on disk');
    assert.equal(notices().length, 0);
    await old.worker.idle(); // as above: the old process would be gone

    bot = await main(env(), pino({ level: 'silent' }));
    assert.equal((await health()).outboxPending, 1, 'still pending after the restart');
    connector.recover();
    await exactlyOneNotification(reference, 'no answer, then 503, restart');
  });

  it('close() while a delivery hangs: the attempt is cut when the grace ends, its claim released, and the notification delivered once after the restart', async () => {
    connector.failFor(CHANNEL, 120_000, 'hang');
    bot = await main(env(), pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-blackhole');
    await connector.waitFor(() => (connector.attempts.get(CHANNEL) ?? 0) >= 1, 10_000, 'a delivery attempt');
    const old = bot;
    // The channel still holds the request (its outage lasts longer than this test may): close() does not wait for it.
    await bot.close();
    bot = undefined;
    await old.worker.idle();
    const [key] = await LowdbFileStore.reader(dataDir).list('outbox');
    const item = (await LowdbFileStore.reader(dataDir).read<OutboxItem>(`outbox/${key}`))?.value;
    assert.equal(
      item?.claimUntil,
      undefined,
      'the claim was released: the next instance need not wait for it to lapse',
    );
    assert.equal(item?.lastError, 'interrupted by a shutdown');
    assert.ok(Date.parse(item.nextAttemptAt) <= Date.now(), 'due at once');
    connector.recover();
    bot = await main(env(), pino({ level: 'silent' }));
    await exactlyOneNotification(reference, 'close() while the channel hangs, restart');
  });

  it('with ALLOWED_TENANTS set, the Secretariat notification still arrives', async () => {
    bot = await main({ ...env(), ALLOWED_TENANTS: 'tenant-1' }, pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-tenant');
    await exactlyOneNotification(reference, 'ALLOWED_TENANTS');
  });

  it('a crash between queueing the notification and marking the draft submitted, then "enviar" again: one notification', async () => {
    await crashBetweenEnqueueAndSubmit(dataDir);
  });

  it('a crash between queueing the notification and marking the draft submitted: one record, one reference, the notification kept', async () => {
    const { deliveries, references, records } = await crashBetweenEnqueueAndSubmit(dataDir, { checkOnce: false });
    assert.equal(records, 1, 'one practice record');
    assert.equal(new Set(references).size, 1, 'one reference');
    assert.ok(deliveries.length >= 1, 'the queued notification was delivered');
  });
});

/** One activity the bot posted to ChannelStandIn; `text` holds its cards too. */
interface Post {
  conversationId: string;
  replyToId?: string;
  text: string;
  /** What a person sees of it: its text, then its cards' texts. */
  seen: string;
  at: number;
}

/**
 * The connector for the process tests. It answers the official's turns; for the Secretariat's channel it either
 * answers, holds the request without taking it (a black hole: nothing is posted), or takes it (the channel shows
 * it) and holds the answer until told: a connector that accepts a send but never answers.
 */
class ChannelStandIn {
  mode: 'ok' | 'blackhole' | 'accept-hold' = 'ok';
  readonly posts: Post[] = [];
  attempts = 0;
  /** Channel posts that landed and were never answered: the only sends whose retry may duplicate them. */
  unanswered = 0;
  private readonly held = new Map<ServerResponse, { accepted: boolean }>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.held.keys()) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  /** Answers the posts taken and held so far. */
  answerHeld(): void {
    for (const [res, h] of this.held) {
      if (!h.accepted) continue;
      this.held.delete(res);
      this.unanswered--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `held-${this.posts.length}` }));
    }
  }

  /** Answers from now on; requests still held are reset. */
  recover(): void {
    this.mode = 'ok';
    for (const res of this.held.keys()) res.destroy();
    this.held.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return;
    }
    const m = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404);
      res.end();
      return;
    }
    const conversationId = decodeURIComponent(m[1]!);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      text?: string;
      replyToId?: string;
      attachments?: unknown[];
    };
    const replyToId = m[2] ? decodeURIComponent(m[2]) : body.replyToId;
    const seen = visibleText({ text: body.text, attachments: body.attachments as Attachment[] | undefined });
    const record = () =>
      this.posts.push({
        conversationId,
        text: [body.text ?? '', JSON.stringify(body.attachments ?? [])].join('\n'),
        seen,
        at: Date.now(),
        ...(replyToId ? { replyToId } : {}),
      });
    if (conversationId === CHANNEL) {
      this.attempts++;
      if (this.mode !== 'ok') {
        const accepted = this.mode === 'accept-hold';
        if (accepted) {
          record();
          this.unanswered++;
        }
        this.held.set(res, { accepted });
        res.on('close', () => this.held.delete(res));
        return;
      }
    }
    record();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `p${this.posts.length}` }));
  }

  /** What a person sees of each reply to one inbound activity (for say()), oldest first. */
  seenReplies(activityId: string): string[] {
    return this.posts.filter((p) => p.replyToId === activityId).map((p) => p.seen);
  }

  shownTo(conversationId: string): string[] {
    return this.posts.filter((p) => p.conversationId === conversationId).map((p) => p.text);
  }

  async waitFor(test: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await test())) {
      if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
      await sleep(20);
    }
  }
}

/*
 * The real bot as `npm start` runs it, stopped with SIGTERM or killed with SIGKILL while it delivers the
 * Secretariat's notification, then started again on the same folder. A stopped bot releases its claim, so the
 * next one retries at once; a killed one's claim lapses after CLAIM_MS (seconds, not the two minutes it was).
 */
describe('trust: the Secretariat notification when the bot process is stopped or killed mid-delivery', function () {
  this.timeout(90_000);
  let ch: ChannelStandIn;
  let dataDir: string;
  const processes: Array<Promise<BotProcess>> = [];
  const env = () => ({
    DATA_DIR: dataDir,
    SECRETARIAT_CHANNEL_ID: CHANNEL,
    SECRETARIAT_SERVICE_URL: ch.url,
    OUTBOX_POLL_MS: '100',
    OUTBOX_BASE_DELAY_MS: '100',
    OUTBOX_MAX_DELAY_MS: '500',
    RATE_LIMIT_PER_MINUTE: '10000',
  });
  /** The bot that runs first, and the next one, started beside it with its modules loaded, waiting for go(). */
  async function bots(): Promise<{ first: BotProcess; next: Promise<BotProcess> }> {
    const first = BotProcess.start(env());
    const next = BotProcess.standby(env());
    processes.push(first, next);
    return { first: await first, next };
  }

  beforeEach(async () => {
    ch = await new ChannelStandIn().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-outbox-proc-'));
  });

  afterEach(async () => {
    for (const p of processes.splice(0)) await (await p.catch(() => undefined))?.kill('SIGKILL');
    await ch.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const say = (url: string, aad: string, text: string) => sayTo(url, ch, { aad, text });

  async function submit(url: string, aad: string): Promise<string> {
    await say(url, aad, 'nuevo');
    for (const input of panama().inputs) await say(url, aad, input);
    const receipt = await say(url, aad, 'enviar');
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(receipt)?.[0];
    assert.ok(reference, receipt);
    return reference;
  }

  const pending = async (reference: string) =>
    (await LowdbFileStore.reader(dataDir).read<OutboxItem>(`outbox/notify-${reference}-v1`))?.value;
  /** Nothing left to send: from then on no copy can follow. */
  const drained = () =>
    ch.waitFor(
      async () => (await LowdbFileStore.reader(dataDir).list('outbox')).length === 0,
      CLAIM_MS + 20_000,
      'the outbox to drain',
    );

  it('SIGTERM while the channel holds the post without taking it: exits 0 with the claim released; the next process delivers it, once', async () => {
    ch.mode = 'blackhole';
    const { first, next } = await bots();
    const reference = await submit(first.url, 'aad-proc-blackhole');
    await ch.waitFor(() => ch.attempts >= 1, 10_000, 'a delivery attempt');
    assert.equal(await first.kill('SIGTERM'), 0, 'exits cleanly');
    const left = await pending(reference);
    assert.ok(left, 'the notification waits on disk');
    assert.equal(left.claimUntil, undefined, 'claim released: the next process need not wait for it to lapse');
    assert.ok(Date.parse(left.nextAttemptAt) <= Date.now(), 'due at once');
    ch.recover();
    await (await next).go();
    await drained();
    tally('SIGTERM, the channel holds the post without taking it', ch.shownTo(CHANNEL), [reference]);
  });

  it('SIGTERM while a post is under way and answered within the grace: marked delivered, never sent again', async () => {
    ch.mode = 'accept-hold';
    const { first, next } = await bots();
    const aad = 'aad-proc-slow';
    const reference = await submit(first.url, aad);
    await ch.waitFor(() => ch.unanswered >= 1, 10_000, 'the post to land');
    const exit = first.kill('SIGTERM');
    // Once the server refuses connections the bot is shutting down: the answer now comes during the grace.
    // A new connection each time: fetch would reuse a kept-alive socket, which a closing server still serves.
    await ch.waitFor(() => refusesNewConnections(first.url), 10_000, 'the shutdown to begin');
    ch.answerHeld();
    assert.equal(await exit, 0, 'exits cleanly');
    assert.ok(
      await LowdbFileStore.reader(dataDir).read(`outbox-delivered/notify-${reference}-v1`),
      'marked delivered before exiting',
    );
    assert.equal(await pending(reference), undefined, 'not left for the next process');
    await (await next).go();
    await drained();
    tally('SIGTERM, the post answered during the grace', ch.shownTo(CHANNEL), [reference]);
    // The official's "it reached the Secretariat", queued by that delivery, waited on disk for the next process.
    assert.equal(ch.shownTo(`a:personal-${aad}`).filter((t) => t.includes(`${reference}** ha llegado`)).length, 1);
  });

  it('SIGTERM while the channel took the post and never answers: cut when the grace ends and retried at once; at most the one duplicate that send allows', async () => {
    ch.mode = 'accept-hold';
    const { first, next } = await bots();
    const reference = await submit(first.url, 'aad-proc-accept-term');
    await ch.waitFor(() => ch.unanswered >= 1, 10_000, 'the post to land');
    assert.equal(await first.kill('SIGTERM'), 0, 'exits cleanly');
    assert.equal((await pending(reference))?.claimUntil, undefined, 'claim released');
    ch.recover();
    await (await next).go();
    await drained();
    // The post took and never answered may have landed or not, for all the bot can know: its retry is the one allowed copy.
    tally('SIGTERM, the channel took the post and never answered', ch.shownTo(CHANNEL), [reference], ch.unanswered);
  });

  it('SIGKILL while the channel took the post and never answers: the claim lapses within CLAIM_MS, the retry comes only after it', async () => {
    ch.mode = 'accept-hold';
    const { first, next } = await bots();
    const reference = await submit(first.url, 'aad-proc-accept-kill');
    await ch.waitFor(() => ch.unanswered >= 1, 10_000, 'the post to land');
    const killedAt = Date.now();
    await first.kill('SIGKILL');
    const left = await pending(reference);
    assert.ok(left?.claimUntil, 'still claimed by the killed process');
    const lapse = Date.parse(left.claimUntil);
    assert.ok(lapse - killedAt <= CLAIM_MS, `claimed for ${lapse - killedAt} ms after the kill`);
    assert.ok(
      lapse - killedAt <= 30_000,
      `claimed for ${lapse - killedAt} ms after the kill: not much sooner than the two minutes it used to be`,
    );
    ch.recover();
    await (await next).go();
    await drained();
    const copies = ch.posts.filter((p) => p.conversationId === CHANNEL && p.text.includes(reference));
    assert.ok(
      copies.slice(1).every((p) => p.at >= lapse),
      'retried before the claim lapsed',
    );
    tally('SIGKILL, the channel took the post and never answered', ch.shownTo(CHANNEL), [reference], ch.unanswered);
  });
});

/** Fails the one write that marks a draft submitted, as a process killed right there would never make it. */
class CrashBeforeSubmitted implements DocumentStore {
  crashed = false;
  constructor(private readonly inner: DocumentStore) {}
  read: DocumentStore['read'] = (key) => this.inner.read(key);
  list: DocumentStore['list'] = (prefix) => this.inner.list(prefix);
  remove: DocumentStore['remove'] = (key) => this.inner.remove(key);
  write: DocumentStore['write'] = async (key, value, ifMatch) => {
    if (!this.crashed && key.startsWith('drafts/') && (value as { status?: string }).status === 'submitted') {
      this.crashed = true;
      throw new Error('killed before the draft was marked submitted');
    }
    return this.inner.write(key, value, ifMatch);
  };
}

async function crashBetweenEnqueueAndSubmit(dataDir: string, options: { checkOnce?: boolean } = {}) {
  const seed = panama();
  const firstStore = await LowdbFileStore.open(dataDir);
  const first = await world(new CrashBeforeSubmitted(firstStore));
  const before = new Chat(first, { aad: 'aad-outbox-crash' });
  await before.say('nuevo');
  for (const input of seed.inputs) await before.say(input);
  await assert.rejects(before.say('enviar'), /killed before the draft was marked submitted/);

  // The restarted bot: its outbox worker delivers what is pending, and the official, who got no receipt, submits again.
  // The killed process's store never closes; a new process finds its lock stale (here: let go of it as a death would).
  await firstStore.close();
  const second = await world(await LowdbFileStore.open(dataDir));
  const deliveries: string[] = [];
  const worker = new OutboxWorker({
    outbox: second.outbox,
    handlers: {
      [NOTIFY_KIND]: async (item) => void deliveries.push((item.payload as { reference: string }).reference),
    },
    logger: pino({ level: 'silent' }),
    pollMs: 60_000,
    baseDelayMs: 10,
    maxDelayMs: 10,
  });
  await worker.runOnce();
  const after = new Chat(second, { aad: 'aad-outbox-crash', conversation: 'after-restart' });
  const receipt = await after.say('enviar');
  const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(receipt)?.[0];
  assert.ok(reference, receipt);
  await worker.runOnce();
  await worker.runOnce();
  const records = (await second.practices.list()).length;
  if (options.checkOnce !== false) {
    tally('a crash between queueing and marking submitted', deliveries, [reference]);
    assert.deepEqual(deliveries, [reference], 'the Secretariat is notified once');
  }
  return { deliveries, references: [reference, ...deliveries], records };
}

/** True once the server no longer takes new connections (it has begun to shut down). */
function refusesNewConnections(url: string): Promise<boolean> {
  return new Promise((ok) => {
    const req = request(`${url}/health`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => ok(false));
    });
    req.on('error', () => ok(true));
    req.end();
  });
}
