import assert from 'node:assert/strict';
import { LOCALES, type Locale } from '../../dialogs/core/normalize.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';
import { FIELDS } from '../../dialogs/core/fields.js';

const TEAMS_LOCALE: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-CA' };

describe('Every official in their own language (dialog)', () => {
  for (const lang of LOCALES) {
    it(`a full submission in ${lang}, with the locale (${TEAMS_LOCALE[lang]}) taken from the activity`, async () => {
      const w = await world();
      const tx = w.catalog.texts(lang);
      const chat = new Chat(w, { aad: `aad-${lang}`, locale: TEAMS_LOCALE[lang] });
      const header = (n: number, key: string) =>
        tx.t('question.header', { n, total: FIELDS.length, label: tx.t(`fields.${key}.label`) }).replace(/\*\*/g, '');
      assert.ok((await chat.say('new')).includes(tx.t('kind.question').split('\n')[0]!));
      const seed = panama();
      const replies: string[] = [];
      for (const input of seed.inputs) replies.push(await chat.say(input));
      assert.ok(replies[0]!.includes(header(1, 'institution')), replies[0]);
      assert.ok(replies.some((r) => r.includes(header(12, 'contact'))));
      assert.ok(replies.at(-1)!.includes(tx.t('review.ready')), replies.at(-1));
      const receipt = await chat.say('submit');
      assert.ok(receipt.includes(tx.t('cards.receipt')), receipt);
      const record = (await w.practices.list())[0]!;
      assert.equal(record.lang, lang, 'the practice is tagged with the language it was written in');
      for (const [id, text] of Object.entries(seed.expected)) assert.equal(record.answers[id]?.text, text);
    });
  }

  it('falls back from a regional locale to its language, and from an unknown one to Spanish', async () => {
    const w = await world();
    const fr = await new Chat(w, { aad: 'aad-frfr', locale: 'fr-FR' }).say('aide');
    assert.ok(fr.includes(w.catalog.texts('fr').t('help.homeCommands').slice(0, 15)), fr);
    const pt = await new Chat(w, { aad: 'aad-ptpt', locale: 'pt-PT' }).say('help');
    assert.ok(pt.includes(w.catalog.texts('pt').t('help.homeCommands').slice(0, 15)), pt);
    const de = await new Chat(w, { aad: 'aad-de', locale: 'de-DE' }).say('help');
    assert.ok(de.includes(w.catalog.texts('es').t('help.homeCommands').slice(0, 15)), de);
  });

  it('switching language mid-draft keeps every answer as written and is remembered with the profile', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-switch', locale: 'es-MX' });
    const seed = panama();
    await chat.say('nuevo');
    for (const input of seed.inputs.slice(0, 4)) await chat.say(input);
    const switched = await chat.say('idioma en');
    assert.match(switched, /we will continue in English/);
    assert.match(switched, new RegExp(String.raw`Field 2 of ${FIELDS.length}`));
    for (const input of seed.inputs.slice(4, 8)) await chat.say(input);
    assert.match(await chat.say('langue'), /Available languages/);
    assert.match(await chat.say('língua pt'), new RegExp(String.raw`Campo 5 de ${FIELDS.length}`));

    // Another device whose Teams is in French: the official's choice wins.
    const desktop = new Chat(w, { aad: 'aad-switch', locale: 'fr-FR', conversation: 'desktop' });
    assert.match(await desktop.say('status'), new RegExp(String.raw`4 de ${FIELDS.length} campos`));

    const draft = (await w.drafts.listByOwner('aad-switch'))[0]!;
    assert.equal(draft.answers['institution.name']?.text, seed.expected['institution.name']);
    assert.equal(draft.answers['institution.name']?.lang, 'es');
    assert.equal(draft.answers['description.text']?.text, seed.expected['description.text']);
    assert.equal(draft.answers['description.text']?.lang, 'en');
    assert.equal((await w.profiles.get('aad-switch')).locale, 'pt');
  });

  it('accepts commands in all four languages whatever the official’s language', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-cmds', locale: 'es-MX' });
    await chat.say('nova');
    await chat.say('1');
    for (const word of ['ayuda', 'help', 'ajuda', 'aide'])
      assert.match(await chat.say(word), /Ayuda para el campo 1/, word);
    for (const word of ['estado', 'status', 'statut'])
      assert.match(await chat.say(word), new RegExp(String.raw`0 de ${FIELDS.length} campos`), word);
    for (const word of ['cancelar', 'cancel', 'annuler']) {
      assert.match(await chat.say(word), /queda guardado/, word);
      await chat.say('continuar');
    }
  });
});
