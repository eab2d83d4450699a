import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { routeMessages } from '../../bot/handlers/router.js';
import { loadConfig } from '../../bot/config.js';
import { detectLanguage } from '../../dialogs/core/detectLanguage.js';
import { toActivities } from '../../dialogs/teams/render.js';
import { visibleText } from '../support/visible.js';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';
import type { Locale } from '../../dialogs/core/normalize.js';

const TEAMS: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-CA' };
/** A phrase each language's home says, to tell which language a reply is in. */
const HOME: Record<Locale, RegExp> = {
  es: /Soy el asistente del MESICIC/,
  en: /MESICIC assistant/i,
  pt: /assistente do MESICIC/,
  fr: /l'assistant du MESICIC/,
};
const lastProfile = async (w: Awaited<ReturnType<typeof world>>, id: string) => w.profiles.get(id);

describe('The language follows the official, not only the Teams client', () => {
  describe('a bare language name switches at any time, in any of the four languages', () => {
    const names: ReadonlyArray<readonly [string, Locale]> = [
      ['español', 'es'],
      ['Spanish', 'es'],
      ['castellano', 'es'],
      ['espagnol', 'es'],
      ['English', 'en'],
      ['inglés', 'en'],
      ['anglais', 'en'],
      ['inglês', 'en'],
      ['português', 'pt'],
      ['portugués', 'pt'],
      ['Portuguese', 'pt'],
      ['portugais', 'pt'],
      ['français', 'fr'],
      ['francés', 'fr'],
      ['French', 'fr'],
      ['francês', 'fr'],
    ];
    for (const [name, lang] of names)
      it(`"${name}" → ${lang}`, async () => {
        const w = await world();
        // From a Teams in another language than the one asked for.
        const teams = lang === 'en' ? 'fr-FR' : 'en-US';
        const chat = new Chat(w, { aad: `aad-${name}`, locale: teams });
        const reply = await chat.say(name);
        assert.ok(reply.includes(w.catalog.texts(lang).t('language.changed')), reply);
        assert.equal((await lastProfile(w, `aad-${name}`)).locale, lang);
        // And it is kept: the next message answers in that language.
        assert.ok((await chat.say('help')).includes(w.catalog.texts(lang).t('help.homeCommands').slice(0, 15)));
      });

    it('mid-draft, in every language: the question is asked again in the new one', async () => {
      const w = await world();
      const chat = new Chat(w, { aad: 'aad-mid', locale: 'en-US' });
      await chat.play([
        ['new', /What would you like to present/],
        ['português', /seguimos em português/],
        ['français', /nous continuons en français/],
        ['Spanish', /seguimos en español/],
        ['inglés', /continue in English/],
      ]);
    });

    it('a language name inside a longer answer is an answer, not a command', async () => {
      const w = await world();
      const chat = new Chat(w, { aad: 'aad-inside', locale: 'en-US' });
      await chat.say('new');
      await chat.say('1');
      const reply = await chat.say('Ministry of Justice, courses in English and français');
      assert.doesNotMatch(reply, /continue in|nous continuons/);
    });
  });

  describe('the welcome card has a button per other language', () => {
    for (const [from, to] of [
      ['en', 'es'],
      ['es', 'fr'],
      ['fr', 'pt'],
      ['pt', 'en'],
    ] as const)
      it(`${from} → ${to}`, async () => {
        const w = await world();
        const chat = new Chat(w, { aad: `aad-btn-${from}`, locale: TEAMS[from] });
        await chat.say('help');
        const [card] = toActivities(await w.engine.welcome({ id: `aad-btn-${from}` }, TEAMS[from]), w.catalog);
        const json = JSON.stringify(card?.attachments?.[0]?.content);
        assert.ok(json.includes(`"locale":"${to}"`), 'the card offers the language');
        assert.ok(!json.includes(`"locale":"${from}"`), 'not the one it is already in');
        const reply = await chat.click({ mesicic: 'language', locale: to });
        assert.ok(reply.includes(w.catalog.texts(to).t('language.changed')), reply);
        assert.equal((await lastProfile(w, `aad-btn-${from}`)).locale, to);
      });

    it('a forged locale in a button is not ours: nothing changes', async () => {
      const w = await world();
      const chat = new Chat(w, { aad: 'aad-forged', locale: 'en-US' });
      await chat.click({ mesicic: 'language', locale: 'de' });
      assert.equal((await lastProfile(w, 'aad-forged')).locale, undefined);
    });
  });

  describe('a first message clearly written in another language is answered in it', () => {
    const firsts: ReadonlyArray<readonly [string, string, Locale]> = [
      ['Hola', 'en-US', 'es'],
      ['buenos días', 'fr-FR', 'es'],
      ['hola, quiero presentar una práctica', 'pt-BR', 'es'],
      ['Hello', 'es-MX', 'en'],
      ['good morning', 'pt-BR', 'en'],
      ['Hi, I would like to submit a practice', 'fr-FR', 'en'],
      ['Olá', 'es-MX', 'pt'],
      ['bom dia', 'en-US', 'pt'],
      ['oi, eu quero apresentar', 'es-ES', 'pt'],
      ['Bonjour', 'es-MX', 'fr'],
      ['bonsoir', 'en-US', 'fr'],
      ['je voudrais présenter une pratique', 'pt-BR', 'fr'],
    ];
    for (const [said, teams, lang] of firsts)
      it(`"${said}" from a Teams in ${teams} → ${lang}, with the choice offered`, async () => {
        const w = await world();
        const chat = new Chat(w, { aad: `aad-first-${said}`, locale: teams });
        const reply = await chat.say(said);
        assert.ok(reply.includes(w.catalog.texts(lang).t('language.detected')), reply);
        assert.match(reply, HOME[lang]);
        // Kept for the next message, which has no cue of its own.
        assert.ok((await chat.say('help')).includes(w.catalog.texts(lang).t('help.homeCommands').slice(0, 15)));
      });

    it('never on one ambiguous word, nor in the Teams language itself', async () => {
      for (const word of ['no', 'a', 'de', 'ok', 'Panamá', '1', 'sí', 'e'])
        assert.equal(detectLanguage(word), undefined, word);
      const w = await world();
      const same = await new Chat(w, { aad: 'aad-same', locale: 'es-MX' }).say('Hola');
      assert.ok(!same.includes(w.catalog.texts('es').t('language.detected')), same);
      assert.equal((await lastProfile(w, 'aad-same')).locale, undefined);
    });

    it("an official's own choice is never overridden by a greeting", async () => {
      const w = await world();
      const chat = new Chat(w, { aad: 'aad-chosen', locale: 'es-MX' });
      await chat.say('idioma en');
      const reply = await chat.say('Hola');
      assert.match(reply, HOME.en);
      assert.ok(!reply.includes(w.catalog.texts('es').t('language.detected')));
    });
  });

  describe('an install without a locale', () => {
    it('greets in Spanish and the next message stays in Spanish, until the official switches', async () => {
      const w = await world();
      const welcome = toActivities(await w.engine.welcome({ id: 'aad-noloc' }), w.catalog);
      assert.match(visibleText(welcome[0]!), HOME.es);
      const chat = new Chat(w, { aad: 'aad-noloc', locale: 'en-US' });
      assert.ok((await chat.say('ayuda')).includes(w.catalog.texts('es').t('help.homeCommands').slice(0, 15)));
      assert.match(await chat.say('English'), /continue in English/);
    });

    it("uses the profile's language when there is one", async () => {
      const w = await world();
      await new Chat(w, { aad: 'aad-pt', locale: 'es-MX' }).say('idioma pt');
      const welcome = toActivities(await w.engine.welcome({ id: 'aad-pt' }), w.catalog);
      assert.match(visibleText(welcome[0]!), HOME.pt);
    });

    it('a greeting in the Teams language after a Spanish welcome answers in it', async () => {
      const w = await world();
      await w.engine.welcome({ id: 'aad-noloc-hello' });
      const reply = await new Chat(w, { aad: 'aad-noloc-hello', locale: 'en-US' }).say('Hello');
      assert.match(reply, HOME.en);
    });

    it('with a locale, greets in it and keeps nothing', async () => {
      const w = await world();
      const welcome = toActivities(await w.engine.welcome({ id: 'aad-fr' }, 'fr-CA'), w.catalog);
      assert.match(visibleText(welcome[0]!), HOME.fr);
      assert.equal((await lastProfile(w, 'aad-fr')).locale, undefined);
    });
  });

  describe("refusals go in the asker's language", () => {
    const refusedIn = async (teams: string, chosen?: Locale) => {
      const w = await world();
      if (chosen) await w.profiles.save({ id: 'aad-outsider', locale: chosen });
      const config = loadConfig({ SECRETARIAT_LOCALE: 'es', MicrosoftAppId: '', MicrosoftAppPassword: '' });
      const handler = routeMessages({
        form: async () => {},
        review: async () => {},
        isReview: () => false,
        reviewer: { matches: () => true, run: async () => {} },
        catalog: w.catalog,
        config,
        profiles: w.profiles,
      });
      const adapter = new TestAdapter(handler);
      const activity: Partial<Activity> = {
        type: 'message',
        // In a channel the bot answers what names it (Teams adds the <at> tag).
        text: '<at>MESICIC</at> list theme 12',
        locale: teams,
        from: { id: '29:outsider', name: 'Outsider', aadObjectId: 'aad-outsider' },
        conversation: { id: '19:other@thread', conversationType: 'channel', isGroup: true, name: '' },
      };
      await adapter.receiveActivity(activity);
      return { w, reply: adapter.activeQueue.shift()?.text ?? '' };
    };
    it('a non-reviewer with Teams in English is refused in English, not in SECRETARIAT_LOCALE', async () => {
      const { w, reply } = await refusedIn('en-US');
      assert.equal(reply, w.catalog.texts('en').t('reviewer.onlyReviewers'));
    });
    it("the profile's choice wins over the Teams locale (fr, pt)", async () => {
      for (const lang of ['fr', 'pt'] as const) {
        const { w, reply } = await refusedIn('en-US', lang);
        assert.equal(reply, w.catalog.texts(lang).t('reviewer.onlyReviewers'));
      }
    });
  });
});
