import assert from 'node:assert/strict';
import { Document, Packer, TextRun } from 'docx';
import { markdownBlocks, type TextOptions } from '../../bot/export/lightMarkdown.js';
import { externalLinks, rawParagraphs, xmlOf, type RawPara } from './docxText.js';

/** `text` drawn as an answer is in a Word file: its paragraphs, its links, its XML. */
async function drawn(text: string, options: TextOptions = {}) {
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: markdownBlocks(text, options) }] }));
  const parts = await xmlOf(docx);
  const xml = parts.get('word/document.xml')!;
  const paras: RawPara[] = rawParagraphs(xml);
  return {
    xml,
    paras,
    texts: paras.map((p) => p.text),
    links: externalLinks(xml, parts.get('word/_rels/document.xml.rels')!),
  };
}

/** The runs of a paragraph with the formatting that matters here. */
const runs = (p: RawPara) =>
  [...p.xml.matchAll(/<w:r>(?:<w:rPr>([\s\S]*?)<\/w:rPr>)?<w:t[^>]*>([^<]*)<\/w:t><\/w:r>/g)].map(([, pr = '', t]) => ({
    t,
    b: pr.includes('<w:b/>'),
    i: pr.includes('<w:i/>'),
    s: pr.includes('<w:strike/>'),
  }));

describe('Officials’ light markdown in Word', () => {
  it('draws emphasis as emphasis and drops the markers', async () => {
    const { paras } = await drawn('Con **negrita**, *cursiva*, _también_ y ~~tachado~~.');
    assert.equal(paras.length, 1);
    assert.equal(paras[0]!.text, 'Con negrita, cursiva, también y tachado.');
    assert.deepEqual(runs(paras[0]!), [
      { t: 'Con ', b: false, i: false, s: false },
      { t: 'negrita', b: true, i: false, s: false },
      { t: ', ', b: false, i: false, s: false },
      { t: 'cursiva', b: false, i: true, s: false },
      { t: ', ', b: false, i: false, s: false },
      { t: 'también', b: false, i: true, s: false },
      { t: ' y ', b: false, i: false, s: false },
      { t: 'tachado', b: false, i: false, s: true },
      { t: '.', b: false, i: false, s: false },
    ]);
  });

  it('removes the backslash of an escape: \\$, \\*, \\_ print as $, *, _', async () => {
    assert.deepEqual((await drawn('Costó \\$9,630.00 \\* 2 \\_nota\\_')).texts, ['Costó $9,630.00 * 2 _nota_']);
  });

  it('makes "- " lists Word bullets (nested a level down) and "1. " lists numbered items keeping the official’s numbers', async () => {
    const { paras } = await drawn('Antes:\n\n- uno\n- dos\n  - dentro\n\n3. tres\n4. cuatro');
    const level = (p: RawPara) => /<w:numPr><w:ilvl w:val="(\d)"\/>/.exec(p.xml)?.[1];
    assert.deepEqual(
      paras.map((p) => [p.style, level(p), p.text]),
      [
        ['', undefined, 'Antes:'],
        ['ListParagraph', '0', 'uno'],
        ['ListParagraph', '0', 'dos'],
        ['ListParagraph', '1', 'dentro'],
        ['ListParagraph', undefined, '3.tres'],
        ['ListParagraph', undefined, '4.cuatro'],
      ],
    );
    assert.ok(
      paras.slice(4).every((p) => /<w:ind w:left="360" w:hanging="360"\/>/.test(p.xml) && /<w:tab\/>/.test(p.xml)),
      'a number hangs in the indent, a tab after it',
    );
    assert.ok(
      paras.every((p) => [...p.xml.matchAll(/<w:pStyle /g)].length <= 1),
      'one style a paragraph',
    );
  });

  it('makes links, <autolinks>, bare addresses and e-mails live; other schemes stay text', async () => {
    const { texts, links } = await drawn(
      'Ver [el sitio](https://x.org/a?b=1&c=2), <https://tablero.gob.mx/>, www.antai.gob.pa, ana@sfp.gob.mx y [clic](javascript:alert(1)).',
    );
    assert.deepEqual(links, [
      { text: 'el sitio', target: 'https://x.org/a?b=1&c=2' },
      { text: 'https://tablero.gob.mx/', target: 'https://tablero.gob.mx/' },
      { text: 'www.antai.gob.pa', target: 'http://www.antai.gob.pa/' },
      { text: 'ana@sfp.gob.mx', target: 'mailto:ana@sfp.gob.mx' },
    ]);
    assert.deepEqual(texts, [
      'Ver el sitio, https://tablero.gob.mx/, www.antai.gob.pa, ana@sfp.gob.mx y [clic](javascript:alert(1)).',
    ]);
  });

  it('writes each link as a well-formed URI: quotes and brackets percent-encoded', async () => {
    const { links } = await drawn('Ver <https://y.org/?q="a"&z=1>');
    assert.deepEqual(links, [{ text: 'https://y.org/?q="a"&z=1', target: 'https://y.org/?q=%22a%22&z=1' }]);
  });

  it('keeps as text what is not markup: a tag-like word, a link definition, an indented block, a heading', async () => {
    const { paras } = await drawn(
      'Escriba a <nombre> hoy.\n\n[1]: https://ley.gob.mx\n\n    sangría\n\n# Título\n\nLínea<br>otra',
    );
    assert.deepEqual(
      paras.map((p) => p.text),
      ['Escriba a <nombre> hoy.', '[1]: https://ley.gob.mx', 'sangría', 'Título', 'Línea\notra'],
    );
    assert.ok(
      runs(paras[3]!).every((r) => r.b),
      'a heading is bold',
    );
  });

  it('draws a pasted table as a Word table', async () => {
    const { xml } = await drawn('| Año | Cursos |\n| --- | --- |\n| 2024 | 12 |');
    assert.match(xml, /<w:tbl>/);
    assert.equal([...xml.matchAll(/<w:tc>/g)].length, 4);
  });

  it('opens the first paragraph with the part’s name, or puts it above a list', async () => {
    const name = [new TextRun({ text: 'Cargo: ', bold: true })];
    assert.deepEqual((await drawn('Director\nDirección General', { opening: name })).texts, [
      'Cargo: Director\nDirección General',
    ]);
    assert.deepEqual((await drawn('- uno\n- dos', { opening: name })).texts, ['Cargo: ', 'uno', 'dos']);
    assert.deepEqual((await drawn('', { opening: name })).texts, ['Cargo: ']);
  });

  it('tags every run with the language the official wrote in', async () => {
    const { xml } = await drawn('Hello **world**', { language: 'en-US' });
    assert.equal([...xml.matchAll(/<w:lang w:val="en-US"\/>/g)].length, 2);
  });
});
