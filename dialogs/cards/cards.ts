import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import { KIND_STEP, REVIEW_STEP, SESSION_STEP, fieldsDone, type Draft, type Official } from '../core/draft.js';
import {
  answerLine,
  draftLine,
  missingFields,
  partQuestion,
  sortDrafts,
  submittedLine,
  titleLabel,
  shortTitle,
  filesShown,
  statusLine,
} from '../core/views.js';
import { changedFields, versionDiff } from '../core/versionDiff.js';
import { thematicAreas } from '../core/classify.js';
import { FIELDS, partOf, type FieldDef, type Table } from '../core/fields.js';
import type { PracticeRecord } from '../core/practice.js';
import { PROVISIONS, STATES, label, stateByCode } from '../core/reference.js';
import { LOCALES, type Locale } from '../core/normalize.js';
import type { Texts } from '../core/texts.js';
import type { View } from '../core/views.js';
import { ATTACHED_MARK, attachmentsLine } from '../core/attachments.js';
import { escapeCardText as esc } from './escape.js';

/** An Adaptive Card (schema 1.5, what Teams renders) as plain JSON. */
export type Card = Record<string, unknown>;

// Templates are data (adaptivecards-templating binds them); loaded once, expanded per reply.
function template(name: string): ACData.Template {
  return new ACData.Template(JSON.parse(readFileSync(new URL(`./templates/${name}.json`, import.meta.url), 'utf8')));
}
const TEMPLATES = {
  question: template('question'),
  review: template('review'),
  home: template('home'),
  facts: template('facts'),
  notification: template('notification'),
  versionPost: template('versionPost'),
  imported: template('imported'),
  receipt: template('receipt'),
};

/*
 * Every reply binds its template afresh, from one official's data only, so a card can never carry another
 * official's draft id or answer. Keeping expansions saved ~0.03 ms of a turn's ~3 ms of CPU (npm run bench).
 */
function expand(name: keyof typeof TEMPLATES, data: Record<string, unknown>): Card {
  return TEMPLATES[name].expand({ $root: data }) as Card;
}

const SNIPPET = 400;
const snippet = (s: string) => (s.length > SNIPPET ? `${s.slice(0, SNIPPET).trimEnd()}…` : s);

/** "▰▰▱▱… 2 de 12 campos". */
function progress(tx: Texts, done: number, total: number): string {
  return `${'▰'.repeat(done)}${'▱'.repeat(total - done)} ${tx.t('cards.progress', { done, total })}`;
}

function labels(tx: Texts) {
  return {
    save: tx.t('cards.save'),
    skip: tx.t('cards.skip'),
    help: tx.t('cards.help'),
    edit: tx.t('cards.edit'),
    submit: tx.t('cards.submit'),
    resume: tx.t('cards.resume'),
    new: tx.t('cards.new'),
    download: tx.t('cards.download'),
    leave: tx.t('cards.leave'),
    showAll: tx.t('cards.showAll'),
    window: tx.t('cards.window'),
    wholeForm: tx.t('cards.wholeForm'),
    showSent: tx.t('cards.showSent'),
  };
}

interface InputSpec {
  input: 'text' | 'choice';
  multiline?: boolean;
  multi?: boolean;
  choices?: Array<{ title: string; value: string }>;
  choiceStyle?: 'compact' | 'expanded';
  value: string;
}

const PREFILL_CHARS = 12_000;

function inputFor(tx: Texts, draft: Draft, step: string, fields: Table, typed?: string): InputSpec {
  const answer = draft.answers[step];
  const input = partOf(step, fields)?.part.input;
  if (step === KIND_STEP)
    return {
      input: 'choice',
      choiceStyle: 'expanded',
      choices: [
        { title: tx.t('kinds.practice.label'), value: '1' },
        { title: tx.t('kinds.session.label'), value: '2' },
      ],
      value: draft.kind === 'session' ? '2' : draft.kind === 'practice' ? '1' : '',
    };
  if (step === SESSION_STEP) return { input: 'text', value: draft.sessionName ?? '' };
  if (input === 'state')
    return {
      input: 'choice',
      choiceStyle: 'compact',
      choices: STATES.map((s) => ({ title: label(s, tx.locale), value: s.code })),
      value: typeof answer?.value === 'string' ? answer.value : '',
    };
  if (input === 'provisions')
    return {
      input: 'choice',
      choiceStyle: 'compact',
      multi: true,
      choices: PROVISIONS.map((p) => ({ title: `${p.id}: ${label(p, tx.locale)}`, value: p.id })),
      value: Array.isArray(answer?.value) ? answer.value.join(',') : '',
    };
  // The answer is prefilled to edit only while the card stays well under Teams' ~28 KB per message; a longer one
  // shows its start above the box, and "más" adds to it.
  // Field 11's stand-in list of files is not the official's text: never offered to edit.
  // Text a form window kept as unfinished is what the official was last writing: it comes first.
  const pending = draft.unfinished?.[step]?.text;
  const prefill = typed ?? pending ?? (answer?.value === ATTACHED_MARK ? '' : (answer?.text ?? ''));
  return { input: 'text', multiline: input === 'multiline', value: prefill.length <= PREFILL_CHARS ? prefill : '' };
}

