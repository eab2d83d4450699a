import assert from 'node:assert/strict';
import { createCatalog } from '../../bot/i18n.js';
import { LOCALES } from '../../dialogs/core/normalize.js';

describe("Plurals follow each language's rules (i18next, Intl.PluralRules)", () => {
  it('French: 0 and 1 are singular, 2 plural ("1 champ", "2 champs")', async () => {
    const fr = (await createCatalog()).texts('fr');
    assert.equal(fr.t('cards.progress', { done: 1, total: 12 }), '1 champ sur 12');
    assert.equal(fr.t('cards.progress', { done: 0, total: 12 }), '0 champ sur 12');
    assert.equal(fr.t('cards.progress', { done: 2, total: 12 }), '2 champs sur 12');
    assert.match(fr.t('status.title', { title: 'T', done: 1, total: 12 }), /1 champ sur 12 complété\*\*/);
    assert.match(fr.t('status.title', { title: 'T', done: 5, total: 12 }), /5 champs sur 12 complétés\*\*/);
    assert.equal(fr.t('reviewer.listTitle', { count: 1 }), '1 pratique :');
    assert.equal(fr.t('reviewer.listTitle', { count: 2 }), '2 pratiques :');
    assert.match(fr.t('home.whichDraft', { count: 1 }), /^Vous avez 1 brouillon ouvert /);
  });

  it('Spanish, English, Portuguese: "1 práctica", "2 prácticas"; "1 de 12 campos" stays plural (it counts the 12)', async () => {
    const c = await createCatalog();
    const cases = {
      es: ['1 práctica:', '2 prácticas:', /^Tiene 1 borrador abierto/, /^Tiene 2 borradores abiertos/],
      en: ['1 practice:', '2 practices:', /^You have 1 open draft:/, /^You have 2 open drafts/],
      pt: ['1 prática:', '2 práticas:', /^Você tem 1 rascunho aberto/, /^Você tem 2 rascunhos abertos/],
    } as const;
    for (const [lang, [one, two, draft1, draft2]] of Object.entries(cases)) {
      const tx = c.texts(lang as keyof typeof cases);
      assert.equal(tx.t('reviewer.listTitle', { count: 1 }), one, lang);
      assert.equal(tx.t('reviewer.listTitle', { count: 2 }), two, lang);
      assert.match(tx.t('home.whichDraft', { count: 1 }), draft1);
      assert.match(tx.t('home.whichDraft', { count: 2 }), draft2);
    }
    assert.equal(c.texts('es').t('cards.progress', { done: 1, total: 12 }), '1 de 12 campos');
    assert.equal(c.texts('en').t('cards.progress', { done: 1, total: 12 }), '1 of 12 fields');
  });

  it('every plural key has its _one and _other in all four languages, and a plain fallback', async () => {
    const c = await createCatalog();
    for (const lang of LOCALES) {
      const tx = c.texts(lang);
      // A count of a million is CLDR's "many" in es/fr/pt: the plain key answers, never the key's name.
      for (const key of ['reviewer.listTitle', 'home.whichDraft'])
        assert.ok(!tx.t(key, { count: 1_000_000 }).includes(key), `${lang} ${key}`);
      assert.ok(!tx.t('cards.progress', { done: 1_000_000, total: 12 }).includes('cards.'), lang);
    }
  });
});
