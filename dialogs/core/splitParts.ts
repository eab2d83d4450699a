import { emailsIn } from './inlineChecks.js';
import { fold } from './normalize.js';
import { citesProvision } from './provisions.js';
import { stateNamed } from './reference.js';

/*
 * Officials often answer a field of several parts in one message. These readers take such a message apart
 * only when it clearly holds several parts (two labels, a State's name after a separator, a provision cited
 * after the title); anything else is left to the first part as written, so a plain answer keeps working.
 */

/** Labels an official may write before each part, by part key, in es/en/pt/fr (matched on folded text). */
type Labels = Record<string, readonly string[]>;

const INSTITUTION_LABELS: Labels = {
  name: [
    'nombre de la institucion',
    'name of the institution',
    'nome da instituicao',
    "nom de l'institution",
    'institucion',
    'institution',
    'instituicao',
    'entidad',
    'organismo',
    'orgao',
    'organisme',
  ],
  state: ['estado parte', 'state party', 'etat partie', 'estado', 'pais', 'country', 'state', 'etat', 'pays'],
};

const TITLE_LABELS: Labels = {
  title: [
    'titulo de la buena practica',
    'title of the good practice',
    'titulo da boa pratica',
    'titulo',
    'title',
    'titre',
  ],
  topic: [
    'tema que aborda',
    'tema abordado',
    'topic addressed',
    'theme aborde',
    'tema',
    'topic',
    'subject',
    'assunto',
    'theme',
    'sujet',
  ],
  provisions: [
    'materia de la convencion con el que se relaciona',
    'materia de la convencion con la que se relaciona',
    'materia de la convencion / disposicion',
    'materia de la convencion',
    'disposiciones de la convencion',
    'disposicion de la convencion',
    'disposiciones',
    'disposicion',
    'matter of the convention',
    'convention provisions',
    'convention provision',
    'provisions of the convention',
    'provisions',
    'provision',
    'materia da convencao',
    'disposicoes da convencao',
    'disposicoes',
    'disposicao',
    'dispositivos',
    'matiere de la convention',
    'dispositions de la convention',
    'dispositions',
    'disposition',
  ],
};

const CONTACT_LABELS: Labels = {
  name: ['nombre', 'name', 'nome', 'nom'],
  position: ['cargo', 'puesto', 'position', 'title', 'fonction', 'poste'],
  email: ['correo electronico', 'correo', 'e-mail', 'email', 'courriel', 'adresse electronique'],
  phone: ['telefono', 'telephone', 'phone', 'telefone', 'tel', 'tel.'],
};

