import assert from 'node:assert/strict';
import type { Draft } from '../../dialogs/core/draft.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { Locale } from '../../dialogs/core/normalize.js';
import { label, provisionById } from '../../dialogs/core/reference.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';

/*
 * Several parts of a field in one message, in each language: what is stored in the draft and what the
 * official is told. Fields 3 to 11 are the Panama seed's answers, so the chat reaches the contact.
 */

const TEAMS_LOCALE: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-CA' };

interface Case {
  institution: string;
  name: string;
  stateCode: string;
  title: string;
  stored: { title: string; topic?: string; provisions: string };
  ids: string[];
  contact: string;
  contactStored: { name: string; position: string; email: string; phone?: string };
}

const CASES: Record<Locale, Case> = {
  es: {
    institution: 'Autoridad Nacional de Transparencia y Acceso a la Información; Panamá',
    name: 'Autoridad Nacional de Transparencia y Acceso a la Información',
    stateCode: 'PA',
    title:
      'Título: Curso de gobierno abierto en línea Tema que aborda: participación ciudadana en la prevención ' +
      'Materia de la Convención / Disposición: artículo III, numerales 8 y 11',
    stored: {
      title: 'Curso de gobierno abierto en línea',
      topic: 'participación ciudadana en la prevención',
      provisions: 'artículo III, numerales 8 y 11',
    },
    ids: ['III.8', 'III.11'],
    contact: 'María Pérez, Directora de Transparencia, maria.perez@antai.gob.pa, +507 527 9270',
    contactStored: {
      name: 'María Pérez',
      position: 'Directora de Transparencia',
      email: 'maria.perez@antai.gob.pa',
      phone: '+507 527 9270',
    },
  },
  en: {
    institution: 'Office of the Inspector General, The Bahamas',
    name: 'Office of the Inspector General',
    stateCode: 'BS',
    title:
      'Title: Open government course for officials\nSubject: citizen participation in prevention\n' +
      'Provisions: Article III, paragraphs 8 and 11',
    stored: {
      title: 'Open government course for officials',
      topic: 'citizen participation in prevention',
      provisions: 'Article III, paragraphs 8 and 11',
    },
    ids: ['III.8', 'III.11'],
    contact: 'Jane Smith, Director of Integrity, jane.smith@oig.gov.bs, +1 242 555 0100',
    contactStored: {
      name: 'Jane Smith',
      position: 'Director of Integrity',
      email: 'jane.smith@oig.gov.bs',
      phone: '+1 242 555 0100',
    },
  },
  pt: {
    institution: 'Controladoria-Geral da União\nBrasil',
    name: 'Controladoria-Geral da União',
    stateCode: 'BR',
    title: 'Curso de governo aberto para servidores; artigo III, incisos 8 e 11',
    stored: { title: 'Curso de governo aberto para servidores', provisions: 'artigo III, incisos 8 e 11' },
    ids: ['III.8', 'III.11'],
    contact: 'João Silva; Diretor de Transparência; joao.silva@cgu.gov.br',
    contactStored: { name: 'João Silva', position: 'Diretor de Transparência', email: 'joao.silva@cgu.gov.br' },
  },
  fr: {
    institution: 'Institution : Unité de lutte contre la corruption\nÉtat partie : Haïti',
    name: 'Unité de lutte contre la corruption',
    stateCode: 'HT',
    title:
      'Titre : Cours de gouvernement ouvert en ligne\nThème : participation citoyenne à la prévention\n' +
      'Dispositions : article III (4, 9) et IX',
    stored: {
      title: 'Cours de gouvernement ouvert en ligne',
      topic: 'participation citoyenne à la prévention',
      provisions: 'article III (4, 9) et IX',
    },
    ids: ['III.4', 'III.9', 'IX'],
    contact: "Marie Dupont, Directrice de l'intégrité, marie.dupont@ulcc.gouv.ht, +509 2222 3333",
    contactStored: {
      name: 'Marie Dupont',
      position: "Directrice de l'intégrité",
      email: 'marie.dupont@ulcc.gouv.ht',
      phone: '+509 2222 3333',
    },
  },
};

