import assert from 'node:assert/strict';
import { citesProvision, parseProvisions, provisionNames } from '../../dialogs/core/provisions.js';
import { label, provisionById } from '../../dialogs/core/reference.js';

/* The provision parser, pure: what officials write in es/en/pt/fr, and the ids the Secretariat files. */

const ids = (text: string) => {
  const parsed = parseProvisions(text);
  assert.ok(parsed.ok, `${text} → ${JSON.stringify(parsed)}`);
  return parsed.ids;
};

describe('provisions in natural language (pure)', () => {
  it('reads every numeral of a plural, in the four languages, never a bare article', () => {
    for (const text of [
      'artículo III, numerales 8 y 11',
      'Artículo III, párrafos 8 y 11',
      'Article III, paragraphs 8 and 11',
      'Art. III, paras. 8 & 11',
      'artigo III, incisos 8 e 11',
      'artigo III, parágrafos 8 e 11',
      'article III, paragraphes 8 et 11',
      'article III, alinéas 8 et 11',
    ])
      assert.deepEqual(ids(text), ['III.8', 'III.11'], text);
  });

  it('reads ranges and lists, written short or long', () => {
    const oneToFour = ['III.1', 'III.2', 'III.3', 'III.4'];
    for (const text of [
      'III.1 a III.4',
      'III.1 to III.4',
      'III.1 até III.4',
      'III.1 au III.4',
      'III.1-4',
      'III-1 - III-4',
    ])
      assert.deepEqual(ids(text), oneToFour, text);
    assert.deepEqual(ids('artículo III, numerales 1 al 4'), oneToFour);
    assert.deepEqual(ids('Article III, paragraphs 1 through 4'), oneToFour);
    assert.deepEqual(ids('art. III (4, 9) y IX'), ['III.4', 'III.9', 'IX']);
    assert.deepEqual(ids('III.4, III.9 and IX'), ['III.4', 'III.9', 'IX']);
    assert.deepEqual(ids('III.4; III.9 et IX'), ['III.4', 'III.9', 'IX']);
    assert.deepEqual(ids('artículos III y IX'), ['III', 'IX']);
    assert.deepEqual(ids('Articles III(4) and VI'), ['III.4', 'VI']);
  });

  it('reads numerals written before their article, and Arabic article numbers followed by a numeral', () => {
    for (const text of [
      'numerales 8 y 11 del artículo III',
      'paragraphs 8 and 11 of Article III',
      'incisos 8 e 11 do artigo III',
      "paragraphes 8 et 11 de l'article III",
      'artículo 3, numerales 8 y 11',
      'Article 3(8, 11)',
    ])
      assert.deepEqual(ids(text), ['III.8', 'III.11'], text);
    assert.deepEqual(ids('Article 3.11'), ['III.11']);
    // Numerals alone: only Article III has them.
    assert.deepEqual(ids('numerales 8 y 11'), ['III.8', 'III.11']);
    assert.deepEqual(ids('paragraphs 8 and 11'), ['III.8', 'III.11']);
    assert.deepEqual(ids('incisos 8 e 11'), ['III.8', 'III.11']);
    assert.deepEqual(ids('paragraphes 8 et 11'), ['III.8', 'III.11']);
    assert.deepEqual(ids('article 9'), ['IX']);
    // A law's article in passing is not the Convention's.
    assert.deepEqual(ids('según el artículo 45 de nuestra ley, III.11'), ['III.11']);
  });

  it('keeps what it read before: single references, names, the numeral inside a sentence', () => {
    assert.deepEqual(ids('III.11'), ['III.11']);
    assert.deepEqual(ids('artículo III, numeral 11'), ['III.11']);
    assert.deepEqual(ids('Medidas preventivas, **artículo III, numeral 11:** “Mecanismos para estimular'), ['III.11']);
    assert.deepEqual(
      ids('se relaciona con el artículo III medidas preventivas de la convención específicamente el numeral 11'),
      ['III.11'],
    );
    assert.deepEqual(ids('Soborno transnacional'), ['VIII']);
    // A name beside numbers is not dropped.
    assert.deepEqual(ids('III.11 y soborno transnacional'), ['III.11', 'VIII']);
    assert.deepEqual(ids('III.11, Illicit Enrichment'), ['III.11', 'IX']);
  });

  it('names what looked like a provision but is not one of the Convention', () => {
    assert.deepEqual(parseProvisions('III.14'), { ok: false, reason: 'unknown', ref: 'III.14' });
    assert.deepEqual(parseProvisions('artículo XXX'), { ok: false, reason: 'unknown', ref: 'XXX' });
    assert.deepEqual(parseProvisions('III.8 y III.14'), { ok: false, reason: 'unknown', ref: 'III.14' });
    const both = parseProvisions('artículo III, numerales 13 y 14');
    assert.ok(!both.ok && both.reason === 'unknown' && both.ref === 'III.13, III.14', JSON.stringify(both));
  });

  it('says what it recognised with the names in the reader’s language', () => {
    for (const locale of ['es', 'en', 'pt', 'fr'] as const) {
      const said = provisionNames(['III.8', 'III.11'], locale);
      assert.ok(said.startsWith(`III.8 ${label(provisionById('III.8')!, locale)}, III.11 `), said);
    }
  });

  it('tells a cited provision from a title that names none', () => {
    assert.ok(citesProvision('artículo III, numeral 11'));
    assert.ok(citesProvision('III.4, IX'));
    assert.ok(!citesProvision('Curso de gobierno abierto en la academia virtual'));
  });
});