/** What an installation can offer on its cards. */
export interface CardOptions {
  /** False where the form window cannot open (no Teams SSO configured): its buttons are left off. */
  formWindow?: boolean;
}

export function questionCard(
  tx: Texts,
  draft: Draft,
  fields: Table = FIELDS,
  typed?: string,
  options: CardOptions = {},
): Card {
  const step = draft.cursor.step;
  const found = partOf(step, fields);
  const lines: string[] = [];
  let header = tx.t('cards.newDraft');
  let guidance = '';
  let example = '';
  if (step === KIND_STEP) lines.push(tx.t('kind.question').split('\n')[0] ?? '');
  else if (step === SESSION_STEP) lines.push(tx.t('session.question'));
  else if (found) {
    const { field } = found;
    const asked = partQuestion(tx, draft, esc, fields)!;
    header = asked.header.replace(/\*\*/g, '');
    lines.push(...asked.lines);
    // The field's guidance and example are about the whole field: shown with its first part only, so the State's
    // question is not told how to write the institution's name (help still shows them at every part).
    if (found.part === field.parts[0]) {
      guidance = tx.t(`fields.${field.key}.guidance`);
      example = tx.t('help.example', { example: tx.t(`fields.${field.key}.example`) });
    }
  }
  const answer = draft.answers[step];
  const done = fieldsDone(draft, fields);
  return expand('question', {
    header,
    progress: found ? progress(tx, done, fields.length) : '',
    lines,
    guidance,
    example,
    current: answer ? tx.t('question.current', { text: esc(snippet(answer.text)) }) : '',
    placeholder: tx.t('cards.placeholder'),
    maxLength: 28_000,
    multiline: false,
    multi: false,
    choiceStyle: 'compact',
    choices: [],
    ...inputFor(tx, draft, step, fields, typed),
    draftId: draft.id,
    step,
    // The form window writes the fields (not the kind or the session's name), and not from a plain-text client.
    fieldNumber: found && options.formWindow !== false ? String(found.field.number) : '',
    canSkip: !!found,
    labels: labels(tx),
  });
}

/**
 * The review fits a screen: each field a two-line preview, its whole answer (up to ~1,000 characters, so the
 * card stays well under Teams' ~28 KB) one click away.
 */
const PREVIEW_CHARS = 140;
/** What "Show all" may add per part, tried in turn until the card fits. */
const FULL_CHARS = [1_000, 500, 250, 0] as const;
/** Room left under Teams' ~28 KB for the message around the card. */
const REVIEW_BYTES = 24_000;

function previewAndFull(tx: Texts, draft: Draft, field: FieldDef, fullChars: number) {
  // Cut as written, then escaped: a cut never splits an escape, and both lines escape the same way.
  const cut = (line: string, max: number) => (line.length > max ? `${line.slice(0, max).trimEnd()}…` : line);
  const preview = cut(
    answerLine(tx, draft, field, (t) => t, PREVIEW_CHARS),
    PREVIEW_CHARS,
  );
  const full = fullChars ? answerLine(tx, draft, field, (t) => t, fullChars) : preview;
  return { answer: esc(preview), full: esc(full), more: full !== preview };
}

export function reviewCard(tx: Texts, draft: Draft, fields: Table = FIELDS, options: CardOptions = {}): Card {
  const missing = missingFields(draft, fields);
  const draw = (fullChars: number) =>
    expand('review', {
      title: tx.t('review.title', { title: titleLabel(tx, draft, esc, fields) }).replace(/\*\*/g, ''),
      kind: draft.kind
        ? tx.t(`kinds.${draft.kind}.label`) + (draft.sessionName ? `: ${esc(draft.sessionName)}` : '')
        : '',
      fields: fields.map((f) => ({
        number: f.number,
        heading: `${missing.includes(f.number) ? '⚠️' : '✅'} ${f.number}. ${tx.t(`fields.${f.key}.label`)}`,
        color: missing.includes(f.number) ? 'Warning' : 'Default',
        ...previewAndFull(tx, draft, f, fullChars),
      })),
      footer: missing.length ? tx.t('review.missing', { fields: missing.join(', ') }) : tx.t('review.ready'),
      draftId: draft.id,
      formWindow: options.formWindow !== false,
      labels: labels(tx),
    });
  // Long answers in every field (or text that escapes to much more) would outgrow a Teams message: less of each.
  for (const fullChars of FULL_CHARS) {
    const card = draw(fullChars);
    if (fullChars === 0 || Buffer.byteLength(JSON.stringify(card)) <= REVIEW_BYTES) return card;
  }
  return draw(0);
}

