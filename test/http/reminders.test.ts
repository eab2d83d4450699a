import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity, Attachment } from 'botbuilder';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { post, teamsMessage } from '../support/teams.js';
import { TrustConnector, seen, type Posted } from '../trust/standIn.js';

/*
 * Over HTTP, the real server with a fake clock (MainOptions.clock moves the engine, the outbox and the reminders
 * days ahead) and a connector stand-in: a draft left for 8 days gets one reminder card in the official's own
 * chat, in their language and working hours, with a Resume button; pressing it continues the draft at the step
 * where it stopped. A reminder decided while Teams is down is kept across a restart and arrives once.
 */

const silent = pino({ level: 'silent' });
const ZONE = 'America/Bogota';
const DAY = 86_400_000;
// Monday 1 March 2027, 10:00 in Bogotá (UTC-5).
const START = Date.parse('2027-03-01T15:00:00Z');

interface Data {
  mesicic?: string;
  command?: string;
  draftId?: string;
  step?: string;
}

/** Every Action.Submit's data in a posted card. */
function buttons(p: Posted): Data[] {
  const out: Data[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Submit' && o.data) out.push(o.data);
    Object.values(o).forEach(walk);
  };
  if (p.cards) walk((JSON.parse(p.cards) as Attachment[]).map((a) => a.content as unknown));
  return out;
}

describe('HTTP: a reminder reaches the official’s chat and Resume goes on with the draft', function () {
  this.timeout(90_000);
  let connector: TrustConnector;
  let dataDir: string;
  let bot: RunningBot | undefined;
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);

  beforeEach(async () => {
    connector = await new TrustConnector().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-reminder-http-'));
    offset = START - Date.now();
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
        OUTBOX_POLL_MS: '50',
        OUTBOX_BASE_DELAY_MS: '50',
        OUTBOX_MAX_DELAY_MS: '200',
        RATE_LIMIT_PER_MINUTE: '10000',
      },
      silent,
      { clock },
    ));

  /** A message from the official as Teams sends it, with the client's time zone; returns what they see. */
  async function send(aad: string, body: Partial<Activity>): Promise<string> {
    const activity = { ...teamsMessage({ serviceUrl: connector.url, aad, text: '' }), ...body, localTimezone: ZONE };
    assert.equal(await post(bot!.url, activity), 200);
    await connector.waitFor(() => connector.seenReplies(activity.id!).length > 0, 10_000, 'the reply');
    return connector.seenReplies(activity.id!).join('\n');
  }
  const say = (aad: string, text: string, locale = 'es-419') => send(aad, { text, locale });

  /** The reminder cards posted to one official's chat so far. */
  const reminders = (aad: string) =>
    connector.posted.filter(
      (p) =>
        p.conversationId === `a:personal-${aad}` &&
        buttons(p).some((b) => b.command === 'resume') &&
        /⏰|⏳/.test(seen(p)),
    );

  it('one reminder after 7 days, in Spanish, with Resume; pressing it asks the next question of that draft', async () => {
    await start();
    const aad = 'aad-http-reminder';
    await say(aad, 'nuevo');
    await say(aad, '1');
    await say(aad, 'Autoridad Nacional de Transparencia y Acceso a la Información');
    await say(aad, 'Panamá');
    const saved = await say(aad, 'Portal de compras públicas abiertas');
    assert.match(saved, /tema/i, 'field 2 now asks for the topic');

    // Six days later nothing comes; eight days later (Tuesday 10:00 in Bogotá), one reminder.
    offset += 6 * DAY;
    assert.equal((await bot!.reminders.runOnce()).queued, 0);
    offset += 2 * DAY;
    assert.equal((await bot!.reminders.runOnce()).queued, 1);
    await connector.waitFor(() => reminders(aad).length === 1, 10_000, 'the reminder');
    const [card] = reminders(aad);
    const shown = seen(card!);
    assert.match(shown, /Tiene un borrador esperando/);
    assert.match(shown, /Portal de compras públicas abiertas/, 'names the draft');
    assert.match(shown, /1 de 12 campos; se detuvo en el campo 2/, 'says where it stopped');
    assert.match(shown, /Último cambio: 1 de marzo de 2027/);
    assert.match(shown, /sin recordatorios/, 'how to stop them');
    const resume = buttons(card!).find((b) => b.command === 'resume')!;

    // The same week, another pass sends nothing.
    assert.equal((await bot!.reminders.runOnce()).queued, 0);

    // The official had gone to the welcome in between; pressing Resume (Teams sends the button's data as the
    // message's value) goes back to that draft at the topic of field 2.
    await say(aad, 'mis borradores');
    const pressed = await send(aad, { value: resume, replyToId: 'r-reminder' });
    assert.match(pressed, /Retomamos «Portal de compras públicas abiertas»/);
    assert.match(pressed, /Campo 2 de 12/);
    const question = connector.posted.at(-1)!;
    assert.ok(
      buttons(question).some((b) => b.mesicic === 'answer' && b.step === 'title.topic' && b.draftId === resume.draftId),
      'the question card answers that draft at its step',
    );
    assert.match(await say(aad, 'Contrataciones abiertas y datos de compras en formato estándar'), /Guardado/);
    assert.equal(reminders(aad).length, 1, 'one reminder in all');
  });

  it('a reminder decided while Teams is down is kept across a restart and arrives once', async () => {
    await start();
    const aad = 'aad-http-restart';
    await say(aad, 'new', 'en-US');
    await say(aad, '1', 'en-US');
    offset += 8 * DAY;
    connector.failFor(`a:personal-${aad}`, 60_000, 'status', 503);
    assert.equal((await bot!.reminders.runOnce()).queued, 1);
    await connector.waitFor(() => (connector.attempts.get(`a:personal-${aad}`) ?? 0) >= 4, 10_000, 'failed attempts');
    await bot!.close();
    bot = undefined;
    connector.recover();
    await start();
    // After the restart the start-up pass decides nothing new; the outbox delivers what was kept.
    await connector.waitFor(() => reminders(aad).length === 1, 15_000, 'the kept reminder');
    assert.equal((await bot!.reminders.runOnce()).queued, 0);
    await bot!.worker.idle();
    assert.equal(reminders(aad).length, 1);
    // Teams said "en-US" on each message: the reminder is in English.
    assert.match(seen(reminders(aad)[0]!), /A draft is waiting for you/);
  });
});
