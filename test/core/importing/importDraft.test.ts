import assert from 'node:assert/strict';
import { REVIEW_STEP, SESSION_STEP, type Draft } from '../../../dialogs/core/draft.js';
import { blocksFromMessages, blocksFromText } from '../../../dialogs/core/importing/fromText.js';
import { preview } from '../../../dialogs/core/importing/report.js';
import { validatePart } from '../../../dialogs/core/validation.js';
import { CTX, emptyDraft, idsIn, importBlocks, textsOf } from './answersOf.js';
import { importedAnswers, seedPractice, seedText, type SeedName } from './seedItems.js';

/* A pasted or uploaded format read into a draft: checked as if typed, the rest asked one part at a time. */

const SEEDS: readonly SeedName[] = ['panama', 'mexico'];
const at = CTX.now.toISOString();
const withAnswer = (draft: Draft, id: string, text: string): Draft => ({
  ...draft,
  answers: { ...draft.answers, [id]: { text, lang: 'es', at: '2026-03-01T09:00:00.000Z' } },
});

describe('importing: a whole format into a draft (pure)', () => {
  for (const name of SEEDS) {
    it(`${name}: pasted whole, every part holds the text the field-by-field path keeps; the State is asked next`, () => {
      const imported = importBlocks(blocksFromText(seedText(name)));
      assert.deepEqual(textsOf(imported.draft), importedAnswers(name));
      assert.deepEqual(idsIn(imported, 'missing'), ['institution.state']);
      assert.deepEqual(idsIn(imported, 'failed'), []);
      assert.deepEqual(idsIn(imported, 'kept'), []);
      assert.deepEqual(imported.draft.cursor, { step: 'institution.state', failures: 0 });
      assert.equal(imported.draft.kind, 'practice');
      assert.equal(imported.report.recognised, true);
      assert.deepEqual(
        imported.report.fields.map((f) => f.field.key),
        [
          'institution',
          'title',
          'description',
          'reasons',
          'approach',
          'implementation',
          'result',
          'cooperation',
          'followUp',
          'lessons',
          'documents',
          'contact',
        ],
      );
    });

    it(`${name}: each answer is kept exactly as a typed one would be (value, language, time)`, () => {
      const { draft } = importBlocks(blocksFromText(seedText(name)));
      for (const [id, answer] of Object.entries(draft.answers)) {
        const typed = validatePart(id, answer.text);
        assert.ok(typed.ok, id);
        assert.deepEqual(answer, { ...typed.parsed, lang: 'es', at }, id);
      }
      assert.deepEqual(draft.answers['title.provisions']!.value, seedPractice(name).provisions);
    });

    it(`${name}: pasted in two messages, cut in the middle of the format`, () => {
      const text = seedText(name);
      const cut = text.indexOf('\n', Math.floor(text.length / 2));
      const imported = importBlocks(blocksFromMessages([text.slice(0, cut), text.slice(cut + 1)]));
      assert.deepEqual(textsOf(imported.draft), importedAnswers(name));
    });
  }

  it('Mexico cut between two paragraphs of one answer, and at a label', () => {
    const text = seedText('mexico');
    for (const cut of [text.indexOf('\n\nEn segundo lugar'), text.indexOf('\n\n7. Resultado')]) {
      const imported = importBlocks(blocksFromMessages([text.slice(0, cut), text.slice(cut)]));
      assert.deepEqual(textsOf(imported.draft), importedAnswers('mexico'));
    }
  });

  it('with nothing missing the official goes to the review; answered steps leave the skipped list', () => {
    const draft: Draft = {
      ...withAnswer(emptyDraft(), 'institution.state', 'México'),
      skipped: ['contact.phone', 'lessons.text'],
    };
    const imported = importBlocks(blocksFromText(seedText('mexico')), draft);
    assert.deepEqual(imported.draft.cursor, { step: REVIEW_STEP, failures: 0 });
    assert.deepEqual(imported.draft.skipped, []);
    assert.deepEqual(idsIn(imported, 'missing'), []);
    // Panama has no phone (optional): nothing is missing either.
    const panama = importBlocks(
      blocksFromText(seedText('panama')),
      withAnswer(emptyDraft(), 'institution.state', 'Panamá'),
    );
    assert.equal(panama.draft.cursor.step, REVIEW_STEP);
  });

  it('a session keeps its kind; one without its name is asked the name once the fields are done', () => {
    const session: Draft = { ...withAnswer(emptyDraft(), 'institution.state', 'México'), kind: 'session' };
    assert.equal(importBlocks(blocksFromText(seedText('mexico')), session).draft.cursor.step, SESSION_STEP);
    const named = importBlocks(blocksFromText(seedText('mexico')), {
      ...session,
      sessionName: 'Contrataciones abiertas',
    });
    assert.equal(named.draft.kind, 'session');
    assert.equal(named.draft.cursor.step, REVIEW_STEP);
  });

  it('a part that does not pass is reported with its error, as if typed, and asked first', () => {
    const text = seedText('panama').replace(/(12\. \*\*Contacto:\*\* .*)\.gob\.pa$/s, '$1');
    const draft = withAnswer(emptyDraft(), 'institution.state', 'Panamá');
    const imported = importBlocks(blocksFromText(text), draft);
    const contact = imported.report.fields.find((f) => f.field.key === 'contact')!;
    assert.deepEqual(
      contact.failed.map((f) => [f.id, f.error.key]),
      [['contact.email', 'errors.email']],
    );
    assert.deepEqual(
      contact.found.map((f) => f.id),
      ['contact.name', 'contact.position'],
    );
    assert.equal(imported.draft.answers['contact.email'], undefined);
    assert.deepEqual(imported.draft.cursor, { step: 'contact.email', failures: 0 });
  });

  it('overwrite off keeps what the draft says and reports it; on, replaces it; the same text changes nothing', () => {
    const before = withAnswer(emptyDraft(), 'institution.name', 'Autoridad Nacional de Transparencia (ANTAI)');
    const blocks = blocksFromText(seedText('panama'));
    const kept = importBlocks(blocks, before);
    assert.equal(kept.draft.answers['institution.name'], before.answers['institution.name']);
    assert.deepEqual(kept.report.fields[0]!.kept, [
      {
        part: kept.report.fields[0]!.field.parts[0],
        id: 'institution.name',
        preview: 'Autoridad Nacional de Transparencia (ANTAI)',
        imported: 'Autoridad Nacional de Transparencia y Acceso a la Información.',
      },
    ]);
    assert.ok(!idsIn(kept, 'found').includes('institution.name'));
    const replaced = importBlocks(blocks, before, { overwrite: true });
    assert.equal(
      replaced.draft.answers['institution.name']!.text,
      'Autoridad Nacional de Transparencia y Acceso a la Información.',
    );
    assert.equal(replaced.report.fields[0]!.found[0]!.replaced, true);
    // Importing the same document again: every answer is the same object, nothing reported kept.
    const again = importBlocks(blocks, replaced.draft, { now: new Date('2026-04-01T00:00:00.000Z') });
    assert.deepEqual(again.draft.answers, replaced.draft.answers);
    assert.deepEqual(idsIn(again, 'kept'), []);
  });

  it('a document with no label of the format leaves the draft as it was', () => {
    const draft = emptyDraft();
    const imported = importBlocks(blocksFromText('Buenos días, adjunto el documento.\n\nSaludos.'), draft);
    assert.equal(imported.draft, draft);
    assert.equal(imported.report.recognised, false);
    assert.equal(imported.report.ignored, 2);
  });

  it("the sustainability reminder of a description that does not mention it comes with the part's report", () => {
    const text =
      '1. Institución: Secretaría de la Función Pública\n\n3. Descripción de la buena práctica: Un tablero público que muestra los avances de cada compromiso del plan de acción nacional.';
    const imported = importBlocks(blocksFromText(text));
    const description = imported.report.fields.find((f) => f.field.key === 'description')!;
    assert.deepEqual(description.found[0]!.reminder, { key: 'reminders.sustainability' });
  });

  it('a contact on one line: the name, then the position in small letters; a name with particles stays whole', () => {
    const one = (contact: string) =>
      textsOf(importBlocks(blocksFromText(`1. Institución: SFP\n\n12. Contacto: ${contact}`)).draft);
    assert.deepEqual(one('Lic. Carmen C. Montenegro directora de transparencia, correo cmontenegro@antai.gob.pa'), {
      'institution.name': 'SFP',
      'contact.name': 'Lic. Carmen C. Montenegro',
      'contact.position': 'directora de transparencia',
      'contact.email': 'correo cmontenegro@antai.gob.pa',
    });
    assert.equal(one('María de los Ángeles Pérez, mperez@sfp.gob.mx')['contact.name'], 'María de los Ángeles Pérez');
  });

  it('previews are one line of at most 80 characters, cut at a word', () => {
    const long = seedPractice('panama').expected['description.text']!;
    const p = preview(long);
    assert.ok(p.length <= 80, p);
    assert.ok(p.endsWith('…'));
    assert.ok(long.startsWith(p.slice(0, -1)), p);
    assert.match(long.slice(p.length - 1), /^[\s,;:.]/);
    assert.equal(preview('- **Mtro. Eduardo Vargas Ortiz**\nDirector'), '- Mtro. Eduardo Vargas Ortiz Director');
  });
});
