import assert from 'node:assert/strict';
import { createCatalog, loadResources } from '../../bot/i18n.js';
import { toCsv, toJson } from '../../bot/export/tabular.js';
import { practiceDocx } from '../../bot/export/word.js';
import { detail } from '../../bot/tab/views.js';
import { questionCard, reviewCard } from '../../dialogs/cards/cards.js';
import { REVIEW_STEP, newDraft, stepsOf, type Answer, type Draft } from '../../dialogs/core/draft.js';
import { FIELDS, partId, type FieldDef, type Table } from '../../dialogs/core/fields.js';
import { toRecord } from '../../dialogs/core/practice.js';
import { longText, shortText } from '../../dialogs/core/schemas.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { problems, validatePart } from '../../dialogs/core/validation.js';
import * as views from '../../dialogs/core/views.js';
import { documentXml, paragraphs } from '../export/docxText.js';
import { mexico } from '../fixtures/seeds.js';

/*
 * The README's "Adding a field", done in memory: (1) one row after the last field, (2) its texts in every
 * language of a catalog, (3) answers for it next to a seed's. Nothing else is changed: the prompts, the checks,
 * the status and the review, the record and the exports are given the longer table and loop over it.
 */

// Step 1: the row.
const BUDGET = {
  number: FIELDS.length + 1,
  key: 'budget',
  parts: [
    { key: 'amount', required: true, input: 'text', schema: shortText(3, 200) },
    { key: 'source', required: false, input: 'multiline', schema: longText(10, 2000) },
  ],
} as const satisfies FieldDef;
const TABLE: Table = [...FIELDS, BUDGET];
const AMOUNT = partId(BUDGET, BUDGET.parts[0]);
const SOURCE = partId(BUDGET, BUDGET.parts[1]);
const N = TABLE.length;

// Step 2: its texts, in every locale file's catalog.
const TEXTS = {
  label: 'Presupuesto',
  question: '¿Con qué presupuesto se llevó a cabo la buena práctica?',
  guidance: 'El monto aproximado por año y de dónde provinieron los fondos.',
  example: 'USD 20 000 al año, del presupuesto ordinario de la institución.',
  parts: {
    amount: { name: 'monto', prompt: 'Monto aproximado por año:' },
    source: { name: 'fuente', prompt: 'Fuente de los fondos:' },
  },
};

async function texts(): Promise<Texts> {
  const resources = loadResources();
  for (const res of Object.values(resources)) (res['fields'] as Record<string, unknown>)['budget'] = TEXTS;
  return (await createCatalog(resources)).texts('es');
}

// Step 3: answers for it, next to the Mexico seed's.
const AT = '2026-03-15T14:30:00.000Z';
const answer = (id: string, text: string): Answer => {
  const checked = validatePart(id, text, TABLE);
  if (!checked.ok) throw new Error(`${id}: ${checked.error.key}`);
  return { ...checked.parsed, lang: 'es', at: AT };
};
const SEED: Record<string, Answer> = Object.fromEntries(
  Object.entries(mexico().expected).map(([id, text]) => [id, answer(id, text)]),
);
const BUDGET_ANSWERS = {
  [AMOUNT]: answer(AMOUNT, 'USD 20 000 al año'),
  [SOURCE]: answer(SOURCE, 'Presupuesto ordinario de la Secretaría.'),
};

const draftAt = (step: string, answers: Record<string, Answer>): Draft => ({
  ...newDraft('draft-budget', { id: 'aad-budget', name: 'Eduardo' }, AT),
  kind: 'practice',
  answers,
  cursor: { step, failures: 0 },
});
const complete = () => draftAt(REVIEW_STEP, { ...SEED, ...BUDGET_ANSWERS });

