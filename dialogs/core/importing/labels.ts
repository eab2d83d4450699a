import { FIELDS, type Field } from '../fields.js';
import { fold, type Locale } from '../normalize.js';
import { escapeRegExp, foldKeepingLength } from './folding.js';
import { startsWithGuidance } from './guidance.js';

export type FieldKey = Field['key'];

/*
 * The template's section labels, as officials write them in the four languages: the template's own words,
 * shorter forms, singular and plural. Matched on folded text, so accents and case do not matter. A row of
 * FIELDS without its labels here does not compile. Part labels ("Estado Parte", "Tema que aborda", "Cargo")
 * are not here: they stay inside the field's text, where splitParts.ts reads them.
 */
export const FIELD_LABELS: Record<FieldKey, Record<Locale, readonly string[]>> = {
  institution: {
    es: ['Institución', 'Instituciones', 'Nombre de la institución', 'Institución que implementa la buena práctica'],
    en: ['Institution', 'Name of the institution', 'Institution name', 'Implementing institution'],
    pt: ['Instituição', 'Instituições', 'Nome da instituição', 'Instituição que implementa a boa prática'],
    fr: ['Institution', "Nom de l'institution", 'Institution chargée de la mise en œuvre'],
  },
  title: {
    es: ['Título', 'Título de la buena práctica', 'Título de la práctica'],
    en: ['Title', 'Title of the good practice', 'Title of the practice'],
    pt: ['Título', 'Título da boa prática', 'Título da prática'],
    fr: ['Titre', 'Titre de la bonne pratique', 'Titre de la pratique'],
  },
  description: {
    es: ['Descripción', 'Descripción de la buena práctica', 'Descripción de la práctica'],
    en: ['Description', 'Description of the good practice', 'Description of the practice'],
    pt: ['Descrição', 'Descrição da boa prática', 'Descrição da prática'],
    fr: ['Description', 'Description de la bonne pratique', 'Description de la pratique'],
  },
  reasons: {
    es: ['Razones e importancia', 'Razones y importancia', 'Razón e importancia', 'Razones', 'Importancia'],
    en: ['Reasons and importance', 'Reasons and significance', 'Reasons', 'Importance', 'Rationale'],
    pt: ['Razões e importância', 'Razão e importância', 'Razões', 'Importância'],
    fr: ['Raisons et importance', 'Raison et importance', 'Raisons', 'Importance'],
  },
  approach: {
    es: ['Enfoque', 'Enfoques'],
    en: ['Approach', 'Approaches'],
    pt: ['Abordagem', 'Enfoque'],
    fr: ['Approche', 'Approches'],
  },
  implementation: {
    es: ['Implementación', 'Implantación'],
    en: ['Implementation'],
    pt: ['Implementação', 'Implantação'],
    fr: ['Mise en œuvre', 'Mise en oeuvre'],
  },
  result: {
    es: ['Resultado', 'Resultados', 'Resultados obtenidos'],
    en: ['Result', 'Results', 'Outcome', 'Outcomes'],
    pt: ['Resultado', 'Resultados'],
    fr: ['Résultat', 'Résultats'],
  },
  cooperation: {
    es: [
      'Potencial para cooperación técnica',
      'Potencial para la cooperación técnica',
      'Potencial de cooperación técnica',
      'Potencial',
      'Cooperación técnica',
    ],
    en: [
      'Potential for technical cooperation',
      'Technical cooperation potential',
      'Potential',
      'Technical cooperation',
    ],
    pt: ['Potencial para cooperação técnica', 'Potencial de cooperação técnica', 'Potencial', 'Cooperação técnica'],
    fr: [
      'Potentiel de coopération technique',
      'Potentiel pour la coopération technique',
      'Potentiel',
      'Coopération technique',
    ],
  },
  followUp: {
    es: ['Seguimiento', 'Seguimiento y monitoreo'],
    en: ['Follow-up', 'Follow up', 'Followup', 'Monitoring'],
    pt: ['Acompanhamento', 'Seguimento', 'Monitoramento'],
    fr: ['Suivi', 'Suivi et contrôle'],
  },
  lessons: {
    es: ['Lecciones aprendidas', 'Lección aprendida', 'Lecciones aprendidas y desafíos', 'Lecciones'],
    en: ['Lessons learned', 'Lessons learnt', 'Lesson learned', 'Lessons learned and challenges', 'Lessons'],
    pt: ['Lições aprendidas', 'Lição aprendida', 'Lições aprendidas e desafios', 'Lições'],
    fr: ['Enseignements tirés', 'Leçons apprises', 'Leçons tirées', 'Enseignements', 'Leçons'],
  },
  documents: {
    es: ['Documentos', 'Documento', 'Documentación', 'Documentos de referencia'],
    en: ['Documents', 'Document', 'Documentation', 'References'],
    pt: ['Documentos', 'Documento', 'Documentação'],
    fr: ['Documents', 'Document', 'Documentation'],
  },
  contact: {
    es: ['Contacto', 'Persona de contacto', 'Datos de contacto', 'Información de contacto', 'Contactos'],
    en: ['Contact', 'Contact person', 'Contact details', 'Contact information', 'Contacts'],
    pt: ['Contato', 'Contacto', 'Pessoa de contato', 'Dados de contato', 'Informações de contato'],
    fr: ['Contact', 'Personne de contact', 'Coordonnées', 'Personne-ressource', 'Contacts'],
  },
};

