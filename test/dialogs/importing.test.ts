import assert from 'node:assert/strict';
import type { Locale } from '../../dialogs/core/normalize.js';
import type { Reply } from '../../dialogs/core/views.js';
import { mexico, panama } from '../fixtures/seeds.js';
import { world } from '../support/world.js';

/*
 * The whole format at once, as the engine gets it (a Word file read by the edge, or text pasted in one or
 * several messages): one report of what was found, then only what is missing is asked; an open draft with
 * answers is never touched unless the official says so, and then nothing in it is overwritten.
 */

const TEAMS_LOCALE: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-FR' };

/** The template's labels in each language, as an office that translated the form would have them. */
const LABELS: Record<Locale, string[]> = {
  es: [
    'Institución',
    'Título',
    'Descripción de la buena práctica',
    'Razones e importancia',
    'Enfoque',
    'Implementación',
    'Resultado',
    'Potencial para cooperación técnica',
    'Seguimiento',
    'Lecciones aprendidas',
    'Documentos',
    'Persona de contacto',
  ],
  en: [
    'Institution',
    'Title',
    'Description of the good practice',
    'Reasons and importance',
    'Approach',
    'Implementation',
    'Result',
    'Potential for technical cooperation',
    'Follow-up',
    'Lessons learned',
    'Documents',
    'Contact person',
  ],
  pt: [
    'Instituição',
    'Título',
    'Descrição da boa prática',
    'Razões e importância',
    'Enfoque',
    'Implementação',
    'Resultado',
    'Potencial para cooperação técnica',
    'Acompanhamento',
    'Lições aprendidas',
    'Documentos',
    'Pessoa de contato',
  ],
  fr: [
    'Institution',
    'Titre',
    'Description de la bonne pratique',
    'Raisons et importance',
    'Approche',
    'Mise en œuvre',
    'Résultat',
    'Potentiel de coopération technique',
    'Suivi',
    'Leçons apprises',
    'Documents',
    'Personne de contact',
  ],
};

