import assert from 'node:assert/strict';
import type { SourceBlock } from '../../../dialogs/core/importing/blocks.js';
import { blocksFromText } from '../../../dialogs/core/importing/fromText.js';
import { findSections } from '../../../dialogs/core/importing/sections.js';
import { boldOwnLine, twoColumns, typedNumbers } from './layouts.js';
import { seedDocument, seedText } from './seedItems.js';

/* Where one answer ends and the next begins: labels, not numbers, and not a sentence that starts like one. */

/** `blocks` with `extra` just after the block that holds `after` (in the same table cell, if it is in one). */
function withParagraph(blocks: SourceBlock[], after: string, extra: SourceBlock): SourceBlock[] {
  const at = blocks.findIndex((b) => b.text.includes(after));
  assert.ok(at >= 0, after);
  const cell = blocks[at]!.cell;
  return [...blocks.slice(0, at + 1), { ...extra, ...(cell ? { cell } : {}) }, ...blocks.slice(at + 1)];
}

describe('importing: finding the sections (pure)', () => {
  it('a document with no labels finds nothing, and says how much it passed over', () => {
    const blocks = blocksFromText(
      'Estimados señores:\n\nAdjunto la buena práctica de nuestra institución.\n\nSaludos cordiales,\nCarmen',
    );
    assert.deepEqual(findSections(blocks), { byField: new Map(), order: [], ignored: 3 });
    assert.deepEqual(findSections([]), { byField: new Map(), order: [], ignored: 0 });
  });

  it('a sentence starting with a label word inside an answer does not split it', () => {
    const doc = seedDocument('panama');
    const sentences: SourceBlock[] = [
      { text: 'Resultado: la participación aumentó en todos los sectores durante el primer año.' },
      { text: 'Seguimiento: la dirección de transparencia lleva las estadísticas.' },
      { text: 'Resultado de ello, el curso se actualizó dos veces.' },
      { text: '**Contacto** permanente con la sociedad civil.' },
    ];
    for (const layout of [typedNumbers, boldOwnLine, twoColumns])
      for (const extra of sentences) {
        const sections = findSections(withParagraph(layout(doc), 'se incorporó al catálogo', extra));
        assert.equal(sections.order.length, 12, `${layout.name}: ${extra.text}`);
        assert.ok(sections.byField.get('implementation')!.endsWith(extra.text), `${layout.name}: ${extra.text}`);
        assert.ok(sections.byField.get('result')!.startsWith('esperamos que'), `${layout.name}: ${extra.text}`);
      }
  });

  it('a plainly written format ("Label: answer") keeps a later real label over an earlier sentence', () => {
    const plain = seedDocument('panama').items.map((item) => ({ text: `${item.label}: ${item.paragraphs[0]}` }));
    const blocks = withParagraph(plain, 'se incorporó al catálogo', {
      text: 'Resultado: el curso ya tiene cientos de inscritos.',
    });
    const sections = findSections(blocks);
    assert.ok(sections.byField.get('implementation')!.endsWith('Resultado: el curso ya tiene cientos de inscritos.'));
    assert.ok(sections.byField.get('result')!.startsWith('esperamos que'));
  });

  it('the part labels of a field (Mexico\'s "Título: … Tema que aborda: …") stay inside its answer', () => {
    const sections = findSections(blocksFromText(seedText('mexico')));
    assert.match(
      sections.byField.get('title')!,
      /^Título: Tablero público[^]*\n\nTema que aborda: [^]*\n\nMateria de la Convención/,
    );
  });

  it('footnotes and the questions of the template are not part of any answer', () => {
    const sections = findSections(blocksFromText(seedText('mexico')));
    for (const text of sections.byField.values()) {
      assert.doesNotMatch(text, /^[¹²]|\n[¹²]|La sustentabilidad significa|DLCI02424S01/);
      assert.doesNotMatch(text, /^¿|^Nombre de la institución|^Incluir una descripción/);
    }
    // The format's title, and the two footnotes.
    assert.equal(sections.ignored, 3);
  });

  it('a format pasted without any blank line is read the same, label by label', () => {
    const text = seedDocument('panama')
      .items.map((item, i) => `${i + 1}. ${item.label}: ${item.paragraphs[0]}`)
      .join('\n');
    const sections = findSections(blocksFromText(text));
    assert.equal(sections.order.length, 12);
    assert.equal(
      sections.byField.get('documents'),
      'www.academia.antai.gob.pa registrarse y sección cursos disponibles.',
    );
  });

  it("an answer's list items from Word (no mark in their text) read as the pasted list would", () => {
    const blocks: SourceBlock[] = [
      { text: 'Razones e importancia:', listItem: true },
      { text: 'Se presentaron las siguientes problemáticas:' },
      { text: 'Sólo las instituciones podían alimentar el tablero.', listItem: true },
      { text: 'El código no era público.', listItem: true },
      { text: 'La nueva versión atiende estos problemas.' },
    ];
    assert.equal(
      findSections(blocks).byField.get('reasons'),
      'Se presentaron las siguientes problemáticas:\n\n- Sólo las instituciones podían alimentar el tablero.\n- El código no era público.\n\nLa nueva versión atiende estos problemas.',
    );
  });

  it('a long document full of label-like lines is read in bounded time', () => {
    const blocks = Array.from({ length: 20_000 }, (_, i) => ({ text: `Resultado: línea ${i} del informe anual.` }));
    const started = Date.now();
    const sections = findSections(blocks);
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    assert.deepEqual(sections.order, ['result']);
  });

  it('a label with nothing after it is found, but gives no answer', () => {
    const sections = findSections(
      blocksFromText('1. Institución:\n\n2. Título:\n\n3. Descripción de la buena práctica:\n\nUn curso.'),
    );
    assert.deepEqual(sections.order, ['institution', 'title', 'description']);
    assert.deepEqual([...sections.byField], [['description', 'Un curso.']]);
  });
});
