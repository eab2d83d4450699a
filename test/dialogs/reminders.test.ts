import assert from 'node:assert/strict';
import pino from 'pino';
import { loadConfig } from '../../bot/config.js';
import { FileLinks } from '../../bot/export/fileLinks.js';
import { reviewerCommands } from '../../bot/handlers/reviewerCommands.js';
import { sessionCommand } from '../../bot/handlers/sessionCommand.js';
import { reminderCard } from '../../dialogs/cards/reminderCard.js';
import { newDraft } from '../../dialogs/core/draft.js';
import { LOCALES, fold, type Locale } from '../../dialogs/core/normalize.js';
import { sessionKey } from '../../dialogs/core/reminders.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { SessionClosingRepository } from '../../storage/repositories/sessionClosings.js';
import { SettingsRepository } from '../../storage/repositories/settings.js';
import { Chat } from '../support/chat.js';
import { cardOf, visibleText } from '../support/visible.js';
import { world } from '../support/world.js';

const TEAMS: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-FR' };
/** What an official types to stop reminders and to have them again, and what the bot must answer. */
const SAY: Record<Locale, { off: string[]; on: string[]; offReply: RegExp; onReply: RegExp }> = {
  es: {
    off: ['sin recordatorios', 'No recordatorios.'],
    on: ['con recordatorios'],
    offReply: /no le enviaré más recordatorios/,
    onReply: /Recordatorios activados/,
  },
  en: {
    off: ['no reminders', 'Stop reminders'],
    on: ['reminders on'],
    offReply: /not send you reminders/,
    onReply: /Reminders are on/,
  },
  pt: {
    off: ['sem lembretes', 'Não lembretes'],
    on: ['com lembretes'],
    offReply: /não enviarei mais lembretes/,
    onReply: /Lembretes ativados/,
  },
  fr: {
    off: ['pas de rappels', 'Pas de rappel'],
    on: ['avec rappels'],
    offReply: /ne vous enverrai plus de rappels/,
    onReply: /Rappels activés/,
  },
};

describe('Reminders in the conversation (four languages)', () => {
  for (const lang of LOCALES) {
    it(`${lang}: "no reminders" turns them off and the way back turns them on, acknowledged in the language`, async () => {
      const w = await world();
      const aad = `aad-rem-${lang}`;
      const chat = new Chat(w, { aad, locale: TEAMS[lang] });
      for (const said of SAY[lang].off) {
        assert.match(await chat.say(said), SAY[lang].offReply, said);
        assert.equal((await w.profiles.get(aad)).reminders, 'off');
      }
      assert.match(await chat.say(SAY[lang].on[0]!), SAY[lang].onReply);
      assert.equal((await w.profiles.get(aad)).reminders, undefined);
      // Mid-draft, the question comes back after the acknowledgement, and no answer was stored.
      await chat.say(lang === 'es' ? 'nuevo' : lang === 'en' ? 'new' : lang === 'pt' ? 'nova' : 'nouvelle');
      await chat.say('1');
      const reply = await chat.say(SAY[lang].off[0]!);
      assert.match(reply, SAY[lang].offReply);
      assert.match(reply, /1/, 'the question of field 1 follows');
      const [draft] = await w.drafts.listByOwner(aad);
      assert.deepEqual(draft!.answers, {});
      assert.equal((await w.profiles.get(aad)).teamsLocale, lang, 'the Teams language is kept for reminders');
    });
  }

  it('keeps the time zone Teams sends (and a changed one), ignoring one the platform does not know', async () => {
    const w = await world();
    const official = { id: 'aad-tz' };
    await w.engine.turn({ official, text: 'hola', locale: 'es-CO', timeZone: 'America/Bogota', activityId: 'a1' });
    assert.equal((await w.profiles.get('aad-tz')).timeZone, 'America/Bogota');
    await w.engine.turn({ official, text: 'hola', locale: 'es-CO', timeZone: 'Not/AZone', activityId: 'a2' });
    assert.equal((await w.profiles.get('aad-tz')).timeZone, 'America/Bogota');
    await w.engine.turn({ official, text: 'hola', locale: 'es-CO', timeZone: 'Europe/Madrid', activityId: 'a3' });
    assert.equal((await w.profiles.get('aad-tz')).timeZone, 'Europe/Madrid');
  });

  for (const lang of LOCALES)
    it(`${lang}: the reminder card names the draft, where it stopped, a Resume button for it, and how to stop`, async () => {
      const w = await world();
      const tx = w.catalog.texts(lang);
      const draft = {
        ...newDraft('d-7', { id: 'aad-card' }, '2027-03-01T15:00:00.000Z'),
        kind: 'practice' as const,
        cursor: { step: 'description.text', failures: 0 },
        answers: { 'title.title': { text: 'Portal de *datos* abiertos', lang, at: '2027-03-01T15:00:00.000Z' } },
      };
      const now = new Date('2027-03-24T15:00:00Z');
      const untouched = reminderCard(
        tx,
        { ownerId: 'aad-card', reason: 'untouched', drafts: ['d-7'] },
        [draft],
        now,
        'America/Bogota',
      );
      const seen = visibleText({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: untouched.card }],
      });
      assert.ok(seen.includes('Portal de *datos* abiertos'), seen);
      assert.ok(seen.includes(tx.t('nudge.optOut')), 'how to stop them');
      assert.ok(seen.includes(tx.t('nudge.titleUntouched', { count: 1 })));
      assert.match(seen, /2027/, 'the date of the last change');
      assert.ok(seen.includes(tx.t('home.atField', { n: 3, label: tx.t('fields.description.label') })), seen);
      const json = JSON.stringify(untouched.card);
      assert.ok(
        json.includes(JSON.stringify({ mesicic: 'command', command: 'resume', draftId: 'd-7' })),
        'the welcome’s Resume value',
      );
      assert.ok(json.includes(tx.t('cards.resume')));
      const closing = reminderCard(
        tx,
        { ownerId: 'aad-card', reason: 'closing', drafts: ['d-7'], session: 'Open Contracting', closes: '2027-03-31' },
        [{ ...draft, kind: 'session', sessionName: 'Open Contracting' }],
        now,
        'America/Bogota',
      );
      const closingSeen = visibleText({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: closing.card }],
      });
      assert.ok(closingSeen.includes('Open Contracting'));
      assert.ok(closingSeen.includes(tx.t('nudge.closing', { count: 7 })), closingSeen);
      assert.match(closingSeen, /31/);
      assert.ok(
        cardOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: closing.card }] }),
      );
    });
});

