import assert from 'node:assert/strict';
import { createCatalog } from '../../bot/i18n.js';
import { notification, receipt, shortTitle } from '../../dialogs/core/views.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import { LOCALES, type Locale } from '../../dialogs/core/normalize.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';

const TEAMS_LOCALE: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-CA' };

/** The longest fixed piece of a message (between its placeholders): what the official reads whatever was typed. */
function fixedPart(tx: Texts, key: string): string {
  const pieces = tx.t(key, { n: '\u0001', total: '\u0001', title: '\u0001' });
  return pieces
    .split('\u0001')
    .sort((a, b) => b.length - a.length)[0]!
    .slice(0, 50);
}

// Edit words with arguments that name no field, in each language (the words of all four are understood everywhere).
const BAD_EDITS: Record<Locale, string[]> = {
  es: ['editar -1', 'editar 99', 'editar abc', 'cambiar 0', 'editar', 'editar campo x'],
  en: ['edit abc', 'edit 13', 'edit -5', 'edit', 'edit field two', 'edit 1.5'],
  pt: ['editar zero', 'editar 100', 'editar +3x', 'editar -12', 'editar'],
  fr: ['modifier zéro', 'modifier 42', 'modifier -1', 'modifier', 'modifier champ deux'],
};
const LEAVE: Record<Locale, string[]> = {
  es: ['salir', 'cancelar'],
  en: ['leave', 'cancel', 'quit'],
  pt: ['sair', 'cancelar'],
  fr: ['quitter', 'annuler'],
};

async function started(lang: Locale, aad = `aad-c-${lang}`) {
  const w = await world();
  const tx = w.catalog.texts(lang);
  const chat = new Chat(w, { aad, locale: TEAMS_LOCALE[lang] });
  await chat.say('new');
  await chat.say('1');
  const draft = async () => (await w.drafts.listByOwner(aad))[0]!;
  return { w, tx, chat, draft };
}