/** Positions in `text` map one to one onto its folded form, so the official's own words are cut out, not the folded ones. */
function foldKeepingLength(text: string): string {
  return [...text].map((ch) => (fold(ch) || ch).slice(0, 1).padEnd(ch.length, ' ')).join('');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * "Institución: … Estado Parte: …": each part's text after its label, when at least two different parts are
 * labelled and the message starts with a label. Bold marks around a label are Word formatting.
 */
function labelled(text: string, labels: Labels): Record<string, string> | undefined {
  const folded = foldKeepingLength(text);
  const names = Object.entries(labels).flatMap(([key, words]) => words.map((w) => ({ key, w })));
  names.sort((a, b) => b.w.length - a.w.length);
  const pattern = new RegExp(
    `(^|[\\n;|]|\\s)[-•\\s]*\\**\\s*(${names.map((n) => escape(n.w)).join('|')})\\s*\\**\\s*:\\s*\\**`,
    'g',
  );
  const hits = [...folded.matchAll(pattern)].map((m) => ({
    key: names.find((n) => n.w === m[2])!.key,
    start: (m.index ?? 0) + m[1]!.length,
    end: (m.index ?? 0) + m[0].length,
  }));
  if (hits.length === 0) return undefined;
  const out: Record<string, string> = {};
  const lead = text.slice(0, hits[0]!.start).trim();
  const first = Object.keys(labels)[0]!;
  if (lead) {
    // "ANTAI; Estado Parte: Panamá": unlabelled text first is the part being asked, when a separator ends it
    // (so "Procuraduría del Estado: …" stays one answer) and no label names that part again.
    if (!/[\n;|,.—–-]\s*$/.test(text.slice(0, hits[0]!.start)) || hits.some((h) => h.key === first)) return undefined;
    out[first] = lead.replace(/[\s;|,.—–-]+$/, '').trim();
  } else if (new Set(hits.map((h) => h.key)).size < 2) return undefined;
  hits.forEach((hit, i) => {
    const value = text
      .slice(hit.end, hits[i + 1]?.start ?? text.length)
      .replace(/\*\*/g, '')
      .replace(/[\s;|,]+$/, '')
      .trim();
    // A label given twice keeps its first answer; an empty one is left for the bot to ask.
    if (value && out[hit.key] === undefined) out[hit.key] = value;
  });
  return Object.keys(out).length >= 2 ? out : undefined;
}

/** The text after a leading label of `labels` ("Tema: …" → "…"), or the text as it is. */
function withoutLabel(text: string, labels: Labels): string {
  const folded = foldKeepingLength(text);
  const words = Object.values(labels)
    .flat()
    .sort((a, b) => b.length - a.length);
  const m = new RegExp(`^\\**\\s*(?:${words.map(escape).join('|')})\\s*\\**\\s*:\\s*\\**`).exec(folded);
  return m ? text.slice(m[0].length).replace(/\*\*/g, '').trim() : text;
}

/** A State Party named alone, by its name in any language ("Panamá", "Panama", "the Bahamas", "EE. UU."). */
function isStateName(text: string): boolean {
  const q = text.trim().replace(/^[(\s]+|[)\s.,;:!]+$/g, '');
  // "El Salvador" keeps its article; "the Bahamas", "la República Dominicana" drop theirs. An article is a word
  // of its own: "Antigua" is not "a ntigua".
  return !!q && (!!stateNamed(q) || !!stateNamed(q.replace(/^(?:(?:the|la|el|o|a|le)\s+|l['’]\s*)/i, '')));
}

/** Field 1: "Autoridad Nacional de Transparencia; Panamá", "…, Panama", "… (Panamá)", two lines, or labelled. */
export function institutionParts(text: string): Record<string, string> | undefined {
  const byLabel = labelled(text, INSTITUTION_LABELS);
  if (byLabel) return byLabel;
  const trimmed = text.trim().replace(/[.]+$/, '');
  const bracket = /^(.+?)\s*\(([^()]+)\)$/s.exec(trimmed);
  if (bracket && isStateName(bracket[2]!)) return { name: bracket[1]!.trim(), state: bracket[2]!.trim() };
  // The last separator: a new line, ";", ",", " - ", " / ". Only a State's whole name after it is taken.
  const cut = /^(.+)(?:\s*\n\s*|\s*[;,|]\s*|\s+[-–—/]\s+)([^\n;,|]+)$/s.exec(trimmed);
  // Or the State first: "Panamá: Autoridad Nacional de Transparencia", "Brasil - Controladoria-Geral da União".
  const head = /^([^\n;,|:]+?)(?:\s*\n\s*|\s*[;,|:]\s*|\s+[-–—/]\s+)(.+)$/s.exec(trimmed);
  if (head && isStateName(head[1]!) && !isStateName(head[2]!)) return { name: head[2]!.trim(), state: head[1]!.trim() };
  if (!cut || !isStateName(cut[2]!)) return undefined;
  const name = cut[1]!
    .trim()
    .replace(/[;,.:\-–—/|]+$/, '')
    .trim();
  return name ? { name, state: cut[2]!.trim() } : undefined;
}

/**
 * Field 2: labelled ("Título: … Tema que aborda: … Materia de la Convención: …"), or one part per line (or
 * separated by ";" or "|") with a provision cited by number in the last one: two parts are the title and the
 * provisions, three add the topic between them.
 */
export function titleParts(text: string): Record<string, string> | undefined {
  // Parts between separators first: "Tablero; tema: …; artículo III" has one label, inside its own part.
  return bySeparators(text) ?? labelled(text, TITLE_LABELS) ?? citedAtEnd(text);
}

// Where a provision's citation starts: "artículo III", "Article 3", "III.11".
const CITATION = /\b(?:articulos?|articles?|artigos?|arts?\.?)\s*(?:[ivx]{1,6}|\d{1,2})\b|\b[ivx]{1,6}\s*[.\-(]\s*\d/;

/**
 * "Open data portal, Article III, paragraph 11" or "Portal (III.11)": a title, then a citation after a comma,
 * a dash, a colon or a bracket. A citation inside a sentence ("se relaciona con el artículo III") is left whole.
 */
function citedAtEnd(text: string): Record<string, string> | undefined {
  if (text.includes('\n')) return undefined;
  const at = CITATION.exec(foldKeepingLength(text))?.index;
  if (at === undefined) return undefined;
  const before = text.slice(0, at);
  if (!/(?:[,;:(]|\s[-–—])\s*$/.test(before)) return undefined;
  const title = before.replace(/[\s,;:(\-–—]+$/, '').trim();
  const provisions = text
    .slice(at)
    .replace(/[)\s.]+$/, '')
    .trim();
  return title && citesProvision(provisions) && !citesProvision(title) ? { title, provisions } : undefined;
}

function bySeparators(text: string): Record<string, string> | undefined {
  const lines = text.includes('\n') ? text.split(/\n+/) : text.split(/\s*[;|]\s*/);
  // "tema: rendición de cuentas" between separators: a single label, dropped from the part it names.
  const parts = lines.map((l) => withoutLabel(l.replace(/^\s*[-*•]\s+/, '').trim(), TITLE_LABELS)).filter(Boolean);
  if (parts.length < 2 || parts.length > 3) return undefined;
  const last = parts[parts.length - 1]!;
  // The title itself may name the article it relates to (the Panama seed does): then it is one answer.
  if (!citesProvision(last) || parts.slice(0, -1).some(citesProvision)) return undefined;
  return parts.length === 2
    ? { title: parts[0]!, provisions: last }
    : { title: parts[0]!, topic: parts[1]!, provisions: last };
}

/** "Nombre: … Cargo: … Correo: …", on one line or several: each part without its label. */
export function contactLabelled(text: string): Record<string, string> | undefined {
  return labelled(text, CONTACT_LABELS);
}

/**
 * Field 12 on one line ("Name, Position, e-mail, phone") or labelled ("Nombre: … Cargo: … Correo: …"). Split
 * only when something shaped like an e-mail is in it; an address that is not a valid one is still taken as
 * the e-mail, so its check names what is wrong instead of it being kept as the name.
 */
export function contactLine(text: string): Record<string, string> | undefined {
  const byLabel = contactLabelled(text);
  if (byLabel) return byLabel;
  if (!text.includes('@') || text.trim().includes('\n')) return undefined;
  const pieces = text
    .split(/\s*[,;|]\s*|\s+[-–—/]\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const email = pieces.find((p) => emailsIn(p).length > 0) ?? pieces.find((p) => p.includes('@'));
  // A sentence that mentions an address ("el punto de contacto es … correo x@y") is not a contact line:
  // the e-mail's piece holds the address and at most a word or two ("correo", "e-mail:").
  if (
    !email ||
    email
      .replace(/\S*@\S*/, '')
      .trim()
      .split(/\s+/)
      .filter(Boolean).length > 2
  )
    return undefined;
  const phone = pieces.find((p) => p !== email && p.replace(/\D/g, '').length >= 7);
  const [name, ...position] = pieces.filter((p) => p !== email && p !== phone);
  if (!name) return undefined;
  // "Ana Ruiz, ana@sfp.gob.mx": no position; the name and the e-mail are kept and the position is asked.
  return { name, ...(position.length ? { position: position.join(', ') } : {}), email, ...(phone ? { phone } : {}) };
}
