import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { newDraft, stepsOf, transition } from '../../dialogs/core/draft.js';
import {
  FIELDS,
  partOf,
  partsOf,
  type Field,
  type PartId,
  type PartInput,
  type PartRole,
} from '../../dialogs/core/fields.js';
import { parseProvisions } from '../../dialogs/core/provisions.js';
import { findState } from '../../dialogs/core/reference.js';
import { problems, validatePart } from '../../dialogs/core/validation.js';
import { SubmissionService } from '../../dialogs/core/submission.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { CounterRepository } from '../../storage/repositories/counters.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { mexico } from '../fixtures/seeds.js';

const es = JSON.parse(readFileSync(new URL('../../bot/locales/es.json', import.meta.url), 'utf8')) as {
  fields: Record<
    string,
    {
      label: string;
      question: string;
      guidance: string;
      example: string;
      parts?: Record<string, { prompt: string; name: string }>;
    }
  >;
  errors: Record<string, string>;
};

const field = (key: Field['key']) => FIELDS.find((f) => f.key === key)!;

describe('The field table', () => {
  it(`holds the ${FIELDS.length} fields of the standard format, numbered 1 to ${FIELDS.length}, keys unique`, () => {
    assert.deepEqual(
      FIELDS.map((f) => f.number),
      FIELDS.map((_, i) => i + 1),
    );
    assert.equal(new Set(FIELDS.map((f) => f.key)).size, FIELDS.length);
  });

  it('has a label, question, guidance and example for every field, and a prompt for every part of a multi-part field', () => {
    for (const f of FIELDS) {
      const t = es.fields[f.key];
      assert.ok(t?.label && t.question && t.guidance && t.example, `texts for ${f.key}`);
      if (f.parts.length > 1)
        for (const p of f.parts) assert.ok(t.parts?.[p.key]?.prompt && t.parts[p.key]?.name, `${f.key}.${p.key}`);
    }
  });

  it('field 1 takes the State, field 2 the provisions, the contact field name, position, e-mail and phone', () => {
    assert.deepEqual(
      FIELDS[0]!.parts.map((p) => p.key),
      ['name', 'state'],
    );
    assert.deepEqual(
      FIELDS[1]!.parts.map((p) => p.key),
      ['title', 'topic', 'provisions'],
    );
    assert.deepEqual(
      field('contact').parts.map((p) => p.key),
      ['name', 'position', 'email', 'phone'],
    );
  });

  it('names the part that plays each role in the record once: institution and State in field 1, title and provisions in field 2', () => {
    const roles: Record<PartRole, PartId> = {
      institution: 'institution.name',
      state: 'institution.state',
      title: 'title.title',
      provisions: 'title.provisions',
    };
    for (const [role, id] of Object.entries(roles))
      assert.deepEqual(
        partsOf()
          .filter((p) => p.part.role === role)
          .map((p) => p.id),
        [id],
        role,
      );
  });

  it('refuses a part id that is not in the table at compile time (npm test type-checks this file)', () => {
    // @ts-expect-error -- a typo in a part id is not a PartId
    assert.equal(validatePart('institution.nmae', 'Oficina Anticorrupción').ok, false);
    // @ts-expect-error -- a part of another field: the contact has no State
    const id: PartId = 'contact.state';
    assert.equal(partOf(id), undefined);
    const step: string = 'institution.nmae'; // a step read at run time is looked up instead
    assert.equal(validatePart(step, 'x').ok, false);
  });

  it('asks the State and the provisions from their lists, every narrative field in a text box', () => {
    const byInput = (input: PartInput) =>
      partsOf()
        .filter((p) => p.part.input === input)
        .map((p) => p.id);
    assert.deepEqual(byInput('state'), ['institution.state']);
    assert.deepEqual(byInput('provisions'), ['title.provisions']);
    assert.deepEqual(byInput('multiline'), [
      'title.topic',
      ...FIELDS.filter((f) => f.parts.length === 1).map((f) => `${f.key}.text`),
      'contact.position',
    ]);
  });
});