describe('Commands with bad arguments, skip, leave, status and help (four languages)', () => {
  for (const lang of LOCALES) {
    it(`${lang}: an edit command naming no field says which numbers are valid and stores nothing`, async () => {
      const { tx, chat, draft } = await started(lang);
      for (const said of BAD_EDITS[lang]) {
        const reply = await chat.say(said);
        const key = /\s/.test(said) ? 'nav.noSuchField' : 'nav.editWhich';
        assert.ok(reply.includes(fixedPart(tx, key)), `${said} → ${reply}`);
        assert.ok(reply.includes(`${FIELDS.length}`), `${said}: names the last field`);
        const d = await draft();
        assert.deepEqual(d.answers, {}, `${said} was stored as an answer`);
        assert.equal(d.cursor.step, 'institution.name');
      }
      // The resume command with a bad number lists the drafts to pick from; nothing is stored either.
      for (const said of ['continuar abc', 'resume -2', 'reprendre x']) {
        assert.ok((await chat.say(said)).includes(tx.t('home.whichDraft', { count: 1 }).slice(0, 20)), said);
        assert.deepEqual((await draft()).answers, {}, `${said} was stored as an answer`);
      }
      await chat.say('resume 1');
      // A good one still moves.
      await chat.say('edit 3');
      assert.equal((await draft()).cursor.step, 'description.text');
    });

    it(`${lang}: skipping a field that has an answer keeps it and says so`, async () => {
      const { tx, chat, draft } = await started(lang);
      await chat.say('Oficina Anticorrupción');
      await chat.say('PA');
      await chat.say('edit 1');
      const reply = await chat.say('skip');
      assert.ok(reply.includes(fixedPart(tx, 'nav.skippedKept')), reply);
      assert.ok(!reply.includes(fixedPart(tx, 'nav.skippedField')), reply);
      const d = await draft();
      assert.equal(d.answers['institution.name']?.text, 'Oficina Anticorrupción');
      assert.equal(d.answers['institution.state']?.value, 'PA');
      assert.ok(!(d.skipped ?? []).includes('institution.name'));
      // An empty field still "remains pending".
      const empty = await chat.say('skip');
      assert.ok(empty.includes(fixedPart(tx, 'nav.skippedField')), empty);
    });

    it(`${lang}: leaving says the draft is saved and can be resumed, with the leave words and cancel`, async () => {
      const { w, tx, chat } = await started(lang);
      await chat.say('Oficina Anticorrupción');
      for (const word of LEAVE[lang]) {
        const reply = await chat.say(word);
        assert.ok(reply.includes(fixedPart(tx, 'draft.cancelled')), `${word} → ${reply}`);
        assert.equal((await w.profiles.get(`aad-c-${lang}`))?.activeDraftId, undefined, `${word}: left the draft`);
        assert.ok((await chat.say('resume')).includes(FIELDS.length.toString()), `${word}: resumed`);
      }
      assert.ok(tx.t('help.commands').includes(`**${LEAVE[lang][0]}**`), 'the help names the leave word');
    });

    it(`${lang}: the status lists each pending field on its own line; the help does not start with a blank line`, async () => {
      const { tx, chat } = await started(lang);
      await chat.say('Oficina Anticorrupción');
      const status = await chat.say('status');
      const items = status.split('\n').filter((l) => /^- \d+\. /.test(l));
      assert.equal(items.length, FIELDS.length, status);
      // Field 1 has its first part: the status says it is under way, not only "0 complete".
      assert.ok(
        status.includes(
          `- 1. ${tx.t('fields.institution.label')} (${tx.t('status.partial', { answered: 1, parts: 2 })})`,
        ),
        status,
      );
      assert.ok(!/^\s*\n/.test(await chat.say('help')), 'help starts with text');
      await chat.say('leave');
      assert.ok(!/^\s*\n/.test(await chat.say('help')), 'home help starts with text');
    });

    it(`${lang}: a 300-character title is shown as a short name in the status and the welcome, whole in the record`, async () => {
      const { chat, draft } = await started(lang);
      const seed = panama();
      for (const input of seed.inputs.slice(1, 3)) await chat.say(input);
      const title = [
        'Programa nacional de integridad pública para la prevención de conflictos de intereses en las compras',
        'del Estado, con declaraciones juradas patrimoniales verificadas por la oficina anticorrupción, capacitación',
        'obligatoria de funcionarios municipales y un portal abierto donde la ciudadanía consulta contratos y sanciones',
      ].join(' ');
      assert.ok(title.length >= 300, `${title.length}`);
      await chat.say(title);
      assert.equal((await draft()).answers['title.title']?.text, title.trim());
      const status = await chat.say('status');
      const shown = /«([^»]*)»|“([^”]*)”/.exec(status);
      const name = (shown?.[1] ?? shown?.[2] ?? '').trim();
      assert.ok(name.endsWith('…') && name.length <= 82, `short name: ${name}`);
      assert.ok(title.startsWith(name.slice(0, -1)), 'cut from the title');
      assert.ok(title.charAt(name.length - 1) === ' ', 'cut at a word boundary');
      await chat.say('leave');
      const home = await chat.say('hello');
      assert.ok(home.includes(name) && !home.includes(title), home);
    });
  }
});

describe('A draft’s short name (views)', () => {
  it('cuts at a word boundary near 80 characters with an ellipsis; the receipt and notification use it', async () => {
    const title = `Sistema de declaraciones patrimoniales ${'verificadas '.padEnd(12)}por la autoridad con cruces de datos fiscales, registros de propiedad y sociedades mercantiles`;
    const short = shortTitle(title);
    assert.ok(short.length <= 81 && short.endsWith('…') && title.startsWith(short.slice(0, -1)), short);
    assert.equal(title.charAt(short.length - 1), ' ');
    assert.equal(shortTitle('Título breve'), 'Título breve');
    assert.ok(shortTitle('x'.repeat(300)).length <= 81);
    const catalog = await createCatalog();
    for (const lang of LOCALES) {
      const tx = catalog.texts(lang);
      const record = {
        reference: 'MESICIC-BP-2026-0001',
        draftId: 'd1',
        kind: 'practice' as const,
        status: 'submitted' as const,
        version: 1,
        state: 'PA',
        institution: 'Oficina',
        title,
        provisions: ['III.11'],
        submittedAt: '2026-03-02T00:00:00.000Z',
        submittedBy: { id: 'aad-1', name: 'Ana' },
        lang,
        answers: {},
        history: [],
      };
      for (const text of [receipt(tx, record, false).text, notification(tx, record).text]) {
        assert.ok(text.includes(short) && !text.includes(title), text);
      }
    }
  });
});