/** The longest fixed piece of a text (between its placeholders): what the reader sees whatever the values. */
const fixed = (tx: { t: (k: string, p?: Record<string, string>) => string }, key: string) =>
  tx
    .t(key, { session: '\u0001', date: '\u0001' })
    .split('\u0001')
    .sort((a, b) => b.length - a.length)[0]!;

describe('The Secretariat sets a special session’s closing date (four languages)', () => {
  const COMMANDS: Record<Locale, { set: string; clear: string; head: string }> = {
    es: {
      set: '"Contrataciones abiertas" cierra 2027-03-31',
      clear: '"Contrataciones abiertas" cierra ninguna',
      head: 'sesión',
    },
    en: {
      set: '“Contrataciones abiertas” closes 2027-03-31',
      clear: 'contrataciones abiertas closes none',
      head: 'session',
    },
    pt: {
      set: '«Contrataciones Abiertas» encerra 2027-03-31',
      clear: '"Contrataciones abiertas" encerra nenhuma',
      head: 'sessão',
    },
    fr: {
      set: 'Contrataciones abiertas clôture 2027-03-31',
      clear: '"Contrataciones abiertas" clôture aucune',
      head: 'session',
    },
  };
  for (const lang of LOCALES)
    it(`${lang}: set, list, refuse a past or malformed date, remove`, async () => {
      const w = await world();
      const tx = w.catalog.texts(lang);
      const closings = new SessionClosingRepository(new SettingsRepository(new MemoryStore()));
      const is = (word: string, key: string) => w.catalog.words(`reviewer.words.${key}`).map(fold).includes(fold(word));
      const run = (rest: string) =>
        sessionCommand(rest, { closings, tx, is, by: 'Reviewer', now: new Date('2027-03-01T12:00:00Z') });
      assert.ok(is(COMMANDS[lang].head, 'session'));
      const set = await run(COMMANDS[lang].set);
      assert.ok(set.includes(fixed(tx, 'reviewer.sessionSet')), set);
      assert.match(set, /2027/);
      const stored = (await closings.all())[sessionKey('contrataciones abiertas')];
      assert.equal(stored?.closes, '2027-03-31');
      assert.equal(stored?.by, 'Reviewer');
      assert.match(await run(''), /Contrataciones/);
      assert.equal(await run('"Contrataciones abiertas" cierra 2027-02-30'), tx.t('reviewer.sessionHelp'));
      assert.ok((await run('"Contrataciones abiertas" closes 2026-12-01')).includes(fixed(tx, 'reviewer.sessionPast')));
      assert.equal((await closings.all())[sessionKey('contrataciones abiertas')]?.closes, '2027-03-31', 'unchanged');
      assert.ok((await run(COMMANDS[lang].clear)).includes(fixed(tx, 'reviewer.sessionCleared')));
      assert.ok((await run(COMMANDS[lang].clear)).includes(fixed(tx, 'reviewer.sessionUnknown')), 'already removed');
      assert.deepEqual(await closings.all(), {});
      assert.ok((await run('')).startsWith(tx.t('reviewer.sessionNone')));
    });

  it('is a reviewer command only as the command: a session named in an answer is not', async () => {
    const w = await world();
    const store = new MemoryStore();
    const commands = reviewerCommands({
      practices: new PracticeRepository(store),
      catalog: w.catalog,
      config: loadConfig({}),
      links: new FileLinks(undefined),
      publicUrl: () => '',
      logger: pino({ level: 'silent' }),
      closings: new SessionClosingRepository(new SettingsRepository(store)),
    });
    for (const text of ['sesión "Contrataciones abiertas" cierra 2027-03-31', 'sesiones', 'session X closes none'])
      assert.equal(commands.matches(text), true, text);
    for (const text of ['Sesión especial sobre contrataciones abiertas', 'Session on open contracting'])
      assert.equal(commands.matches(text), false, text);
  });
});
