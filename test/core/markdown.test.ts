import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import fc from 'fast-check';
import { createCatalog } from '../../bot/i18n.js';
import { newDraft, type Answer, type Draft } from '../../dialogs/core/draft.js';
import { escapeChatText } from '../../dialogs/core/markdown.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import type { PracticeRecord } from '../../dialogs/core/practice.js';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import { problems, validatePart } from '../../dialogs/core/validation.js';
import * as views from '../../dialogs/core/views.js';
import { toActivities } from '../../dialogs/teams/render.js';
import { liveMarkup, shownText } from '../support/markdownReader.js';
import { cardOf } from '../support/visible.js';
import { world } from '../support/world.js';

/** Every way an official's text could become markup in a Teams text message. */
const ATTACKS: Record<string, string> = {
  link: '[Ver el informe](https://evil.example/login)',
  image: '![logo](https://evil.example/pixel.png)',
  html: '<a href="https://evil.example">Portal oficial</a>',
  mention: '<at>Secretaría</at>',
  autolink: '<https://evil.example>',
  bold: '**URGENTE** y __también__',
  italic: '_cursiva_ y *cursiva*',
  code: 'un `comando` aquí',
  strike: '~~tachado~~',
  table: 'a | b\n--- | ---\nc | d',
  heading: '# Título falso',
  quote: '> cita',
  bullets: '- uno\n+ dos\n* tres',
  ordered: '1. uno\n2) dos',
  setext: 'Título\n===\nOtro\n---',
  entity: '&lt;a href="x"&gt; y &#60;b&#62; &amp;',
  backslash: 'C:\\informes\\ y \\*no negrita\\*',
  indentedMarker: '   - sangrado\n\t# también',
};

const PLAIN = 'Texto llano de prueba';

/** What an official or reviewer reads of a text message, and the markup in it, checked against the same message built with plain text. */
function assertShownAsTyped(message: string, withPlain: string, typed: string) {
  assert.ok(shownText(message).includes(typed), `not shown as typed:\n${message}`);
  assert.deepEqual(liveMarkup(message), liveMarkup(withPlain), `the official's text added markup:\n${message}`);
}

