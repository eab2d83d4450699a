import assert from 'node:assert/strict';
import { blocksFromMessages, blocksFromText, looksLikeWholeFormat } from '../../../dialogs/core/importing/fromText.js';
import { seedText } from './seedItems.js';

/* The format pasted as text: paragraphs, bold labels, and telling a whole format from one answer. */

describe('importing: pasted text (pure)', () => {
  it('a blank line ends a paragraph; the lines of one paragraph stay together; a bold paragraph is emphasis', () => {
    assert.deepEqual(
      blocksFromText('**Institución:**\r\n\r\nSecretaría de la Función Pública\n\n\n- uno\n- dos\n  \nfin  '),
      [
        { text: '**Institución:**', emphasis: true },
        { text: 'Secretaría de la Función Pública' },
        { text: '- uno\n- dos' },
        { text: 'fin' },
      ],
    );
    assert.deepEqual(blocksFromText('**Institución:** Autoridad'), [{ text: '**Institución:** Autoridad' }]);
    assert.deepEqual(blocksFromText('  \n\n '), []);
  });

  it('several messages are read as one document, in order', () => {
    assert.deepEqual(blocksFromMessages(['1. Institución: SFP', '2. Título: Tablero\n\nmás']), [
      { text: '1. Institución: SFP' },
      { text: '2. Título: Tablero' },
      { text: 'más' },
    ]);
  });

  it('tells a pasted format from an ordinary answer', () => {
    assert.equal(looksLikeWholeFormat(seedText('panama')), true);
    assert.equal(looksLikeWholeFormat(seedText('mexico')), true);
    assert.equal(looksLikeWholeFormat('Institución: SFP\nTítulo: Tablero público\nContacto: Eduardo Vargas'), true);
    for (const answer of [
      'El tablero público de seguimiento tiene el objetivo de que todas las personas puedan conocer los avances, y su resultado: más transparencia.',
      'Resultado: la participación aumentó. Seguimiento: trimestral. Contacto: upagci@funcionpublica.gob.mx',
      'Título: Tablero público\nTema que aborda: rendición de cuentas\nMateria de la Convención: artículo III, numeral 11',
      'Nombre: Eduardo Vargas\nCargo: Director de Gobierno Abierto\nCorreo: evargas@funcionpublica.gob.mx',
      '1. Institución: SFP\n2. Título: Tablero público',
    ])
      assert.equal(looksLikeWholeFormat(answer), false, answer);
    assert.equal(looksLikeWholeFormat('1. Institución: SFP\n2. Título: Tablero público', 2), true);
  });
});