async function draftOf(w: Awaited<ReturnType<typeof world>>, aad: string): Promise<Draft> {
  const draft = (await w.drafts.listByOwner(aad))[0];
  assert.ok(draft, 'a draft is open');
  return draft;
}

const header = (w: Awaited<ReturnType<typeof world>>, lang: Locale, n: number, key: string) =>
  w.catalog
    .texts(lang)
    .t('question.header', { n, total: FIELDS.length, label: w.catalog.texts(lang).t(`fields.${key}.label`) })
    .replace(/\*\*/g, '');

describe('Several parts in one answer (dialog, four languages)', () => {
  for (const lang of Object.keys(CASES) as Locale[]) {
    const c = CASES[lang];
    it(`${lang}: the institution and its State, the title with its provisions, a one-line contact`, async () => {
      const w = await world();
      const tx = w.catalog.texts(lang);
      const aad = `aad-multi-${lang}`;
      const chat = new Chat(w, { aad, locale: TEAMS_LOCALE[lang] });
      await chat.say('new');
      await chat.say('1');

      const first = await chat.say(c.institution);
      const stateName = tx.t('fields.institution.parts.state.name');
      assert.ok(first.includes(`${stateName}:`), `the State is shown back as a part: ${first}`);
      assert.ok(first.includes(header(w, lang, 2, 'title')), `on to field 2: ${first}`);
      let draft = await draftOf(w, aad);
      assert.equal(draft.answers['institution.name']?.text, c.name);
      assert.equal(draft.answers['institution.state']?.value, c.stateCode);

      const second = await chat.say(c.title);
      for (const id of c.ids) {
        assert.ok(second.includes(id), `${id} is named: ${second}`);
        const name = label(provisionById(id)!, lang);
        assert.ok(second.includes(name.slice(0, 20)), `${id}'s name in ${lang}: ${second}`);
      }
      assert.ok(second.includes(header(w, lang, 3, 'description')), `on to field 3: ${second}`);
      draft = await draftOf(w, aad);
      assert.equal(draft.answers['title.title']?.text, c.stored.title);
      assert.equal(draft.answers['title.topic']?.text, c.stored.topic);
      assert.equal(draft.answers['title.provisions']?.text, c.stored.provisions);
      assert.deepEqual(draft.answers['title.provisions']?.value, c.ids);

      for (const input of panama().inputs.slice(6, 15)) await chat.say(input);
      const contact = await chat.say(c.contact);
      assert.ok(contact.includes(c.contactStored.email), contact);
      draft = await draftOf(w, aad);
      for (const [part, text] of Object.entries(c.contactStored))
        assert.equal(draft.answers[`contact.${part}`]?.text, text, part);
      assert.equal(draft.cursor.step, 'review', 'the whole contact in one line reaches the review');
    });
  }

  it('es: a bad e-mail inside a one-line contact keeps the other parts and asks only the e-mail again', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-bad-mail', locale: 'es-MX' });
    await chat.say('nuevo');
    await chat.say('1');
    await chat.say('editar 12');
    const reply = await chat.say('María Pérez, Directora de Transparencia, maria.perez@antai, +507 527 9270');
    assert.match(reply, /Guardado ✓ Nombre de la persona de contacto: María Pérez/);
    assert.match(reply, /maria\.perez@antai/, 'the wrong address is quoted');
    let draft = await draftOf(w, 'aad-bad-mail');
    assert.equal(draft.answers['contact.name']?.text, 'María Pérez', 'not the whole line as the name');
    assert.equal(draft.answers['contact.position']?.text, 'Directora de Transparencia');
    assert.equal(draft.answers['contact.phone']?.text, '+507 527 9270');
    assert.equal(draft.answers['contact.email'], undefined);
    assert.equal(draft.cursor.step, 'contact.email');
    await chat.say('maria.perez@antai.gob.pa');
    draft = await draftOf(w, 'aad-bad-mail');
    assert.equal(draft.answers['contact.email']?.value, 'maria.perez@antai.gob.pa');
  });

  it('en/pt: a labelled part that fails is asked again alone, with its error; the part that passed is kept', async () => {
    const w = await world();
    const en = new Chat(w, { aad: 'aad-bad-state', locale: 'en-US' });
    await en.say('new');
    await en.say('1');
    const reply = await en.say('Institution: Office of Public Integrity\nState Party: Narnia');
    assert.match(reply, /Saved ✓ Name of the institution: Office of Public Integrity/);
    assert.match(reply, /State Party/);
    assert.match(reply, /Narnia/);
    const draft = await draftOf(w, 'aad-bad-state');
    assert.equal(draft.answers['institution.name']?.text, 'Office of Public Integrity');
    assert.equal(draft.cursor.step, 'institution.state');

    const pt = new Chat(w, { aad: 'aad-bad-ref', locale: 'pt-BR' });
    await pt.say('novo');
    await pt.say('1');
    await pt.say('Controladoria-Geral da União; Brasil');
    const title = await pt.say('Título: Curso de governo aberto para servidores\nDisposições: artigo III, inciso 14');
    assert.match(title, /III\.14/, 'the provision that does not exist is named');
    const d = await draftOf(w, 'aad-bad-ref');
    assert.equal(d.answers['title.title']?.text, 'Curso de governo aberto para servidores');
    assert.equal(d.cursor.step, 'title.provisions');
  });

  it('es: a block without a required part keeps what it had and asks for the missing part', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-missing', locale: 'es-MX' });
    await chat.say('nuevo');
    await chat.say('1');
    await chat.say('Panamá: Autoridad Nacional de Transparencia');
    const reply = await chat.say('Curso de gobierno abierto en línea, tema: participación ciudadana');
    assert.match(reply, /Guardado ✓ Título: Curso de gobierno abierto en línea \/ Tema: participación ciudadana/);
    const draft = await draftOf(w, 'aad-missing');
    assert.equal(draft.answers['institution.state']?.value, 'PA');
    assert.equal(draft.answers['title.topic']?.text, 'participación ciudadana');
    assert.equal(draft.cursor.step, 'title.provisions', 'the provisions are asked next');
  });

  it('pt: a one-line contact without the position keeps the name and e-mail and asks for the position', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-no-position', locale: 'pt-BR' });
    await chat.say('novo');
    await chat.say('1');
    await chat.say('editar 12');
    const reply = await chat.say('João Silva, joao.silva@cgu.gov.br');
    assert.match(reply, /Salvo ✓ Nome da pessoa de contato: João Silva \/ E-mail: joao\.silva@cgu\.gov\.br/);
    const draft = await draftOf(w, 'aad-no-position');
    assert.equal(draft.answers['contact.name']?.text, 'João Silva');
    assert.equal(draft.answers['contact.email']?.value, 'joao.silva@cgu.gov.br');
    assert.equal(draft.cursor.step, 'contact.position');
  });

  it('a plain answer to the first part is kept whole, as before', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-plain', locale: 'es-MX' });
    await chat.say('nuevo');
    await chat.say('1');
    await chat.say('Ministerio de Justicia, Derechos Humanos y Cultos');
    const draft = await draftOf(w, 'aad-plain');
    assert.equal(draft.answers['institution.name']?.text, 'Ministerio de Justicia, Derechos Humanos y Cultos');
    assert.equal(draft.cursor.step, 'institution.state');
  });

  it('fr/es: the provisions step names what it recognised, and what it did not', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-prov-fr', locale: 'fr-CA' });
    await chat.say('nouveau');
    await chat.say('1');
    await chat.say('Unité de lutte contre la corruption; Haïti');
    await chat.say('Cours de gouvernement ouvert en ligne');
    await chat.say('omitir');
    const ok = await chat.say('article III, paragraphes 8 et 11');
    assert.match(ok, /III\.8 /);
    assert.ok(ok.includes(label(provisionById('III.11')!, 'fr').slice(0, 20)), ok);
    const es = new Chat(w, { aad: 'aad-prov-es', locale: 'es-MX' });
    await es.say('nuevo');
    await es.say('1');
    await es.say('Autoridad Nacional de Transparencia; Panamá');
    await es.say('Curso de gobierno abierto en línea');
    await es.say('omitir');
    assert.match(await es.say('artículo XXX'), /XXX/);
    assert.match(await es.say('III.8 y III.14'), /III\.14/);
  });
});