describe('escapeChatText: officials’ text in chat messages shows as typed', () => {
  for (const [name, typed] of Object.entries(ATTACKS)) {
    it(`${name}: ${JSON.stringify(typed)}`, () => {
      // Unescaped, the reader sees markup or not what was typed: an escaping that did nothing would fail here.
      assert.ok(liveMarkup(typed).length > 0 || shownText(typed) !== typed, 'the raw text should not show as typed');
      const escaped = escapeChatText(typed);
      assert.equal(shownText(escaped), typed);
      assert.deepEqual(liveMarkup(escaped), []);
    });
  }

  it('any text over markdown-heavy characters: shown as typed, no markup left', () => {
    const alphabet = fc.constantFrom(
      ...'\\*_`~|[]()<>!#+=-.)&;:/ \t\n\r1209abcáñ😀'.split(/(?:)/u),
      '&lt;',
      '&#60;',
      '&#x3c;',
      '1.',
      '\n-',
      '\n#',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const typed = parts.join('');
        const escaped = escapeChatText(typed);
        assert.equal(shownText(escaped), typed);
        assert.deepEqual(liveMarkup(escaped), []);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Sistema de Gestión (SGA), 2.º informe: 100% de las entidades; contacto@gob.pa, https://www.gob.pa/x?y=1.';
    assert.equal(escapeChatText(text), text);
  });
});

describe('chat text views: officials’ text is escaped in every text message', () => {
  let catalog: Catalog;
  let tx: Texts;
  before(async () => {
    catalog = await createCatalog();
    tx = catalog.texts('es');
  });

  const answer = (text: string): Answer => ({ text, lang: 'es', at: '2026-03-01T00:00:00.000Z' });
  /** A draft whose every text part (title, institution, narratives, contact) holds `text`, returned with a comment by `text`. */
  function draftWith(text: string): Draft {
    const draft = newDraft('d1', { id: 'aad-1', name: text }, '2026-03-01T00:00:00.000Z');
    const answers: Record<string, Answer> = {};
    for (const f of FIELDS) for (const p of f.parts) answers[partId(f, p)] = answer(text);
    answers['institution.state'] = { ...answer('Panamá'), value: 'PA' };
    answers['title.provisions'] = { ...answer('III.11'), value: ['III.11'] };
    return {
      ...draft,
      kind: 'session',
      sessionName: text,
      answers,
      status: 'returned',
      reference: 'MESICIC-SE-2026-0001',
      review: { fields: [3], comment: text, by: text, at: '2026-03-02T00:00:00.000Z' },
      cursor: { step: 'description.text', failures: 0 },
    };
  }
  function recordWith(text: string): PracticeRecord {
    const d = draftWith(text);
    return {
      reference: 'MESICIC-SE-2026-0001',
      draftId: d.id,
      kind: 'session',
      sessionName: text,
      status: 'submitted',
      version: 1,
      state: 'PA',
      institution: text,
      title: text,
      provisions: ['III.11'],
      submittedAt: '2026-03-02T00:00:00.000Z',
      submittedBy: { id: 'aad-1', name: text },
      lang: 'es',
      answers: d.answers,
      history: [],
    };
  }

  const cases: Record<string, (text: string) => views.Reply> = {
    home: (t) =>
      views.home(tx, { id: 'aad-1', name: t }, [draftWith(t), { ...draftWith(t), id: 'd2', status: 'submitted' }]),
    status: (t) => views.status(tx, draftWith(t)),
    review: (t) => views.review(tx, draftWith(t)),
    'question (current answer, Secretariat comment)': (t) => views.question(tx, draftWith(t)),
    receipt: (t) => views.receipt(tx, recordWith(t), false),
    'receipt (already sent)': (t) => views.receipt(tx, recordWith(t), true),
    'notification (text fallback)': (t) => views.notification(tx, recordWith(t)),
  };
  for (const [name, view] of Object.entries(cases)) {
    // Each attack alone: a draft's name is cut near 80 characters, so all of them at once would not show whole.
    it(name, () => {
      for (const typed of Object.values(ATTACKS)) assertShownAsTyped(view(typed).text, view(PLAIN).text, typed);
    });
  }

  it('an error quoting what was typed (a State it does not know, an e-mail, a phone)', () => {
    for (const [id, typed, plain] of [
      ['institution.state', '[Panamá](https://evil.example)', 'Narnia'],
      ['contact.email', '**x**@_y_', 'nadie@'],
      ['contact.phone', '[llamar](https://evil.example) <b>ya</b>', 'sin número'],
    ] as const) {
      const bad = validatePart(id, typed);
      const ok = validatePart(id, plain);
      assert.ok(!bad.ok && !ok.ok && bad.error.key === ok.error.key, `${id}: both refused the same way`);
      assertShownAsTyped(views.error(tx, bad.error, false).text, views.error(tx, ok.error, false).text, typed);
    }
  });

  it('a refused submission quoting a kept answer', () => {
    const withPhone = (phone: string) => ({ ...draftWith(PLAIN).answers, 'contact.phone': answer(phone) });
    const typed = '[llamar](https://evil.example) <b>ya</b>';
    assertShownAsTyped(
      views.refused(tx, problems(withPhone(typed))).text,
      views.refused(tx, problems(withPhone('sin número'))).text,
      typed,
    );
  });

  it('what the official is sent on "continuar 1" and "cancelar": the title, escaped (engine → Teams activities)', async () => {
    const said = async (title: string, text: string) => {
      const w = await world();
      const draft = {
        ...newDraft('d1', { id: 'aad-2' }, '2026-03-01T00:00:00.000Z'),
        kind: 'practice' as const,
        answers: { 'title.title': answer(title) },
      };
      draft.cursor = { step: 'title.topic', failures: 0 };
      await w.drafts.save(draft);
      const out: Partial<Activity>[] = [];
      for (const t of ['continuar 1', text])
        out.push(...toActivities(await w.engine.turn({ official: { id: 'aad-2' }, text: t }), w.catalog));
      // Chat text, or the card's first line where the text before a question now goes (raw, as it was escaped).
      return out.map(
        (a) => a.text ?? String((cardOf(a)?.body as Array<{ text?: string }> | undefined)?.[0]?.text ?? ''),
      );
    };
    const plain = await said(PLAIN, 'cancelar');
    for (const typed of Object.values(ATTACKS)) {
      const bad = await said(typed, 'cancelar');
      assert.match(shownText(bad[0]!), /^Retomamos «/);
      assert.match(shownText(bad.at(-1)!), /queda guardado/);
      for (const [i, text] of bad.entries()) assertShownAsTyped(text, plain[i]!, typed);
    }
  });
});
