import assert from 'node:assert/strict';
import { htmlToBlocks } from '../../bot/import/htmlBlocks.js';

/* mammoth's HTML, written as mammoth writes it, read into blocks. */

describe('import: mammoth’s HTML as blocks', () => {
  it('one block per paragraph, whitespace collapsed, entities decoded, empty ones dropped', () => {
    assert.deepEqual(htmlToBlocks('<p>  Datos\tabiertos &amp;&nbsp; transparencia  </p><p> </p><p></p><p>Fin</p>'), [
      { text: 'Datos abiertos & transparencia' },
      { text: 'Fin' },
    ]);
  });

  it('a paragraph all bold, or a heading, is emphasis without markers; bold within one is **…**', () => {
    assert.deepEqual(
      htmlToBlocks(
        '<p><strong>2. Título</strong> <strong>de la práctica</strong></p><h2>Sección <em>II</em></h2>' +
          '<p>El <strong>título </strong>y <em>el tema</em>, <strong><em>ambos</em></strong>.</p>',
      ),
      [
        { text: '2. Título de la práctica', emphasis: true },
        { text: 'Sección *II*', emphasis: true },
        { text: 'El **título** y *el tema*, ***ambos***.' },
      ],
    );
  });

  it('list items, nested ones too, each a block marked listItem', () => {
    assert.deepEqual(htmlToBlocks('<ol><li>uno<ol><li>uno.a</li></ol></li><li><strong>dos</strong></li></ol>'), [
      { text: 'uno', listItem: true },
      { text: 'uno.a', listItem: true },
      { text: 'dos', emphasis: true, listItem: true },
    ]);
  });

  it('a line break stays a line break', () => {
    assert.deepEqual(htmlToBlocks('<p>Juan Pérez<br />Director<br /><br /> juan@antai.gob.pa </p>'), [
      { text: 'Juan Pérez\nDirector\njuan@antai.gob.pa' },
    ]);
  });

  it('table cells: their row and column (merged cells counted), paragraphs a blank line apart, lists as "- " lines, empty cells dropped', () => {
    const html =
      '<table><thead><tr><th colspan="2"><p>Formato</p></th><th><p>Nota</p></th></tr></thead>' +
      '<tbody><tr><td rowspan="2"><p><strong>Contacto</strong></p><p><strong>(nombre)</strong></p></td>' +
      '<td><p>Ana</p><p>Directora</p></td><td><p></p></td></tr>' +
      '<tr><td><p>ana@x.org</p></td><td><ul><li>uno</li><li>dos</li></ul></td></tr></tbody></table>' +
      '<p>entre tablas</p><table><tr><td><p>segunda</p></td></tr></table>';
    assert.deepEqual(htmlToBlocks(html), [
      { text: 'Formato', cell: { table: 0, row: 0, col: 0 } },
      { text: 'Nota', cell: { table: 0, row: 0, col: 2 } },
      { text: 'Contacto\n\n(nombre)', emphasis: true, cell: { table: 0, row: 1, col: 0 } },
      { text: 'Ana\n\nDirectora', cell: { table: 0, row: 1, col: 1 } },
      { text: 'ana@x.org', cell: { table: 0, row: 2, col: 1 } },
      { text: '- uno\n- dos', cell: { table: 0, row: 2, col: 2 } },
      { text: 'entre tablas' },
      { text: 'segunda', cell: { table: 1, row: 0, col: 0 } },
    ]);
  });

  it('a table inside a cell is more lines of that cell', () => {
    const html =
      '<table><tr><td><p>fuera</p><table><tr><td><p>a</p></td><td><p>b</p></td></tr></table></td>' +
      '<td><p>al lado</p></td></tr></table>';
    assert.deepEqual(htmlToBlocks(html), [
      { text: 'fuera\n\na\n\nb', cell: { table: 0, row: 0, col: 0 } },
      { text: 'al lado', cell: { table: 0, row: 0, col: 1 } },
    ]);
  });

  it('footnote and endnote marks, and the notes themselves, are left out', () => {
    const html =
      '<p>Ley 6<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup> y Ley 9<sup><a href="#endnote-1" id="endnote-ref-1">[i]</a></sup>.</p>' +
      '<ol><li id="footnote-1"><p>Gaceta Oficial. <a href="#footnote-ref-1">↑</a></p></li></ol>' +
      '<ol><li id="endnote-1"><p>Otra nota. <a href="#endnote-ref-1">↑</a></p></li></ol>';
    assert.deepEqual(htmlToBlocks(html), [{ text: 'Ley 6 y Ley 9.' }]);
  });

  it('links keep their text, and their address when the text does not already say it', () => {
    const html =
      '<p><a href="http://www.antai.gob.pa/">www.antai.gob.pa</a>, <a href="mailto:ana@x.org">ana@x.org</a>, ' +
      '<a href="https://x.org/informe.pdf">el informe</a>, <a href="#_Toc1">la sección 3</a><a id="_Toc2"></a>, ' +
      '<a href="https://x.org/logo"><img src="" /></a></p>' +
      '<p><strong><a href="https://x.org/">Todo en negrita</a></strong></p>';
    assert.deepEqual(htmlToBlocks(html), [
      { text: 'www.antai.gob.pa, ana@x.org, el informe (https://x.org/informe.pdf), la sección 3, https://x.org/logo' },
      { text: 'Todo en negrita (https://x.org/)', emphasis: true },
    ]);
  });

  it('nothing at all gives no blocks', () => {
    assert.deepEqual(htmlToBlocks(''), []);
    assert.deepEqual(htmlToBlocks('<p><img src="" /></p><table><tr><td><p> </p></td></tr></table>'), []);
  });
});
