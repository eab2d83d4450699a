import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answer, type AnswerContext } from '../../dialogs/core/answering.js';
import { newDraft, type Draft } from '../../dialogs/core/draft.js';
import { STATES, label } from '../../dialogs/core/reference.js';

/*
 * Property: whatever way an official writes several parts in one message, every part the bot acknowledges is
 * stored exactly as the official wrote that part: no text lost, moved or glued between parts.
 */

const NOW = new Date('2026-12-01T10:00:00.000Z');
const ctx: AnswerContext = { locale: 'es', now: NOW, kindOf: () => undefined };
const at = (step: string): Draft => ({
  ...newDraft('d1', { id: 'aad-1' }, NOW.toISOString()),
  kind: 'practice',
  cursor: { step, failures: 0 },
});

const word = fc.constantFrom(
  'Autoridad',
  'Nacional',
  'Transparencia',
  'Oficina',
  'Anticorrupción',
  'Integridad',
  'Pública',
  'Control',
  'Contraloría',
  'Fiscalía',
  'Ministerio',
  'Justicia',
  'Office',
  'Integrity',
  'Controladoria',
  'Geral',
  'União',
);
const name = fc.array(word, { minLength: 2, maxLength: 6 }).map((w) => w.join(' '));
const person = fc
  .tuple(
    fc.constantFrom('Ana', 'Luis', 'María', 'João', 'Marie', 'Carmen'),
    fc.constantFrom('Ruiz', 'Pérez', 'Silva', 'Dupont', 'Montenegro'),
  )
  .map(([a, b]) => `${a} ${b}`);
const position = fc
  .tuple(
    fc.constantFrom('Directora', 'Jefe', 'Coordinador', 'Director'),
    fc.constantFrom('de Ética', 'de Transparencia', 'de Integridad'),
  )
  .map(([a, b]) => `${a} ${b}`);
const email = fc
  .tuple(fc.constantFrom('ana', 'l.ruiz', 'contacto'), fc.constantFrom('antai.gob.pa', 'sfp.gob.mx', 'cgu.gov.br'))
  .map(([u, d]) => `${u}@${d}`);
const phone = fc.constantFrom('+507 527 9270', '+52 55 2000 3000', '+55 61 2020 6000');
// The States every official may name, in Spanish or English, and the separators people type.
const state = fc.constantFrom(...STATES.filter((s) => s.code !== 'BB'));
const stateSep = fc.constantFrom('; ', ' - ', '\n', ' – ');
const contactSep = fc.constantFrom(', ', '; ', '\n');

describe('splitting one message into parts (property)', () => {
  it('field 1: institution and State, any separator: the name stored exactly, the State recognised', () => {
    fc.assert(
      fc.property(name, state, fc.constantFrom<'es' | 'en'>('es', 'en'), stateSep, (n, s, lang, sep) => {
        const outcome = answer(at('institution.name'), `${n}${sep}${label(s, lang)}`, ctx);
        assert.equal(outcome.type, 'accepted');
        if (outcome.type !== 'accepted') return;
        assert.equal(outcome.draft.answers['institution.name']?.text, n);
        assert.equal(outcome.draft.answers['institution.state']?.value, s.code);
      }),
      { numRuns: 150 },
    );
  });

  it('field 12: a contact on one line or one part a line: each acknowledged part stored exactly', () => {
    fc.assert(
      fc.property(person, position, email, fc.option(phone, { nil: undefined }), contactSep, (p, pos, e, tel, sep) => {
        const text = [p, pos, e, ...(tel ? [tel] : [])].join(sep);
        const outcome = answer(at('contact.name'), text, ctx);
        assert.equal(outcome.type, 'accepted', text);
        if (outcome.type !== 'accepted') return;
        const a = outcome.draft.answers;
        const stored = [
          a['contact.name']?.text,
          a['contact.position']?.text,
          a['contact.email']?.text,
          a['contact.phone']?.text,
        ];
        assert.deepEqual(stored, [p, pos, e, tel], text);
        // Nothing of the message is lost: the parts stored are the message's own pieces, in order.
        assert.equal(stored.filter(Boolean).join(sep), text);
      }),
      { numRuns: 150 },
    );
  });

  it('field 1: a State by its formal name or a common variant, with or without its article', () => {
    const cases: Array<[string, string]> = [
      ['El Salvador', 'SV'],
      ['EE. UU.', 'US'],
      ['United States of America', 'US'],
      ['República de Panamá', 'PA'],
      ['República Federativa do Brasil', 'BR'],
      ['Estados Unidos Mexicanos', 'MX'],
      ['the Bahamas', 'BS'],
      ['Commonwealth of Dominica', 'DM'],
      ['San Cristóbal y Nieves', 'KN'],
      ['Antigua & Barbuda', 'AG'],
    ];
    for (const [written, code] of cases) {
      const outcome = answer(at('institution.name'), `Oficina de Integridad; ${written}`, ctx);
      assert.equal(outcome.type, 'accepted', written);
      if (outcome.type !== 'accepted') continue;
      assert.equal(outcome.draft.answers['institution.name']?.text, 'Oficina de Integridad', written);
      assert.equal(outcome.draft.answers['institution.state']?.value, code, written);
    }
  });
});