describe(`Adding a field (row ${N}, in memory)`, () => {
  let tx: Texts;
  before(async () => {
    tx = await texts();
  });

  it('walks its parts after the last field, before the review; the table the bot runs on is untouched', () => {
    assert.deepEqual(stepsOf({ kind: 'practice' }, TABLE).slice(-3), [AMOUNT, SOURCE, REVIEW_STEP]);
    assert.equal(stepsOf({ kind: 'practice' }, TABLE).length, stepsOf({ kind: 'practice' }).length + 2);
    assert.equal(FIELDS.length, N - 1);
  });

  it(`asks it with its own texts: "Campo ${N} de ${N}", the question, each part's prompt, the optional part, the guidance`, () => {
    const first = views.question(tx, draftAt(AMOUNT, SEED), TABLE).text;
    assert.match(first, new RegExp(`Campo ${N} de ${N}: Presupuesto`));
    assert.ok(first.includes(TEXTS.question) && first.includes(TEXTS.parts.amount.prompt), first);
    const second = views.question(tx, draftAt(SOURCE, SEED), TABLE).text;
    assert.ok(second.includes(TEXTS.parts.source.prompt) && second.includes(tx.t('question.optional')), second);
    const help = views.help(tx, draftAt(AMOUNT, SEED), TABLE).text;
    assert.ok(help.includes(TEXTS.guidance) && help.includes(TEXTS.example), help);
  });

  it(`draws its question card: header, progress out of ${N}, a text box for the multi-line part`, () => {
    const card = JSON.stringify(questionCard(tx, draftAt(SOURCE, SEED), TABLE));
    assert.ok(card.includes(`Campo ${N} de ${N}: Presupuesto`), 'header');
    assert.ok(card.includes(tx.t('cards.progress', { done: N - 1, total: N })), 'progress');
    assert.match(card, /"type":"Input.Text","id":"text","isMultiline":true/);
    assert.match(
      JSON.stringify(questionCard(tx, draftAt(AMOUNT, SEED), TABLE)),
      /"type":"Input.Text","id":"text","isMultiline":false/,
    );
  });

  it('checks its answers with its own schema, and a submission waits for its required part only', () => {
    const short = validatePart(AMOUNT, 'ab', TABLE);
    assert.ok(!short.ok && short.error.key === 'errors.tooShort' && short.error.params?.min === 3);
    assert.equal(validatePart(AMOUNT, 'ab').ok, false, "the bot's own table does not know it");
    assert.deepEqual(
      problems(SEED, TABLE).map((p) => [p.field.key, p.part, p.error.key]),
      [['budget', 'amount', 'errors.missing']],
    );
    assert.deepEqual(problems(SEED), [], 'the seed is complete on the form the bot runs');
    assert.deepEqual(
      problems({ ...SEED, [AMOUNT]: BUDGET_ANSWERS[AMOUNT]! }, TABLE),
      [],
      'the optional part never blocks',
    );
  });

  it('counts it in the status and lists it in the review, with its own Edit button', () => {
    const before = views.status(tx, draftAt(AMOUNT, SEED), TABLE).text;
    assert.match(before, new RegExp(`${N - 1} de ${N} campos completos[\\s\\S]*Pendientes:\\n- ${N}\\. Presupuesto`));
    assert.match(views.status(tx, complete(), TABLE).text, new RegExp(`${N} de ${N} campos completos`));
    assert.match(
      views.review(tx, draftAt(REVIEW_STEP, SEED), TABLE).text,
      new RegExp(`⚠️ \\*\\*${N}\\. Presupuesto\\*\\*[\\s\\S]*Faltan los campos ${N}\\.`),
    );
    const review = views.review(tx, complete(), TABLE).text;
    assert.match(
      review,
      new RegExp(
        `✅ \\*\\*${N}\\. Presupuesto\\*\\*\\nUSD 20 000 al año \\| Presupuesto ordinario de la Secretaría\\.`,
      ),
    );
    const edits = [
      ...JSON.stringify(reviewCard(tx, complete(), TABLE)).matchAll(/"command":"edit","field":"?(\d+)/g),
    ].map((m) => Number(m[1]));
    assert.deepEqual(
      edits,
      TABLE.map((f) => f.number),
      'an Edit button per field, the new one last',
    );
  });

  it('keeps it in the record, and the Word file, the CSV, the JSON and the tab show it after the contact', async () => {
    const record = toRecord(complete(), 'MESICIC-BP-2026-0001', AT, TABLE);
    assert.equal(record.answers[AMOUNT]?.text, 'USD 20 000 al año');
    assert.equal(record.title, SEED['title.title']?.text, 'the title still comes from the part that plays it');

    const paras = paragraphs(await documentXml(await practiceDocx(record, tx, TABLE)));
    const headings = paras.filter((p) => p.style === 'Heading2').map((p) => p.text);
    assert.equal(headings.length, N);
    assert.equal(headings.at(-1), `${N}. Presupuesto`);
    const after = paras.slice(paras.findIndex((p) => p.text === `${N}. Presupuesto`) + 1).map((p) => p.text);
    assert.deepEqual(after, ['Monto: USD 20 000 al año', 'Fuente: Presupuesto ordinario de la Secretaría.']);

    const header = toCsv([record], tx, TABLE).split('\r\n')[0]!.split(',');
    assert.deepEqual(header.slice(-2), [`${N}. Presupuesto (monto)`, `${N}. Presupuesto (fuente)`]);
    assert.deepEqual(Object.keys((JSON.parse(toJson([record], TABLE)) as [{ answers: object }])[0].answers).slice(-2), [
      AMOUNT,
      SOURCE,
    ]);

    const tab = detail({ ...record, key: record.reference, isDraft: false }, tx, TABLE);
    assert.deepEqual(tab.fields.at(-1), {
      number: N,
      label: 'Presupuesto',
      parts: [
        { key: 'amount', label: 'Monto', text: 'USD 20 000 al año' },
        { key: 'source', label: 'Fuente', text: 'Presupuesto ordinario de la Secretaría.' },
      ],
    });
  });
});
