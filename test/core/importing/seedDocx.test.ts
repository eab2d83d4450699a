import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { DOCX_LAYOUTS, docxAnswers, seedDocx } from '../../fixtures/seedDocx.js';
import { importedAnswers } from './seedItems.js';

/* The Word files the end-to-end tests feed the reader: each builds, and is the layout it claims. */

describe('importing: the seeds as .docx files (fixture)', () => {
  for (const name of ['panama', 'mexico'] as const)
    for (const layout of DOCX_LAYOUTS)
      it(`${name}, ${layout}: builds a zip holding the seed's labels and answers`, async () => {
        const file = await seedDocx(name, layout);
        assert.equal(file.subarray(0, 2).toString('latin1'), 'PK');
        const zip = await JSZip.loadAsync(file);
        const xml = await zip.file('word/document.xml')!.async('string');
        assert.match(xml, /Institución:/);
        assert.match(xml, /Contacto:/);
        assert.equal(/<w:tbl>/.test(xml), layout === 'twoColumns');
        // Word's automatic numbering: the label's paragraph refers to a numbering definition, its text has no "1.".
        assert.equal(
          /<w:numId w:val="\d+"\/>[^]*?Institución:/.test(xml) && !/1\. <\/w:t>/.test(xml),
          layout === 'autoNumbering',
        );
        if (name === 'mexico') {
          const notes = await zip.file('word/footnotes.xml')!.async('string');
          assert.match(notes, /La sustentabilidad significa/);
          assert.doesNotMatch(xml, /La sustentabilidad significa|DLCI02424S01/);
        }
      });

  it("what an import of the file should give: the text import's answers, with the seed's markdown as Word shows it", () => {
    const answers = docxAnswers('panama');
    assert.match(answers['implementation.text']!, /por el orden de \$9,630\.00/);
    assert.equal(docxAnswers('mexico')['documents.text'], 'https://tablero.gobabiertomx.org/');
    assert.equal(docxAnswers('mexico')['title.provisions'], importedAnswers('mexico')['title.provisions']);
  });
});
