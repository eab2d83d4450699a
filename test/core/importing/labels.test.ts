import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIELDS } from '../../../dialogs/core/fields.js';
import { GUIDANCE, stripGuidance } from '../../../dialogs/core/importing/guidance.js';
import { FIELD_LABELS, labelAt } from '../../../dialogs/core/importing/labels.js';
import { fold, LOCALES } from '../../../dialogs/core/normalize.js';

/* The template's labels and questions, in four languages: what marks a section, and what is dropped from it. */

type LocaleFields = Record<string, { label: string; question: string; question_session?: string }>;
const localeFields = (locale: string): LocaleFields =>
  (
    JSON.parse(readFileSync(new URL(`../../../bot/locales/${locale}.json`, import.meta.url), 'utf8')) as {
      fields: LocaleFields;
    }
  ).fields;

describe('importing: the labels and questions of the template (pure)', () => {
  it('every field of the table has labels and questions in every language, and no label names two fields', () => {
    const owner = new Map<string, string>();
    for (const field of FIELDS)
      for (const locale of LOCALES) {
        assert.ok(FIELD_LABELS[field.key][locale].length > 0, `${field.key} has labels in ${locale}`);
        assert.ok(GUIDANCE[field.key][locale].length > 0, `${field.key} has questions in ${locale}`);
        for (const label of FIELD_LABELS[field.key][locale]) {
          const seen = owner.get(fold(label));
          assert.ok(!seen || seen === field.key, `"${label}" names ${seen} and ${field.key}`);
          owner.set(fold(label), field.key);
        }
      }
  });

  it("the bot's own label of each field, in each language, is read as that field's label", () => {
    for (const locale of LOCALES) {
      const fields = localeFields(locale);
      for (const field of FIELDS) {
        const label = fields[field.key]!.label;
        for (const line of [label, `${label}:`, `${field.number}. **${label}:** texto`, label.toUpperCase()])
          assert.equal(labelAt(line)?.field, field.key, `${locale}: ${line}`);
      }
    }
  });

  it('reads the variants officials write: accents or not, plural, longer forms, bold, numbered', () => {
    const cases: [string, string][] = [
      ['Nombre de la institución:', 'institution'],
      ['INSTITUCION', 'institution'],
      ['1) Institución: Autoridad', 'institution'],
      ['1\\. **Institución:** Autoridad', 'institution'],
      ['**Institución**: Autoridad', 'institution'],
      ['**Institución** Autoridad Nacional', 'institution'],
      ['**1. Institución:**', 'institution'],
      ['Title', 'title'],
      ['Título da boa prática:', 'title'],
      ['Titre de la bonne pratique :', 'title'],
      ['Implementación de la buena práctica', 'implementation'],
      ['Mise en oeuvre :', 'implementation'],
      ['7. Resultados:', 'result'],
      ['Potencial de cooperación técnica', 'cooperation'],
      ['Follow up:', 'followUp'],
      ['Lessons learnt', 'lessons'],
      ['Personne de contact :', 'contact'],
      ['Datos de contacto', 'contact'],
      ['- Contacto: Lic. Carmen', 'contact'],
    ];
    for (const [line, field] of cases) assert.equal(labelAt(line)?.field, field, line);
    const hit = labelAt('3. **Descripción de la buena práctica:** curso de gobierno abierto');
    assert.deepEqual(hit, {
      field: 'description',
      number: 3,
      bold: true,
      colon: true,
      rest: 'curso de gobierno abierto',
    });
  });

  it('a sentence that starts with a label word is not a label', () => {
    for (const line of [
      'Resultado de ello, el curso se actualizó.',
      'Institucional es el compromiso de la entidad.',
      'Seguimiento de los compromisos lo hace la dirección.',
      'El resultado: mejor participación.',
      'Contactos frecuentes con la sociedad civil.',
    ])
      assert.equal(labelAt(line), undefined, line);
  });

  it("drops the template's questions at the start of an answer, in the template's words and the bot's", () => {
    const seedQuestion =
      '¿Cuál es el resultado final o el resultado final esperado de la implementación de la buena práctica? ¿Cuáles han sido los beneficios o experiencias exitosas? ¿Se han enfrentado los problemas identificados que dieron origen a la implementación de la buena práctica? ¿Cuál ha sido su impacto?²:';
    assert.equal(stripGuidance('result', seedQuestion), '');
    assert.equal(
      stripGuidance('result', `${seedQuestion} El resultado final esperado es contar…`),
      'El resultado final esperado es contar…',
    );
    assert.equal(
      stripGuidance(
        'institution',
        'Nombre de la institución que está implementando la buena práctica: Secretaría de la Función Pública',
      ),
      'Secretaría de la Función Pública',
    );
    // An official's light edit of the question still counts as the question.
    assert.equal(
      stripGuidance('followUp', '¿Quién o qué grupo se encargará de dar seguimiento a la buena práctica?'),
      '',
    );
    for (const locale of LOCALES) {
      const fields = localeFields(locale);
      for (const field of FIELDS) {
        const { question, question_session: session } = fields[field.key]!;
        for (const q of [question, ...(session ? [session] : [])])
          assert.equal(stripGuidance(field.key, q), '', `${locale} ${field.key}: ${q}`);
      }
    }
  });

  it('keeps an answer that only resembles a question, and a question of another field', () => {
    const answer =
      'El diseño y metodología para el desarrollo y aplicación han sido tomados de la academia virtual de ética y transparencia de ANTAI.';
    assert.equal(stripGuidance('approach', answer), answer);
    const other = '¿Cómo se está implementando la buena práctica?';
    assert.equal(stripGuidance('approach', other), other);
    assert.equal(
      stripGuidance('documents', 'www.academia.antai.gob.pa registrarse'),
      'www.academia.antai.gob.pa registrarse',
    );
  });
});
