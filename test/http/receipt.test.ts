import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TurnContext } from 'botbuilder';
import pino from 'pino';
import { createAdapter } from '../../bot/adapter.js';
import { loadConfig } from '../../bot/config.js';
import { main, type RunningBot } from '../../bot/index.js';
import { OfficialChats } from '../../bot/notify/officialChats.js';
import { OutboxWorker } from '../../bot/notify/outboxWorker.js';
import { SecretariatChannel } from '../../bot/notify/secretariatChannel.js';
import { OFFICIAL_NOTICE_KIND } from '../../dialogs/core/review.js';
import { NOTIFY_KIND } from '../../dialogs/core/submission.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import type { OutboxItem } from '../../storage/repositories/outbox.js';
import { SettingsRepository } from '../../storage/repositories/settings.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { exchange } from '../support/say.js';
import { teamsMessage } from '../support/teams.js';
import { world } from '../support/world.js';
import { TrustConnector, seen, sleep, type Posted } from '../trust/standIn.js';

/*
 * The official's receipt says the practice is queued for the Secretariat, because that is all that is true when
 * it is written; once the Secretariat's channel has the notification, the official gets one short message saying
 * so, in their language, through the outbox.
 */

const CHANNEL = '19:receipt-secretariat@thread.tacv2';

/** What each language must say: on the receipt card (title, then text), and once the Secretariat has it. */
const WORDS = {
  es: {
    locale: 'es-419',
    title: '✅ Enviada: en cola para la Secretaría Técnica',
    queued: 'Está en cola para la Secretaría Técnica del MESICIC: le avisaré por aquí en cuanto le llegue.',
    reached: (r: string) => `📬 Su práctica **${r}** ha llegado a la Secretaría Técnica del MESICIC.`,
  },
  en: {
    locale: 'en-US',
    title: '✅ Submitted: queued for the Technical Secretariat',
    queued: 'It is queued for the MESICIC Technical Secretariat: I will tell you here as soon as it has reached them.',
    reached: (r: string) => `📬 Your practice **${r}** has reached the MESICIC Technical Secretariat.`,
  },
  pt: {
    locale: 'pt-BR',
    title: '✅ Enviada: na fila para a Secretaria Técnica',
    queued: 'Está na fila para a Secretaria Técnica do MESICIC: avisarei por aqui assim que ela a receber.',
    reached: (r: string) => `📬 Sua prática **${r}** chegou à Secretaria Técnica do MESICIC.`,
  },
  fr: {
    locale: 'fr-FR',
    title: '✅ Envoyée : en file d’attente pour le Secrétariat technique',
    queued:
      'Elle est en file d’attente pour le Secrétariat technique du MESICIC : je vous préviendrai ici dès qu’elle lui sera parvenue.',
    reached: (r: string) => `📬 Votre pratique **${r}** est parvenue au Secrétariat technique du MESICIC.`,
  },
} as const;
/** Wording that would claim the Secretariat already has it. */
const CLAIMS_NOTIFIED = /notificad|notified|informé|a été inform/i;