export function homeCard(tx: Texts, official: Official, drafts: Draft[], fields: Table = FIELDS): Card {
  const { open, sent } = sortDrafts(drafts);
  return expand('home', {
    greeting: tx.t('home.greeting', { name: official.name ? ` ${esc(official.name)}` : '' }),
    draftsTitle: tx.t('home.drafts'),
    drafts: open.map((d, i) => ({
      id: d.id,
      line: draftLine(tx, d, i + 1, esc, fields),
      progress: progress(tx, fieldsDone(d, fields), fields.length),
    })),
    submittedTitle: tx.t('home.submitted'),
    submitted: sent.map((d) => submittedLine(tx, d, esc, fields)),
    next: tx.t(open.length ? 'home.nextWithDrafts' : 'home.nextEmpty'),
    languagesTitle: tx.t('language.welcomeChoice'),
    // The other three languages, each named in itself, so an official who cannot read this one finds theirs.
    languages: LOCALES.filter((l) => l !== tx.locale).map((code) => ({ code, name: AUTONYMS[code] })),
    labels: labels(tx),
  });
}

/** Each language's name in that language: what the language buttons show, whatever the card's language. */
const AUTONYMS: Record<Locale, string> = { es: 'Español', en: 'English', pt: 'Português', fr: 'Français' };

function factsOf(tx: Texts, record: PracticeRecord) {
  const state = stateByCode(record.state);
  return [
    { name: tx.t('cards.facts.reference'), value: record.reference },
    { name: tx.t('cards.facts.state'), value: state ? label(state, tx.locale) : record.state },
    { name: tx.t('cards.facts.institution'), value: esc(record.institution) },
    { name: tx.t('cards.facts.provisions'), value: record.provisions.join(', ') },
    { name: tx.t('cards.facts.submittedBy'), value: esc(record.submittedBy.name ?? record.submittedBy.id) },
    { name: tx.t('cards.facts.date'), value: record.submittedAt.slice(0, 10) },
    { name: tx.t('cards.facts.language'), value: tx.t(`languageNames.${record.lang}`) },
    ...(record.attachments?.length
      ? [{ name: tx.t('cards.facts.attachments'), value: esc(attachmentsLine(tx, record.attachments)) }]
      : []),
  ];
}

export function receiptCard(tx: Texts, record: PracticeRecord, already: boolean, fields: Table = FIELDS): Card {
  return expand('receipt', {
    title: tx.t(already ? 'cards.receiptAlready' : 'cards.receipt'),
    subtitle: tx.t(already ? 'receipt.already' : 'receipt.done', {
      reference: record.reference,
      context: record.kind,
      title: esc(shortTitle(record.title)),
    }),
    facts: factsOf(tx, record).slice(0, 4),
    // The official keeps a copy of what was sent: each field's start here, the whole practice in Word.
    fields: fields.map((f) => ({
      // A no-break space: "12. Contact" at a line's start would be drawn as a numbered list.
      heading: `${f.number}.\u00a0${tx.t(`fields.${f.key}.label`)}`,
      answer: esc(receiptLine(tx, record, f)),
    })),
    draftId: record.draftId,
    labels: labels(tx),
  });
}

const RECEIPT_CHARS = 140;
function receiptLine(tx: Texts, record: PracticeRecord, field: FieldDef): string {
  const line = answerLine(tx, record, field, (t) => t, RECEIPT_CHARS);
  return line.length > RECEIPT_CHARS ? `${line.slice(0, RECEIPT_CHARS).trimEnd()}…` : line;
}

/** The look of the card's status band, by where the practice stands. */
const STATUS_STYLE: Record<PracticeRecord['status'], string> = {
  draft: 'default',
  submitted: 'accent',
  returned: 'warning',
  accepted: 'good',
};

/**
 * The Secretariat's card, one per practice, redrawn in place on every change: the practice's summary, where it
 * stands (who did what and when), View and Word for everyone, and while it awaits a decision Accept and Return.
 */
