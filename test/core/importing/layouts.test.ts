import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GUIDANCE } from '../../../dialogs/core/importing/guidance.js';
import type { FieldKey } from '../../../dialogs/core/importing/labels.js';
import { findSections } from '../../../dialogs/core/importing/sections.js';
import { idsIn, importBlocks, textsOf } from './answersOf.js';
import { autoNumbered, boldOwnLine, twoColumns, typedNumbers, type LayoutOptions } from './layouts.js';
import { importedAnswers, seedDocument, type SeedDocument, type SeedName } from './seedItems.js';

/* The seeds laid out as officials' Word files come, block by block: each layout must give the same answers. */

const SEEDS: readonly SeedName[] = ['panama', 'mexico'];
const labelsIn = (locale: string): Record<string, { label: string; question: string }> =>
  (
    JSON.parse(readFileSync(new URL(`../../../bot/locales/${locale}.json`, import.meta.url), 'utf8')) as {
      fields: Record<string, { label: string; question: string }>;
    }
  ).fields;

function assertSame(name: SeedName, blocks: Parameters<typeof importBlocks>[0], without: FieldKey[] = []) {
  const imported = importBlocks(blocks);
  assert.deepEqual(textsOf(imported.draft), importedAnswers(name, without));
  return imported;
}

const without = (doc: SeedDocument, gone: FieldKey[]): SeedDocument => ({
  ...doc,
  items: doc.items.filter((i) => !gone.includes(i.field)),
});

describe('importing: the seeds in the layouts of Word files (pure)', () => {
  for (const name of SEEDS) {
    const doc = seedDocument(name);

    it(`${name}: typed numbers and bold labels; the template's introduction is skipped`, () => {
      const imported = assertSame(name, typedNumbers(doc));
      assert.deepEqual(idsIn(imported, 'missing'), ['institution.state']);
      assert.equal(findSections(typedNumbers(doc)).ignored >= doc.preamble.length, true);
    });

    it(`${name}: each label bold on its own line, the answer in the paragraphs after it`, () => {
      assertSame(name, boldOwnLine(doc));
    });

    it(`${name}: Word's automatic numbering (list items, no number in the text)`, () => {
      assertSame(name, autoNumbered(doc));
    });

    it(`${name}: a two-column table, label | answer`, () => {
      assertSame(name, twoColumns(doc));
      assertSame(name, twoColumns(doc, { preamble: false }));
    });

    it(`${name}: items deleted and the rest renumbered; two items swapped`, () => {
      const cut = without(doc, ['reasons', 'followUp']);
      const numbers = cut.items.map((_, i) => i + 1);
      const imported = assertSame(name, typedNumbers(cut, {}, numbers), ['reasons', 'followUp']);
      assert.deepEqual(idsIn(imported, 'missing'), ['institution.state', 'reasons.text', 'followUp.text']);
      assertSame(
        name,
        typedNumbers(
          doc,
          {},
          doc.items.map((_, i) => i + 3),
        ),
      );
      assertSame(name, autoNumbered(cut), ['reasons', 'followUp']);
      assertSame(name, boldOwnLine(cut), ['reasons', 'followUp']);
      const swapped = { ...doc, items: [...doc.items] };
      [swapped.items[2], swapped.items[3]] = [swapped.items[3]!, swapped.items[2]!];
      assertSame(name, typedNumbers(swapped));
      assertSame(name, boldOwnLine(swapped));
      assert.deepEqual(findSections(typedNumbers(swapped)).order.slice(0, 4), [
        'institution',
        'title',
        'reasons',
        'description',
      ]);
    });

    for (const locale of ['en', 'pt', 'fr']) {
      it(`${name}: labelled in ${locale === 'en' ? 'English' : locale === 'pt' ? 'Portuguese' : 'French'}, answers in Spanish`, () => {
        const fields = labelsIn(locale);
        // Mexico kept the template's questions: in a translated template they are in its language too.
        const o: LayoutOptions = {
          label: (item) => fields[item.field]!.label,
          guidance: (item) => (item.guidance ? fields[item.field]!.question : undefined),
        };
        for (const layout of [typedNumbers, boldOwnLine, autoNumbered, twoColumns]) assertSame(name, layout(doc, o));
      });
    }
  }

  it("the template's questions left in: on the label's line, before the answer, or in a paragraph of their own", () => {
    const doc = seedDocument('panama');
    const question = (field: FieldKey) => GUIDANCE[field].es[0]!;
    const sameLine = doc.items.map((item, i) => ({
      text: `${i + 1}. **${item.label}:** ${question(item.field)} ${item.paragraphs[0]}`,
    }));
    assertSame('panama', sameLine);
    assertSame('panama', typedNumbers(doc, { guidance: (item) => question(item.field) }));
    assertSame('panama', boldOwnLine(doc, { guidance: (item) => question(item.field) }));
    assertSame('panama', twoColumns(doc, { guidance: (item) => question(item.field) }));
  });

  it('labels written plainly ("Label: answer", no number, no bold), one item deleted', () => {
    const doc = seedDocument('panama');
    const plain = (d: SeedDocument) =>
      d.items.map((item) => ({ text: `${item.label}: ${item.paragraphs.join('\n\n')}` }));
    assertSame('panama', plain(doc));
    assertSame('panama', plain(without(doc, ['title'])), ['title']);
  });

  it('a table row beside the label row goes on with its field, its first cell read as a part label', () => {
    const row = (r: number, a: string, b: string) => [
      { text: a, cell: { table: 0, row: r, col: 0 } },
      { text: b, cell: { table: 0, row: r, col: 1 } },
    ];
    const blocks = [
      ...row(0, 'Campo', 'Respuesta'),
      ...row(1, '1.', 'Institución'),
      { text: 'Secretaría de la Función Pública', cell: { table: 0, row: 1, col: 2 } },
      ...row(2, 'Estado Parte', 'México'),
      ...row(3, 'Documentos', 'https://tablero.gobabiertomx.org/'),
    ];
    const sections = findSections(blocks);
    assert.equal(sections.byField.get('institution'), 'Secretaría de la Función Pública\n\nEstado Parte: México');
    assert.deepEqual(textsOf(importBlocks(blocks).draft), {
      'institution.name': 'Secretaría de la Función Pública',
      'institution.state': 'México',
      'documents.text': 'https://tablero.gobabiertomx.org/',
    });
    assert.equal(sections.ignored, 1, 'the header row');
  });
});