/** What each language's report and next question must say. */
const SAYS: Record<Locale, { read: RegExp; asks: RegExp; newDraft: RegExp; fill: RegExp; unchanged: RegExp }> = {
  es: {
    read: /He leído el formato pegado: 11 de 12 campos completos/,
    asks: /¿De qué Estado Parte es la institución\?/,
    newDraft: /borrador nuevo; su borrador «.*» sigue igual/,
    fill: /^Rellenar «/,
    unchanged: /sin cambiar lo que ya tenía/,
  },
  en: {
    read: /I have read the pasted format: 11 of 12 fields complete/,
    asks: /Which State Party is the institution from\?/,
    newDraft: /new draft; your draft “.*” is unchanged/,
    fill: /^Fill “/,
    unchanged: /without changing what it already had/,
  },
  pt: {
    read: /Li o formato colado: 11 de 12 campos completos/,
    asks: /De qual Estado Parte é a instituição\?/,
    newDraft: /rascunho novo; o seu rascunho “.*” não mudou/,
    fill: /^Preencher “/,
    unchanged: /sem mudar o que já havia/,
  },
  fr: {
    read: /J’ai lu le formulaire collé : 11 champs remplis sur 12/,
    asks: /De quel État partie relève l['’]institution/,
    newDraft: /nouveau brouillon ; votre brouillon « .* » n’a pas changé/,
    fill: /^Remplir « /,
    unchanged: /sans changer ce qu’il contenait déjà/,
  },
};

/** The Mexico seed as an office would paste it, its section labels in `locale` (the answers stay as written). */
function pasted(locale: Locale): string {
  const seed = mexico();
  const e = seed.expected;
  const answers = [
    e['institution.name'],
    `${LABELS[locale][1] === 'Title' ? 'Title' : 'Título'}: ${e['title.title']}\n${e['title.topic'] ?? ''}\n${e['title.provisions']}`,
    e['description.text'],
    e['reasons.text'],
    e['approach.text'],
    e['implementation.text'],
    e['result.text'],
    e['cooperation.text'],
    e['followUp.text'],
    e['lessons.text'],
    e['documents.text'],
    [e['contact.name'], e['contact.position'], e['contact.email'], e['contact.phone']].filter(Boolean).join('\n'),
  ];
  return LABELS[locale].map((label, i) => `${i + 1}. ${label}:\n\n${answers[i]}`).join('\n\n');
}

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n\n');

for (const locale of ['es', 'en', 'pt', 'fr'] as const) {
  describe(`Importing the whole format (dialog, ${locale})`, () => {
    const official = { id: `importer-${locale}`, name: 'Ana' };
    let seq = 0;
    const turn = (w: Awaited<ReturnType<typeof world>>, text: string) =>
      w.engine.turn({ official, text, locale: TEAMS_LOCALE[locale], activityId: `m${++seq}` });

    it('a pasted format fills a new draft, reports each field, and asks only the State it lacks', async () => {
      const w = await world();
      const replies = await turn(w, pasted(locale));
      const report = replies.find((r) => r.view?.type === 'imported');
      assert.ok(report, texts(replies));
      assert.match(report.text, SAYS[locale].read);
      const question = replies.at(-1)!;
      assert.equal(question.view?.type, 'question');
      assert.match(question.text, SAYS[locale].asks);

      const [draft] = await w.drafts.listByOwner(official.id);
      const expected = mexico().expected;
      for (const id of ['institution.name', 'description.text', 'lessons.text', 'contact.email'])
        assert.equal(draft!.answers[id]?.text, expected[id], id);
      assert.equal(draft!.answers['institution.state'], undefined, 'the seed names no State');
      assert.equal(draft!.cursor.step, 'institution.state');

      // The one missing part answered, the draft is complete and the review follows.
      const after = await turn(w, 'México');
      assert.equal(after.at(-1)!.view?.type, 'review', texts(after));
    });

    it('an open draft with answers is left alone; "fill it instead" merges without overwriting', async () => {
      const w = await world();
      const seed = panama();
      for (const text of ['nuevo', ...seed.inputs.slice(0, 3)]) await turn(w, text);
      const [mine] = await w.drafts.listByOwner(official.id);
      const before = structuredClone(mine!.answers);

      const replies = await turn(w, pasted(locale));
      const view = replies.find((r) => r.view?.type === 'imported')?.view;
      assert.ok(view?.type === 'imported');
      assert.match(view.summary, SAYS[locale].newDraft);
      assert.equal(
        (await w.drafts.get(official.id, mine!.id))!.answers['institution.name']?.text,
        before['institution.name']?.text,
      );
      assert.equal((await w.drafts.listByOwner(official.id)).length, 2);

      const merged = await w.engine.turn({
        official,
        text: '',
        locale: TEAMS_LOCALE[locale],
        activityId: `m${++seq}`,
        action: { kind: 'merge', from: view.draft.id, into: view.other!.id },
      });
      const mergedView = merged.find((r) => r.view?.type === 'imported');
      assert.match(mergedView!.text, SAYS[locale].unchanged);
      const drafts = await w.drafts.listByOwner(official.id);
      assert.equal(drafts.length, 1, 'the imported draft is set aside, not listed');
      const filled = drafts[0]!;
      assert.equal(filled.id, mine!.id);
      assert.equal(filled.answers['institution.name']!.text, before['institution.name']!.text, 'not overwritten');
      assert.equal(filled.answers['institution.state']!.value, 'PA', 'its own State kept');
      assert.equal(filled.answers['description.text']!.text, mexico().expected['description.text'], 'gaps filled');
    });

    it('"replace" pours a revised document into the open draft, its text winning where they differ', async () => {
      const w = await world();
      const seed = panama();
      for (const text of ['nuevo', ...seed.inputs.slice(0, 3)]) await turn(w, text);
      const [mine] = await w.drafts.listByOwner(official.id);
      const replies = await turn(w, pasted(locale));
      const view = replies.find((r) => r.view?.type === 'imported')?.view;
      assert.ok(view?.type === 'imported' && view.other);
      await w.engine.turn({
        official,
        text: '',
        locale: TEAMS_LOCALE[locale],
        activityId: `m${++seq}`,
        action: { kind: 'merge', from: view.draft.id, into: view.other.id, replace: true },
      });
      const filled = (await w.drafts.get(official.id, mine!.id))!;
      assert.equal(filled.answers['institution.name']!.text, mexico().expected['institution.name'], 'replaced');
      assert.equal(filled.answers['institution.state']!.value, 'PA', 'what the document lacks is kept');
      assert.equal((await w.drafts.listByOwner(official.id)).length, 1);
    });

    it('a format pasted in two messages goes into one draft', async () => {
      const w = await world();
      const all = pasted(locale);
      const cut = all.indexOf('\n\n7. ');
      await turn(w, all.slice(0, cut));
      const second = await turn(w, all.slice(cut + 2));
      assert.ok(
        second.some((r) => r.view?.type === 'imported'),
        texts(second),
      );
      const drafts = await w.drafts.listByOwner(official.id);
      assert.equal(drafts.length, 1);
      // Both halves landed: the first message's last field and the second's first, each whole.
      assert.equal(drafts[0]!.answers['implementation.text']?.text, mexico().expected['implementation.text']);
      assert.match(drafts[0]!.answers['result.text']?.text ?? '', /^El resultado final esperado/);
      assert.equal(drafts[0]!.answers['contact.email']?.text, mexico().expected['contact.email']);
    });

    it('a document that could not be read changes nothing and says what to do', async () => {
      const w = await world();
      const replies = await w.engine.turn({
        official,
        text: '',
        locale: TEAMS_LOCALE[locale],
        activityId: `m${++seq}`,
        document: { name: 'práctica.pdf', refused: 'pdf' },
      });
      assert.match(texts(replies), /práctica\.pdf/);
      assert.match(texts(replies), /PDF/);
      assert.deepEqual(await w.drafts.listByOwner(official.id), []);
    });
  });
}

describe('Importing: what is not an import', () => {
  it('a narrative answer with a few sub-headings stays the answer to its field', async () => {
    const w = await world();
    const official = { id: 'subheadings' };
    let n = 0;
    const say = (text: string) => w.engine.turn({ official, text, locale: 'es', activityId: `s${++n}` });
    for (const text of ['nuevo', '1', 'Autoridad Nacional de Transparencia', 'Panamá']) await say(text);
    await say('editar 3');
    const narrative =
      'El programa tuvo tres etapas a lo largo de dos años.\n' +
      'Implementación: en 2019 se formó a 300 servidores públicos de diez instituciones.\n' +
      'Resultado: el 40% de las instituciones publicó sus datos de contratación.\n' +
      'Seguimiento: informes trimestrales al comité de ética, que los hace públicos.';
    const replies = await say(narrative);
    assert.ok(!replies.some((r) => r.view?.type === 'imported'), 'not taken for a pasted format');
    const drafts = await w.drafts.listByOwner(official.id);
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.answers['description.text']?.text, narrative);
  });

  it('"fill it instead" naming the same draft twice, or a draft that was not imported, changes nothing', async () => {
    const w = await world();
    const official = { id: 'merge-self' };
    await w.engine.turn({ official, text: 'nuevo', locale: 'es', activityId: 'x1' });
    await w.engine.turn({ official, text: '1', locale: 'es', activityId: 'x2' });
    const [draft] = await w.drafts.listByOwner(official.id);
    const replies = await w.engine.turn({
      official,
      text: '',
      locale: 'es',
      activityId: 'x3',
      action: { kind: 'merge', from: draft!.id, into: draft!.id },
    });
    assert.match(texts(replies), /anterior|ya/i);
    const after = await w.drafts.get(official.id, draft!.id);
    assert.equal(after?.deleted, undefined, 'not deleted');
  });
});
