import assert from 'node:assert/strict';
import { contactBlock } from '../../dialogs/core/contactBlock.js';
import { contactLine, institutionParts, titleParts } from '../../dialogs/core/splitParts.js';
import { mexico, panama } from '../fixtures/seeds.js';

/* Taking one message apart into a field's parts, pure: only when it clearly holds several. */

describe('splitting one answer into parts (pure)', () => {
  it('field 1: the institution and a State Party after a separator, on two lines, or labelled', () => {
    const name = 'Autoridad Nacional de Transparencia y Acceso a la Información';
    for (const [text, state] of [
      [`${name}; Panamá`, 'Panamá'],
      [`${name}, Panama`, 'Panama'],
      [`${name}\nPanamá`, 'Panamá'],
      [`${name} - Panamá.`, 'Panamá'],
      [`${name} (Panamá)`, 'Panamá'],
      [`Institución: ${name} Estado Parte: Panamá`, 'Panamá'],
      [`**Institución:** ${name}\n**Estado Parte:** Panamá`, 'Panamá'],
    ] as const)
      assert.deepEqual(institutionParts(text), { name, state }, text);
    assert.deepEqual(institutionParts('Institution: Office of the Inspector General\nState Party: The Bahamas'), {
      name: 'Office of the Inspector General',
      state: 'The Bahamas',
    });
    assert.deepEqual(institutionParts('Instituição: Controladoria-Geral da União; Estado Parte: Brasil'), {
      name: 'Controladoria-Geral da União',
      state: 'Brasil',
    });
    assert.deepEqual(institutionParts('Institution : Unité anticorruption\nÉtat partie : Haïti'), {
      name: 'Unité anticorruption',
      state: 'Haïti',
    });
  });

  it('field 1: the State first, or only the State labelled after the institution', () => {
    assert.deepEqual(institutionParts('Panamá: Autoridad Nacional de Transparencia'), {
      name: 'Autoridad Nacional de Transparencia',
      state: 'Panamá',
    });
    assert.deepEqual(institutionParts('Brasil - Controladoria-Geral da União'), {
      name: 'Controladoria-Geral da União',
      state: 'Brasil',
    });
    assert.deepEqual(institutionParts('ANTAI; Estado Parte: Panamá'), { name: 'ANTAI', state: 'Panamá' });
    assert.deepEqual(institutionParts('Office of the Inspector General. State Party: Jamaica'), {
      name: 'Office of the Inspector General',
      state: 'Jamaica',
    });
    assert.equal(institutionParts('Procuraduría del Estado: Oficina Anticorrupción'), undefined);
  });

  it('field 1: a plain institution is left whole, even with commas or a State in its name', () => {
    for (const text of [
      'Autoridad Nacional de Transparencia y Acceso a la Información.',
      'Secretaría de la Función Pública',
      'Ministerio de Justicia, Derechos Humanos y Cultos',
      'Contraloría General de la República de Costa Rica',
      'Institución: Contraloría General de la República',
    ])
      assert.equal(institutionParts(text), undefined, text);
  });

  it('field 2: labelled as in the template in four languages, or one part per line or between separators', () => {
    assert.deepEqual(
      titleParts('Título: Curso virtual Tema que aborda: participación Materia de la Convención / Disposición: III.11'),
      { title: 'Curso virtual', topic: 'participación', provisions: 'III.11' },
    );
    assert.deepEqual(
      titleParts('Title: Open data portal\nTopic: transparency\nConvention provisions: III.4 to III.6'),
      {
        title: 'Open data portal',
        topic: 'transparency',
        provisions: 'III.4 to III.6',
      },
    );
    assert.deepEqual(titleParts('Título: Portal de dados abertos\nDisposições: artigo III, incisos 8 e 11'), {
      title: 'Portal de dados abertos',
      provisions: 'artigo III, incisos 8 e 11',
    });
    assert.deepEqual(titleParts('Titre : Portail\nThème : transparence\nDispositions : article III, paragraphe 4'), {
      title: 'Portail',
      topic: 'transparence',
      provisions: 'article III, paragraphe 4',
    });
    assert.deepEqual(titleParts('Tablero público; tema: rendición de cuentas; artículo III, numeral 11'), {
      title: 'Tablero público',
      topic: 'rendición de cuentas',
      provisions: 'artículo III, numeral 11',
    });
    assert.deepEqual(titleParts('Curso de gobierno abierto\nIII.8 y III.11'), {
      title: 'Curso de gobierno abierto',
      provisions: 'III.8 y III.11',
    });
  });

  it('field 2: a title followed by one labelled part', () => {
    assert.deepEqual(titleParts('Curso de gobierno abierto. Disposiciones: III.11'), {
      title: 'Curso de gobierno abierto',
      provisions: 'III.11',
    });
    assert.deepEqual(titleParts('Curso virtual, tema: integridad pública'), {
      title: 'Curso virtual',
      topic: 'integridad pública',
    });
  });

  it('field 2: a title then a citation after a comma, a dash or in brackets', () => {
    for (const [text, title, provisions] of [
      [
        'Portal de datos abiertos, artículo III, numerales 8 y 11',
        'Portal de datos abiertos',
        'artículo III, numerales 8 y 11',
      ],
      ['Open data portal - Article III, paragraphs 8 and 11', 'Open data portal', 'Article III, paragraphs 8 and 11'],
      ['Portal de dados abertos (artigo III, incisos 8 e 11)', 'Portal de dados abertos', 'artigo III, incisos 8 e 11'],
      ['Portail de données ouvertes : III.8 et III.11', 'Portail de données ouvertes', 'III.8 et III.11'],
    ] as const)
      assert.deepEqual(titleParts(text), { title, provisions }, text);
  });

  it('field 2: a title alone stays whole, even when it names the article it relates to', () => {
    for (const text of [
      'Curso de gobierno abierto en la academia virtual',
      'Título: Tablero público de seguimiento a los Planes de Acción',
      'Curso de gobierno abierto, se relaciona con el artículo III numeral 11',
      'Portal de transparencia; datos abiertos para todos',
    ])
      assert.equal(titleParts(text), undefined, text);
  });

  it('field 12 on one line or labelled; a malformed address is still taken as the e-mail', () => {
    assert.deepEqual(contactBlock('María Pérez, Directora de Transparencia, maria.perez@antai.gob.pa, +507 527 9270'), {
      name: 'María Pérez',
      position: 'Directora de Transparencia',
      email: 'maria.perez@antai.gob.pa',
      phone: '+507 527 9270',
    });
    assert.deepEqual(contactLine('Jane Smith; Director, Integrity Unit; jane@oig.gov'), {
      name: 'Jane Smith',
      position: 'Director, Integrity Unit',
      email: 'jane@oig.gov',
    });
    assert.equal(contactBlock('Ana Ruiz, Jefa de Ética, ana.ruiz@sfp')?.email, 'ana.ruiz@sfp');
    assert.deepEqual(
      contactBlock('Nome: João Silva Cargo: Diretor E-mail: joao@cgu.gov.br Telefone: +55 61 2020 6000'),
      {
        name: 'João Silva',
        position: 'Diretor',
        email: 'joao@cgu.gov.br',
        phone: '+55 61 2020 6000',
      },
    );
    assert.equal(contactBlock('Marie Dupont\nDirectrice\nmarie@justice')?.email, 'marie@justice');
  });

  it('field 12: labelled lines in es/en/pt/fr, without their labels', () => {
    assert.deepEqual(contactBlock('Nombre: Ana Ruiz\nCargo: Jefa de Ética\nCorreo electrónico: ana.ruiz@sfp.gob.mx'), {
      name: 'Ana Ruiz',
      position: 'Jefa de Ética',
      email: 'ana.ruiz@sfp.gob.mx',
    });
    assert.deepEqual(
      contactBlock('Name: Jane Smith\nPosition: Director\nEmail: jane@oig.gov\nPhone: +1 242 555 0100'),
      {
        name: 'Jane Smith',
        position: 'Director',
        email: 'jane@oig.gov',
        phone: '+1 242 555 0100',
      },
    );
    assert.deepEqual(contactBlock('Nom : Marie Dupont\nFonction : Directrice\nCourriel : marie@justice.gouv.ht'), {
      name: 'Marie Dupont',
      position: 'Directrice',
      email: 'marie@justice.gouv.ht',
    });
  });

  it('field 12: a name or an e-mail alone is not split', () => {
    for (const text of ['Lic. Carmen C. Montenegro', 'correo cmontenegro@antai.gob.pa', 'maria.perez@antai.gob.pa'])
      assert.equal(contactBlock(text), undefined, text);
  });

  it('the two real submissions are not split anywhere but at the pasted contact', () => {
    for (const seed of [panama(), mexico()]) {
      const split = seed.inputs.filter((t) => institutionParts(t) || titleParts(t) || contactLine(t));
      assert.deepEqual(split, [], seed.name);
    }
  });
});