/** Every folded label and its field. */
const FIELD_OF = new Map<string, FieldKey>(
  FIELDS.flatMap((f) =>
    Object.values(FIELD_LABELS[f.key])
      .flat()
      .map((l) => [fold(l), f.key] as const),
  ),
);

// "Implementación de la buena práctica": any label may name the practice after it.
const OF_THE_PRACTICE = ['de la buena practica', 'of the good practice', 'da boa pratica', 'de la bonne pratique']
  .map((p) => p.replace(/ /g, '\\s+'))
  .join('|');
// Longest first, so "Título de la buena práctica" wins over "Título"; any run of spaces between words.
const LABEL = new RegExp(
  `^(${[...FIELD_OF.keys()]
    .sort((a, b) => b.length - a.length)
    .map((l) => escapeRegExp(l).replace(/ /g, '\\s+'))
    .join('|')})(?:\\s+(?:${OF_THE_PRACTICE}))?(?![\\p{L}\\p{N}])`,
  'u',
);
// What may stand before a label: bold marks, a bullet, the item's typed number ("1.", "1)", "1\." from markdown).
const LEAD = /^\s*(\*{1,2}|_{1,2})?\s*(?:[-–•]\s+)?(?:(\d{1,2})\s*\\?[.)]\s*)?(\*{1,2}|_{1,2})?\s*/;
// What may follow it: the closing bold marks and a colon, in either order ("**Título:**", "**Título**:").
const TAIL = /^\s*(\*{1,2}|_{1,2})?\s*([:：])?\s*(\*{1,2}|_{1,2})?\s*/;

/** A line that starts with a field's label, and how it is marked (what tells a label from a sentence). */
export interface LabelHit {
  field: FieldKey;
  /** The item's number as typed ("7."), if any; officials renumber, so it is a hint, never the key. */
  number?: number;
  /** The label is bold in the text ("**Institución:**"). */
  bold: boolean;
  colon: boolean;
  /** The rest of the line after the label, as written (template guidance not yet removed). */
  rest: string;
}

/**
 * The label a line starts with, if any. A label followed by more text needs a colon or bold marks ending
 * with it ("**Institución** Autoridad…"), or the template's question after it: "Resultado de ello, …" is a sentence.
 */
export function labelAt(line: string): LabelHit | undefined {
  const lead = LEAD.exec(line)!;
  const after = line.slice(lead[0].length);
  // Labels are short: folding a long answer's whole first line would cost for nothing.
  const found = LABEL.exec(foldKeepingLength(after.slice(0, 120)));
  if (!found) return undefined;
  const field = FIELD_OF.get(found[1]!.replace(/\s+/g, ' '))!;
  const opened = lead[1] ?? lead[3];
  const tail = TAIL.exec(after.slice(found[0].length))!;
  const rest = after.slice(found[0].length + tail[0].length).trim();
  const colon = tail[2] !== undefined;
  const closed = !!opened && !!(tail[1] ?? tail[3]);
  if (rest && !colon && !closed && !startsWithGuidance(field, rest)) return undefined;
  return {
    field,
    ...(lead[2] ? { number: Number(lead[2]) } : {}),
    bold: closed,
    colon,
    rest,
  };
}