export function notificationCard(tx: Texts, record: PracticeRecord, fields: Table = FIELDS): Card {
  const { line, detail } = statusLine(tx, record, esc, fields);
  const areas = thematicAreas(record).map((a) => `${a.id}. ${label(a, tx.locale)}`);
  return expand('notification', {
    // Not "received": the card stays the practice's through every change.
    title: tx.t('reviewing.cardTitle', { kind: tx.t(`kinds.${record.kind}.label`), reference: record.reference }),
    subtitle: esc(shortTitle(record.title)) + (record.sessionName ? ` (${esc(record.sessionName)})` : ''),
    status: line,
    // One line per field's comment: a card's text breaks a line only at a blank one.
    statusDetail: detail.replace(/\n/g, '\n\n'),
    statusStyle: STATUS_STYLE[record.status],
    facts: [
      ...factsOf(tx, record).slice(1),
      ...(areas.length ? [{ name: tx.t('cards.facts.areas'), value: areas.join('; ') }] : []),
      { name: tx.t('cards.facts.version'), value: String(record.version) },
    ],
    reviewable: record.status === 'submitted',
    reference: record.reference,
    version: record.version,
    labels: {
      view: tx.t('reviewing.view'),
      word: tx.t('reviewing.word'),
      accept: tx.t('reviewing.accept'),
      giveBack: tx.t('reviewing.giveBack'),
    },
  });
}

/** A new version, as a reply in the practice's thread: when, by whom, which fields changed, and a look at them. */
export function versionPostCard(tx: Texts, record: PracticeRecord, fields: Table = FIELDS): Card {
  const changed = record.previous
    ? changedFields(versionDiff(record.previous.answers, record.answers, { fields, show: filesShown(record) }))
    : [];
  return expand('versionPost', {
    title: tx
      .t('reviewing.versionPosted', {
        version: record.version,
        reference: record.reference,
        by: esc(record.submittedBy.name ?? record.submittedBy.id),
        date: record.submittedAt.slice(0, 10),
        time: record.submittedAt.slice(11, 16),
      })
      .replace(/\*\*/g, ''),
    changes: record.previous
      ? tx.t(changed.length ? 'reviewing.changedFields' : 'reviewing.nothingChanged', {
          version: record.previous.version,
        })
      : '',
    fields: changed
      .map((n) => fields.find((f) => f.number === n)!)
      .map((f) => ({ field: `✏️ ${f.number}. ${tx.t(`fields.${f.key}.label`)}` })),
    reference: record.reference,
    version: record.version,
    labels: { viewChanges: tx.t('reviewing.viewChanges') },
  });
}

/** What a document or a pasted format gave, field by field, and the choice to fill the other open draft instead. */
export function importedCard(tx: Texts, view: Extract<View, { type: 'imported' }>): Card {
  return expand('imported', {
    title: tx.t('documents.cardTitle'),
    summary: esc(view.summary),
    rows: view.rows.map((r) => ({
      heading: `${r.icon} ${r.heading}`,
      color: r.icon === '✅' ? 'Default' : 'Warning',
      lines: r.lines.map((l) => ({ line: esc(l.text) + (l.own ? esc(l.own) : '') })),
    })),
    draftId: view.draft.id,
    otherId: view.other?.id ?? '',
    fillOther: view.other ? tx.t('documents.fillOther', { title: esc(view.other.title) }) : '',
    replaceOther: view.other ? tx.t('documents.replaceOther', { title: esc(view.other.title) }) : '',
  });
}

/**
 * The question card with what is wrong right under its box (the answer kept in it), as a Universal Action
 * answers in place; the problem's words are the chat's.
 */
export function problemUnderInput(card: Card, problem: string): Card {
  if (!problem) return card;
  const body = Array.isArray(card.body) ? [...(card.body as Array<Record<string, unknown>>)] : [];
  const at = body.findIndex((b) => b.id === 'text' || b.id === 'choice');
  const note = { type: 'TextBlock', text: problem, wrap: true, color: 'Attention', spacing: 'Small', id: 'problem' };
  body.splice(at < 0 ? body.length : at + 1, 0, note);
  return { ...card, body };
}

/** The button under a notice in the official's chat (a returned practice) that opens the draft it is about. */
export function resumeButton(resume: { title: string; draftId: string }): Card {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [],
    actions: [
      {
        type: 'Action.Submit',
        title: resume.title,
        style: 'positive',
        data: { mesicic: 'command', command: 'resume', draftId: resume.draftId },
      },
    ],
  };
}

/** What an answered card becomes: the question and the answer, no buttons, so it cannot be sent twice. */
export function answeredCard(header: string, answer: string, note: string): Card {
  const subtitle = answer ? `✓ ${esc(snippet(answer))}` : '';
  return expand('facts', { title: header, subtitle, facts: [], note, download: '' });
}

/** The heading a step's card carried, for the answered version of that card. */
export function stepHeader(tx: Texts, step: string, fields: Table = FIELDS): string {
  const found = partOf(step, fields);
  if (found)
    return tx
      .t('question.header', {
        n: found.field.number,
        total: fields.length,
        label: tx.t(`fields.${found.field.key}.label`),
      })
      .replace(/\*\*/g, '');
  if (step === REVIEW_STEP) return tx.t('cards.submit');
  return tx.t('cards.newDraft');
}