describe('Validation', () => {
  // Every rule with the message the official reads (its i18n key, whose Spanish text must exist).
  const cases: Array<[PartId, string, string, Record<string, string | number>?]> = [
    ['institution.name', '   ', 'errors.empty'],
    ['institution.name', 'AB', 'errors.tooShort', { min: 3, length: 2 }],
    ['title.title', 'x'.repeat(1001), 'errors.tooLong', { max: 1000 }],
    ['institution.state', 'Atlantis', 'errors.stateUnknown', { text: 'Atlantis' }],
    ['institution.state', 'San', 'errors.stateAmbiguous'],
    ['title.provisions', 'III.13', 'errors.provisionUnknown', { ref: 'III.13' }],
    ['title.provisions', 'artículo XXXI', 'errors.provisionUnknown', { ref: 'XXXI' }],
    ['title.provisions', 'transparencia en general', 'errors.provisionNone'],
    ['description.text', 'corto', 'errors.tooShort', { min: 40 }],
    [
      'description.text',
      'Una descripción con un correo roto: ana@gob y nada más que decir.',
      'errors.emailInText',
      { email: 'ana@gob' },
    ],
    ['documents.text', 'Vea http//www.antai.gob.pa', 'errors.link', { link: 'http//www.antai.gob.pa' }],
    ['documents.text', 'Vea www.antai.g y el resto', 'errors.link', { link: 'www.antai.g' }],
    ['contact.email', 'sin correo', 'errors.emailMissing'],
    ['contact.email', 'ana@antai..gob.pa', 'errors.email'],
    ['contact.phone', 'llamar al 12345', 'errors.phone'],
  ];
  for (const [id, input, key, params] of cases) {
    it(`${id} refuses ${JSON.stringify(input.slice(0, 30))} with ${key}`, () => {
      const result = validatePart(id, input);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.key, key);
      for (const [k, v] of Object.entries(params ?? {})) assert.equal(result.error.params?.[k], v, `param ${k}`);
      assert.ok(es.errors[key.replace('errors.', '')], `Spanish text for ${key}`);
    });
  }

  it('accepts what real answers look like: e-mails in free text, a web address without https, provisions written out', () => {
    assert.deepEqual(
      validatePart('documents.text', 'www.academia.antai.gob.pa registrarse y sección cursos disponibles.').ok,
      true,
    );
    assert.equal(
      validatePart(
        'cooperation.text',
        'Punto de contacto: la directora, correo cmontenegro@antai.gob.pa y rvillalaz@antai.gob.pa',
      ).ok,
      true,
    );
    const p = validatePart(
      'title.provisions',
      'Medidas preventivas, **artículo III, numeral 11:** “Mecanismos para estimular la participación',
    );
    assert.ok(p.ok && JSON.stringify(p.parsed.value) === '["III.11"]');
    const e = validatePart('contact.email', 'correo cmontenegro@antai.gob.pa');
    assert.ok(
      e.ok && e.parsed.value === 'cmontenegro@antai.gob.pa' && e.parsed.text === 'correo cmontenegro@antai.gob.pa',
    );
  });

  it('reminds, without refusing, when the description says nothing of sustainability', () => {
    const r = validatePart(
      'description.text',
      'Un curso virtual gratuito para servidores públicos y ciudadanos interesados.',
    );
    assert.ok(r.ok && r.reminder?.key === 'reminders.sustainability');
    const ok = validatePart(
      'description.text',
      'Un curso virtual gratuito y sostenible para servidores públicos y ciudadanos.',
    );
    assert.ok(ok.ok && !ok.reminder);
  });

  it('reads provisions by number, by long form, by name, in any language', () => {
    assert.deepEqual(parseProvisions('III.11, III-5; IX'), { ok: true, ids: ['III.11', 'III.5', 'IX'] });
    assert.deepEqual(parseProvisions('article III paragraph 4'), { ok: true, ids: ['III.4'] });
    assert.deepEqual(parseProvisions('Soborno transnacional'), { ok: true, ids: ['VIII'] });
    assert.deepEqual(parseProvisions('Illicit Enrichment'), { ok: true, ids: ['IX'] });
  });

  it('finds States by name in any language, without accents, or by code', () => {
    for (const q of ['Panamá', 'panama', 'PA', 'Mexico', 'United States', 'trinidad'])
      assert.equal(findState(q).kind, 'one', q);
  });

  it('lists what blocks a submission: missing required parts and answers that no longer pass', () => {
    const list = problems({ 'institution.name': { text: 'AB' } });
    assert.equal(list[0]?.error.key, 'errors.tooShort');
    assert.ok(list.some((p) => p.field.key === 'contact' && p.part === 'email' && p.error.key === 'errors.missing'));
    assert.ok(!list.some((p) => p.part === 'topic' || p.part === 'phone'), 'optional parts never block');
  });
});