describe('HTTP: the receipt says "queued" until the Secretariat has the practice', function () {
  this.timeout(90_000);
  let connector: TrustConnector;
  let dataDir: string;
  let bot: RunningBot | undefined;

  beforeEach(async () => {
    connector = await new TrustConnector().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-receipt-'));
  });

  afterEach(async () => {
    connector.recover();
    await bot?.close();
    bot = undefined;
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () =>
    (bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        SECRETARIAT_CHANNEL_ID: CHANNEL,
        SECRETARIAT_SERVICE_URL: connector.url,
        OUTBOX_POLL_MS: '50',
        OUTBOX_BASE_DELAY_MS: '50',
        OUTBOX_MAX_DELAY_MS: '200',
        RATE_LIMIT_PER_MINUTE: '10000',
      },
      pino({ level: 'silent' }),
    ));

  /** The bot's answers to the official's turns, as opposed to what it tells them later on its own. */
  const answers = new Set<Posted>();
  async function say(aad: string, locale: string, text: string): Promise<string> {
    const { activity, replies } = await exchange(bot!.url, connector, { aad, locale, text });
    for (const r of connector.repliesTo(activity.id!)) answers.add(r);
    return replies.join('\n');
  }

  /** Submits the seed practice; returns the reference and what the receipt showed. */
  async function submit(aad: string, locale: string): Promise<{ reference: string; receipt: string }> {
    await say(aad, locale, 'nuevo');
    for (const input of panama().inputs) await say(aad, locale, input);
    const receipt = await say(aad, locale, 'enviar');
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(receipt)?.[0];
    assert.ok(reference, receipt);
    return { reference, receipt };
  }

  /**
   * Messages the bot wrote to an official on its own, later than its answers. (They go to the conversation
   * reference saved from the official's first message, so they too carry a replyToId.)
   */
  const told = (aad: string) =>
    connector.posted.filter((p) => p.conversationId === `a:personal-${aad}` && !answers.has(p)).map(seen);
  const reader = () => LowdbFileStore.reader(dataDir);
  /** Nothing left to send: no further message can come. */
  const drained = () => waitUntil(async () => (await reader().list('outbox')).length === 0, 'the outbox to drain');

  it('while the Secretariat’s channel fails the receipt stays "queued" and nothing more is said; once it lands, one message', async () => {
    connector.failFor(CHANNEL, 120_000, 'status', 500);
    await start();
    const aad = 'aad-receipt-es';
    const { reference, receipt } = await submit(aad, WORDS.es.locale);
    assert.ok(receipt.includes(WORDS.es.title), receipt);
    assert.ok(receipt.includes(WORDS.es.queued), receipt);
    assert.doesNotMatch(receipt, CLAIMS_NOTIFIED);

    // Two failed deliveries, the outbox's own count: the official has still been told nothing more.
    await waitUntil(
      async () => ((await reader().read<OutboxItem>(`outbox/notify-${reference}-v1`))?.value.attempts ?? 0) >= 2,
      'two failed deliveries',
    );
    assert.deepEqual(told(aad), [], 'nothing said while the Secretariat does not have it');
    assert.equal(connector.shownTo(CHANNEL).length, 0);

    connector.recover();
    await drained();
    assert.equal(
      connector.shownTo(CHANNEL).filter((t) => t.includes(reference)).length,
      1,
      'the Secretariat notified once',
    );
    const messages = told(aad);
    assert.equal(messages.length, 1, messages.join('\n---\n'));
    assert.ok(messages[0]!.startsWith(WORDS.es.reached(reference)), messages[0]);
  });

  it('speaks the official’s language: the receipt in en, pt and fr says "queued", then one message says it reached the Secretariat', async () => {
    await start();
    for (const lang of ['en', 'pt', 'fr'] as const) {
      const words = WORDS[lang];
      const aad = `aad-receipt-${lang}`;
      const { reference, receipt } = await submit(aad, words.locale);
      assert.ok(receipt.includes(words.title), `${lang}: ${receipt}`);
      assert.ok(receipt.includes(words.queued), `${lang}: ${receipt}`);
      assert.doesNotMatch(receipt, CLAIMS_NOTIFIED, lang);
      await drained();
      const messages = told(aad);
      assert.equal(messages.length, 1, `${lang}: ${messages.join('\n---\n')}`);
      assert.ok(messages[0]!.startsWith(words.reached(reference)), `${lang}: ${messages[0]}`);
    }
  });

  it('a repeated delivery of the Secretariat’s notification (the first one landed but was never recorded) is not posted twice (the card’s ids are kept first) and tells the official once', async () => {
    const config = loadConfig({ SECRETARIAT_CHANNEL_ID: CHANNEL, SECRETARIAT_SERVICE_URL: connector.url });
    const store = new ForgetsFirstDelivery(new MemoryStore());
    const w = await world(store);
    const settings = new SettingsRepository(store);
    const adapter = createAdapter(config);
    const aad = 'aad-receipt-redelivered';
    const officials = new OfficialChats({
      adapter,
      appId: '',
      settings,
      practices: w.practices,
      drafts: w.drafts,
      profiles: w.profiles,
      catalog: w.catalog,
    });
    // The official's personal chat, remembered as the bot does from a message they write.
    await officials
      .remember()
      .onTurn(
        new TurnContext(adapter, teamsMessage({ serviceUrl: connector.url, aad, text: 'hola' })),
        async () => undefined,
      );
    const channel = new SecretariatChannel({
      adapter,
      config,
      settings,
      practices: w.practices,
      catalog: w.catalog,
      outbox: w.outbox,
    });
    let now = new Date(0); // set once the practice is submitted
    const worker = new OutboxWorker({
      outbox: w.outbox,
      handlers: {
        [NOTIFY_KIND]: (item, signal) => channel.deliver(item, signal),
        [OFFICIAL_NOTICE_KIND]: (item, signal) => officials.deliver(item, signal),
      },
      logger: pino({ level: 'silent' }),
      pollMs: 60_000,
      baseDelayMs: 1_000,
      maxDelayMs: 1_000,
      clock: () => now,
    });
    const chat = new Chat(w, { aad, locale: 'es-MX' });
    await chat.say('nuevo');
    for (const input of panama().inputs) await chat.say(input);
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(await chat.say('enviar'))![0];
    now = new Date();

    await worker.runOnce(); // the post lands, the official's notice is queued, recording the delivery fails
    assert.equal(store.forgot, 1, 'the first delivery was not recorded');
    for (let i = 0; i < 3; i++) {
      now = new Date(now.getTime() + 2_000);
      await worker.runOnce(); // the notification's item again, then the official's notice
    }
    assert.deepEqual(await w.outbox.pending(), []);
    // The post's ids were kept on the practice before its delivery was to be recorded: the retry finds the card
    // already in the channel and posts nothing more.
    assert.equal(connector.shownTo(CHANNEL).filter((t) => t.includes(reference)).length, 1, 'not posted again');
    const messages = told(aad);
    assert.equal(messages.length, 1, messages.join('\n---\n'));
    assert.ok(messages[0]!.startsWith(WORDS.es.reached(reference)), messages[0]);
  });
});

async function waitUntil(test: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Fails the first write that records a Secretariat notification as delivered, as a crash right there would. */
class ForgetsFirstDelivery implements DocumentStore {
  forgot = 0;
  constructor(private readonly inner: DocumentStore) {}
  read: DocumentStore['read'] = (key) => this.inner.read(key);
  list: DocumentStore['list'] = (prefix) => this.inner.list(prefix);
  remove: DocumentStore['remove'] = (key) => this.inner.remove(key);
  write: DocumentStore['write'] = async (key, value, ifMatch) => {
    if (this.forgot === 0 && key.startsWith('outbox-delivered/notify-')) {
      this.forgot++;
      throw new Error('killed before the delivery was recorded');
    }
    return this.inner.write(key, value, ifMatch);
  };
}
