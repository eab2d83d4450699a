import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { OutboxWorker } from '../../bot/notify/outboxWorker.js';
import { NOTIFY_KIND } from '../../dialogs/core/submission.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import type { OutboxItem } from '../../storage/repositories/outbox.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { teamsMessage } from '../support/teams.js';
import { world } from '../support/world.js';
import { TrustConnector, sleep } from './standIn.js';

/*
 * The Secretariat's channel fails (HTTP 500, or a connection that never answers) while an official submits.
 * The official is never kept waiting; the bot is closed and started again on the same DATA_DIR with the
 * notification still pending; when the channel recovers, exactly one notification arrives.
 */

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
    const a = teamsMessage({ serviceUrl: connector.url, aad, text });
    const started = Date.now();
    const res = await fetch(`${bot!.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) });
    await res.arrayBuffer();
    const took = Date.now() - started;
    assert.equal(res.status, 200);
    assert.ok(took < PROMPT_MS, `${JSON.stringify(text.slice(0, 30))} took ${took} ms while the channel was down`);
    const replies = connector.repliesTo(a.id!);
    assert.ok(replies.length > 0, `no reply to ${JSON.stringify(text.slice(0, 30))}`);
    return replies.map((r) => [r.text, r.cards].filter(Boolean).join('\n')).join('\n\n');
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
  const pendingFiles = async () => (await new LowdbFileStore(dataDir, 0).list('outbox')).map((k) => `outbox/${k}.json`);
  async function health(): Promise<{ outboxPending: number }> {
    return (await (await fetch(`${bot!.url}/health`)).json()) as { outboxPending: number };
  }

  /** After recovery: one notification with the reference, still one a while later, nothing left pending. */
  async function exactlyOneNotification(reference: string): Promise<void> {
    await connector.waitFor(() => notices().length >= 1, 20_000, 'the notification');
    await sleep(1_500); // several polls and backoffs: a second copy would show up
    assert.equal(notices().length, 1, 'exactly one notification');
    assert.match(notices()[0]!, new RegExp(reference));
    assert.deepEqual(await pendingFiles(), [], 'nothing left in the outbox');
    const delivered = await new LowdbFileStore(dataDir, 0).list('outbox-delivered');
    assert.equal(delivered.length, 1);
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
    await exactlyOneNotification(reference);
  });

  it('a burst of 500s within the SDK’s own retries while the bot restarts: one notification', async () => {
    connector.failFor(CHANNEL, 1_500, 'status', 500);
    bot = await main(env(), pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-burst');
    await connector.waitFor(() => (connector.attempts.get(CHANNEL) ?? 0) >= 1, 10_000, 'a delivery attempt');
    await bot.close();
    bot = await main(env(), pino({ level: 'silent' }));
    await exactlyOneNotification(reference);
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
    const item = JSON.parse(await readFile(join(dataDir, pending[0]!), 'utf8')) as { value: OutboxItem<{ reference: string }> };
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
    await exactlyOneNotification(reference);
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
    await exactlyOneNotification(reference);
  });

  it('close() returns promptly while a delivery hangs, and the notification is still delivered once after the restart', async () => {
    connector.failFor(CHANNEL, 120_000, 'hang');
    bot = await main(env(), pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-blackhole');
    await connector.waitFor(() => (connector.attempts.get(CHANNEL) ?? 0) >= 1, 10_000, 'a delivery attempt');
    const old = bot;
    const closed = bot.close().then(() => true);
    const inTime = await Promise.race([closed, sleep(5_000).then(() => false)]);
    if (!inTime) connector.recover(); // let the close finish so the test can clean up
    await closed;
    bot = undefined;
    assert.ok(inTime, 'close() did not return within 5 s while a delivery hung');
    connector.recover();
    await old.worker.idle(); // the old process would be gone: its released attempt may deliver, or fail and be retried
    bot = await main(env(), pino({ level: 'silent' }));
    await exactlyOneNotification(reference);
  });

  it('with ALLOWED_TENANTS set, the Secretariat notification still arrives', async () => {
    bot = await main({ ...env(), ALLOWED_TENANTS: 'tenant-1' }, pino({ level: 'silent' }));
    const reference = await submitPractice('aad-outbox-tenant');
    await exactlyOneNotification(reference);
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

async function crashBetweenEnqueueAndSubmit(dataDir: string, o: { checkOnce?: boolean } = {}) {
  const seed = panama();
  const first = await world(new CrashBeforeSubmitted(new LowdbFileStore(dataDir)));
  const before = new Chat(first, { aad: 'aad-outbox-crash' });
  await before.say('nuevo');
  for (const input of seed.inputs) await before.say(input);
  await assert.rejects(before.say('enviar'), /killed before the draft was marked submitted/);

  // The restarted bot: its outbox worker delivers what is pending, and the official, who got no receipt, submits again.
  const second = await world(new LowdbFileStore(dataDir));
  const deliveries: string[] = [];
  const worker = new OutboxWorker({
    outbox: second.outbox,
    handlers: { [NOTIFY_KIND]: async (item) => void deliveries.push((item.payload as { reference: string }).reference) },
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
  if (o.checkOnce !== false) assert.deepEqual(deliveries, [reference], 'the Secretariat is notified once');
  return { deliveries, references: [reference, ...deliveries], records };
}