describe('Submission life cycle', () => {
  it('goes draft → submitted → returned → submitted (new version) → accepted, keeping who and when', () => {
    let d = newDraft('d1', { id: 'u1' }, '2026-01-01T00:00:00Z');
    d = transition(d, 'submitted', 'u1', '2026-01-02T00:00:00Z');
    d = transition(d, 'returned', 'reviewer', '2026-01-03T00:00:00Z', 'Complete field 6');
    d = transition(d, 'submitted', 'u1', '2026-01-04T00:00:00Z');
    assert.equal(d.version, 2);
    d = transition(d, 'accepted', 'reviewer', '2026-01-05T00:00:00Z');
    assert.deepEqual(
      d.history.map((h) => `${h.status}:${h.by}`),
      ['submitted:u1', 'returned:reviewer', 'submitted:u1', 'accepted:reviewer'],
    );
    assert.throws(
      () => transition(d, 'returned', 'reviewer', '2026-01-06T00:00:00Z'),
      /accepted practice cannot become returned/,
    );
  });

  it('walks the special session name only for special-session presentations', () => {
    assert.ok(!stepsOf({ kind: 'practice' }).includes('session'));
    assert.equal(stepsOf({ kind: 'session' })[1], 'session');
  });

  it('two simultaneous submits of one draft make one record and one reference; numbers go up per year', async () => {
    const store = new MemoryStore();
    const drafts = new DraftRepository(store);
    const practices = new PracticeRepository(store);
    const service = new SubmissionService({
      drafts,
      practices,
      counters: new CounterRepository(store),
      outbox: new OutboxRepository(store),
    });
    const seed = mexico();
    const answers = Object.fromEntries(
      Object.entries(seed.expected).map(([id, text]) => [
        id,
        { ...validatePartValue(id, text), lang: 'es' as const, at: '' },
      ]),
    );
    for (const id of ['a', 'b'])
      await drafts.save({
        ...newDraft(id, { id: 'u1', name: 'Eduardo' }, '2026-03-01T00:00:00Z'),
        kind: 'practice',
        answers,
      });
    const now = new Date('2026-03-02T00:00:00Z');
    const [r1, r2] = await Promise.all([service.submit('u1', 'a', now), service.submit('u1', 'a', now)]);
    assert.ok(r1.ok && r2.ok);
    assert.equal(r1.reference, 'MESICIC-BP-2026-0001');
    assert.equal(r2.reference, 'MESICIC-BP-2026-0001');
    assert.equal([r1.already, r2.already].filter(Boolean).length, 1);
    const r3 = await service.submit('u1', 'b', now);
    assert.ok(r3.ok && r3.reference === 'MESICIC-BP-2026-0002');
    assert.equal((await practices.list()).length, 2);
    assert.deepEqual(
      await service.submit('u2', 'a', now),
      { ok: false, reason: 'notFound' },
      'another official cannot submit it',
    );
  });
});

function validatePartValue(id: string, text: string) {
  const r = validatePart(id, text);
  if (!r.ok) throw new Error(`${id}: ${r.error.key}`);
  return r.parsed;
}
