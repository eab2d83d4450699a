import assert from 'node:assert/strict';
import { isRepetitive, letterRatio, otherSchemes, withoutControls } from '../../dialogs/core/inlineChecks.js';
import { validatePart } from '../../dialogs/core/validation.js';
import { mexico, panama } from '../fixtures/seeds.js';

// Real writing that repeats words, lists laws and addresses, or quotes figures: none of it is garbage.
const REAL = [
  'Ley 22 de 2006\nLey 6 de 2002\nDecreto Ejecutivo 124 de 2017\nResolución 45 de 2019\nResolución 46 de 2019',
  'https://www.antai.gob.pa/informe-2019.pdf\nhttps://www.antai.gob.pa/informe-2020.pdf\nwww.gacetaoficial.gob.pa/ley22',
  'En 2019 se capacitó a 1.245 funcionarios; en 2020, a 2.310; en 2021, a 3.002, con una evaluación de 8,7 sobre 10.',
  'The practice was evaluated in 2020, evaluated again in 2021 and evaluated a third time in 2022 by a different team.',
  'Formation, formation et encore formation : le programme a formé les agents, puis les cadres, puis les élus locaux.',
  'A prática foi implementada em três etapas: diagnóstico, implementação e avaliação, cada uma com relatório público.',
];

describe('Quality checks on answers (pure)', () => {
  it('never takes the two real submissions, nor real repetitive-looking writing, for garbage', () => {
    for (const seed of [panama(), mexico()])
      for (const [id, text] of Object.entries(seed.expected)) {
        assert.equal(isRepetitive(text), false, `${seed.name} ${id}`);
        const result = validatePart(id, text);
        assert.ok(result.ok, `${seed.name} ${id}: ${JSON.stringify(!result.ok && result.error)}`);
      }
    for (const text of REAL) assert.equal(isRepetitive(text), false, text);
    for (const text of REAL.slice(2)) assert.ok(letterRatio(text) >= 0.5, text);
  });

  it('finds one character, a short unit, or a line repeated over most of the text', () => {
    for (const text of [
      'a'.repeat(30_000),
      'ñ'.repeat(25),
      '-_'.repeat(400),
      'Informe.\n'.repeat(50),
      'Ver el documento adjunto en la carpeta compartida. '.repeat(20),
      `Introducción breve. ${'La práctica es buena. '.repeat(40)}`,
    ])
      assert.equal(isRepetitive(text), true, text.slice(0, 40));
  });

  it('takes only http(s) and www. as links; a misspelt http is left to the "cannot be opened" message', () => {
    assert.deepEqual(otherSchemes('ver javascript:alert(1) y FILE:///C:/x.pdf'), [
      'javascript:alert(1)',
      'FILE:///C:/x.pdf',
    ]);
    assert.deepEqual(otherSchemes('ver ssh://host, ms-word:ofe|u|https://x.org/a.docx'), [
      'ssh://host',
      'ms-word:ofe|u|https://x.org/a.docx',
    ]);
    assert.deepEqual(otherSchemes('https://www.x.gob.pa, htps://x.org, Nota: ver www.x.org; hora 10:30'), []);
  });

  it('removes control characters and keeps tabs and line breaks', () => {
    assert.equal(withoutControls('a\u0000b\u0008c\td\ne\r\nf\u007f\u009fg\u200dh'), 'abc\td\ne\r\nfg\u200dh');
    const result = validatePart('institution.name', '\u0007Oficina\u0000 Anticorrupción\u001b');
    assert.ok(result.ok && result.parsed.text === 'Oficina Anticorrupción');
  });
});
