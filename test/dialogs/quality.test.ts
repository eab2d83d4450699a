import assert from 'node:assert/strict';
import { LOCALES, type Locale } from '../../dialogs/core/normalize.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';

const TEAMS_LOCALE: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-CA' };

/** The longest fixed piece of a message (between its placeholders): what the official reads whatever was typed. */
function fixedPart(tx: Texts, key: string): string {
  const pieces = tx.t(key, { link: '\u0001', text: '\u0001', percent: '\u0001', n: '\u0001', total: '\u0001' });
  return pieces
    .split('\u0001')
    .sort((a, b) => b.length - a.length)[0]!
    .slice(0, 60);
}

// Digits and symbols, never the same few over and over (so only the letter check can catch them).
const numbers = Array.from({ length: 40 }, (_, i) => `${(i * 7919) % 10007}/${(i * 31) % 97}`).join(' ; ');

const GARBAGE: Record<Locale, Array<[string, string]>> = {
  es: [
    ['a'.repeat(30_000), 'errors.repetitive'],
    ['Texto de prueba para el campo.\n'.repeat(200), 'errors.repetitive'],
    [`Descripción. ${'xyz'.repeat(500)}`, 'errors.repetitive'],
    [`Resultados: ${numbers}`, 'errors.fewLetters'],
  ],
  en: [
    ['z'.repeat(5000), 'errors.repetitive'],
    ['lorem ipsum dolor sit amet '.repeat(80), 'errors.repetitive'],
    ['ab'.repeat(2000), 'errors.repetitive'],
    [`Figures: ${numbers}`, 'errors.fewLetters'],
  ],
  pt: [
    ['ok\n'.repeat(300), 'errors.repetitive'],
    ['A prática é boa. '.repeat(100), 'errors.repetitive'],
    ['.'.repeat(500), 'errors.repetitive'],
    [`${numbers} %%% ### ***`, 'errors.fewLetters'],
  ],
  fr: [
    ['é'.repeat(1000), 'errors.repetitive'],
    ['Une ligne de texte répétée sans fin\n'.repeat(60), 'errors.repetitive'],
    ['bla bla bla '.repeat(100), 'errors.repetitive'],
    [`Chiffres ${numbers}`, 'errors.fewLetters'],
  ],
};

const LINKS: Record<Locale, string[]> = {
  es: ['javascript:alert(1)', 'file:///C:/informes/ley.pdf', 'ftp://ftp.gob.pa/informe.pdf'],
  en: ['JavaScript:void(0)', 'file://server/share/report.docx', 'data:text/html,<b>x</b>'],
  pt: ['vbscript:msgbox(1)', 'FILE:///etc/passwd', 'smb://servidor/pasta'],
  fr: ['javascript://%0aalert(1)', 'file:C:/rapport.pdf', 'gopher://exemple.org/1'],
};

/** An official in `lang` standing at field 3 (the first narrative) of a new draft. */
async function atDescription(lang: Locale) {
  const w = await world();
  const tx = w.catalog.texts(lang);
  const chat = new Chat(w, { aad: `aad-q-${lang}`, locale: TEAMS_LOCALE[lang] });
  await chat.say('new');
  for (const input of panama().inputs.slice(0, 6)) await chat.say(input);
  const draft = async () => (await w.drafts.listByOwner(`aad-q-${lang}`))[0]!;
  assert.equal((await draft()).cursor.step, 'description.text');
  return { w, tx, chat, draft };
}

describe('Garbage is refused with a message that says what to fix (four languages)', () => {
  for (const lang of LOCALES) {
    it(`${lang}: a character, a line or a phrase repeated, and digits without words, are refused and not stored`, async () => {
      const { tx, chat, draft } = await atDescription(lang);
      for (const [input, key] of GARBAGE[lang]) {
        const reply = await chat.say(input);
        assert.ok(reply.includes(fixedPart(tx, key)), `${JSON.stringify(input.slice(0, 40))} → ${reply}`);
        assert.equal((await draft()).answers['description.text'], undefined, 'nothing was stored');
      }
      // A real narrative still goes through after the refusals.
      const real = panama().inputs[6]!;
      assert.ok(!(await chat.say(real)).includes(fixedPart(tx, 'errors.tryAgain')));
      assert.equal((await draft()).answers['description.text']?.text, panama().expected['description.text']);
    });

    it(`${lang}: only http(s) and www. addresses are links; javascript:, file: and others are refused in field 11`, async () => {
      const { tx, chat, draft } = await atDescription(lang);
      await chat.say('edit 11');
      assert.equal((await draft()).cursor.step, 'documents.text');
      for (const link of LINKS[lang]) {
        const reply = await chat.say(`Informe final de la práctica: ${link}`);
        assert.ok(reply.includes(fixedPart(tx, 'errors.linkScheme')), `${link} → ${reply}`);
        assert.equal((await draft()).answers['documents.text'], undefined, `${link} was not stored`);
      }
      const good = 'Ley 22 de 2006: https://www.gacetaoficial.gob.pa/ley22 y www.antai.gob.pa/informe';
      await chat.say(good);
      assert.equal((await draft()).answers['documents.text']?.text, good);
    });

    it(`${lang}: control characters are removed from an answer, tabs and line breaks kept`, async () => {
      const { chat, draft } = await atDescription(lang);
      const typed = `La\u0000 oficina\u0007 publica cada contrato\u001b en un portal abierto.\n\tLa ciudadanía\u0085 revisa\u0008 precios\u007f y plazos.\r\nFin.`;
      await chat.say(typed);
      assert.equal(
        (await draft()).answers['description.text']?.text,
        'La oficina publica cada contrato en un portal abierto.\n\tLa ciudadanía revisa precios y plazos.\r\nFin.',
      );
    });
  }

  it('Barbados, a Party to the Convention outside the MESICIC, is told why it is not offered (four languages)', async () => {
    const typed: Record<Locale, string[]> = {
      es: ['Barbados', 'BB'],
      en: ['barbados', 'Barbados.'],
      pt: ['Barbados', 'bb'],
      fr: ['Barbade', 'BARBADE'],
    };
    for (const lang of LOCALES) {
      const w = await world();
      const tx = w.catalog.texts(lang);
      const chat = new Chat(w, { aad: `aad-bb-${lang}`, locale: TEAMS_LOCALE[lang] });
      await chat.say('new');
      await chat.say('1');
      await chat.say('Oficina Anticorrupción');
      for (const name of typed[lang]) {
        const reply = await chat.say(name);
        assert.ok(reply.includes(fixedPart(tx, 'errors.stateNotMember')), `${lang} ${name} → ${reply}`);
        assert.ok(!reply.includes(fixedPart(tx, 'errors.stateUnknown')));
      }
      // A member State is still found.
      assert.equal((await chat.say('PA')).includes(fixedPart(tx, 'errors.stateNotMember')), false);
    }
  });
});
