import {
  KIND_STEP,
  REVIEW_STEP,
  SESSION_STEP,
  fieldDone,
  fieldsDone,
  titleOf,
  type Draft,
  type Official,
} from './draft.js';
import { FIELDS, fieldOf, partId, partOf, type FieldDef, type PartDef, type Table } from './fields.js';
import type { PracticeRecord } from './practice.js';
import { PROVISIONS, STATES, label, provisionById, stateByCode } from './reference.js';
import { escapeChatText } from './markdown.js';
import type { Texts } from './texts.js';
import type { Message, Problem } from './validation.js';
import type { ImportRow } from './importing/report.js';
import { ATTACHED_MARK, attachmentsLine } from './attachments.js';
import { changedFields, versionDiff, type ShowAnswer } from './versionDiff.js';

/**
 * What the bot says, as plain text (always) and as structured data (`view`) from which a channel that can
 * draw cards draws one. Everything here is translated through Texts; no sentence is written in code.
 */
export type View =
  /** `typed`: an answer that was refused, kept in the box so the official corrects it rather than retypes it. */
  | { type: 'question'; draft: Draft; typed?: string }
  | { type: 'review'; draft: Draft }
  | { type: 'receipt'; record: PracticeRecord; already: boolean }
  | { type: 'home'; official: Official; drafts: Draft[] }
  | { type: 'notification'; record: PracticeRecord }
  /** An answer or action was taken: the card it came from can now show it as done. */
  | { type: 'ack'; step: string; text: string }
  /** The official's own Word copy of a draft or submission: the Teams edge offers it as a file or a link. */
  | { type: 'wordCopy'; draft: Draft }
  /** What a document or a pasted format gave, field by field; `other`: the open draft it could fill instead. */
  | { type: 'imported'; draft: Draft; rows: ImportRow[]; summary: string; other?: { id: string; title: string } };

export interface Reply {
  text: string;
  view?: View;
  /** The language the reply was written in, for whoever draws the card. */
  locale?: Texts['locale'];
}

const SNIPPET = 280;
const snippet = (s: string) => (s.length > SNIPPET ? `${s.slice(0, SNIPPET).trimEnd()}…` : s);

export const text = (t: string): Reply => ({ text: t });
/** No text of its own: only the edge can make the file or its signed link. */
export const wordCopy = (tx: Texts, draft: Draft): Reply => ({
  text: '',
  view: { type: 'wordCopy', draft },
  locale: tx.locale,
});
/** A message that also says which step was just answered, and with what, so its card can be shown as done. */
export const ack = (t: string, step: string, answer: string): Reply => ({
  text: t,
  view: { type: 'ack', step, text: answer },
});
export const doneCount = (draft: Pick<Draft, 'answers'>, fields: Table = FIELDS) => fieldsDone(draft, fields);

export function fieldLabel(tx: Texts, step: string, fields: Table = FIELDS): string {
  const field = fieldOf(step, fields);
  return field ? tx.t(`fields.${field.key}.label`) : '';
}

/**
 * How officials' own text is shown: escaped for chat text by default (dialogs/core/markdown.ts), escaped for cards
 * when a card passes its own (dialogs/cards/escape.ts). Teams renders markdown and HTML in both.
 */
export type Show = (userText: string) => string;
const inChat: Show = escapeChatText;

const NAME_CHARS = 80;
/**
 * The name a draft goes by in lists and messages: its title, cut at a word boundary near 80 characters with an
 * ellipsis, so a 300-character title does not fill the welcome, the status, the receipt and the notification.
 */
export function shortTitle(title: string, max = NAME_CHARS): string {
  if (title.length <= max) return title;
  const flat = title.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  // A word longer than most of the limit is cut where it is, not left as a name of a few characters.
  const end = space > max * 0.6 ? space : max;
  return `${flat.slice(0, end).replace(/[\s,;:.\-–—]+$/, '')}…`;
}

export function titleLabel(tx: Texts, draft: Draft, show: Show = inChat, fields: Table = FIELDS): string {
  const title = titleOf(draft, fields);
  return title ? show(shortTitle(title)) : tx.t('draft.untitled', { date: draft.createdAt.slice(0, 10) });
}

export function where(tx: Texts, draft: Draft, fields: Table = FIELDS): string {
  const step = draft.cursor.step;
  if (step === REVIEW_STEP) return tx.t('home.atReview');
  const field = fieldOf(step, fields);
  return field
    ? tx.t('home.atField', { n: field.number, label: tx.t(`fields.${field.key}.label`) })
    : tx.t('home.atStart');
}

/** The official's open drafts (oldest first, as "continuar N" counts them) and their last submissions. */
export function sortDrafts(drafts: Draft[]): { open: Draft[]; sent: Draft[] } {
  const open = drafts.filter((d) => d.status === 'draft' || d.status === 'returned');
  const sent = drafts.filter((d) => d.reference && d.status !== 'draft' && d.status !== 'returned').slice(-5);
  return { open, sent };
}

export const draftLine = (tx: Texts, d: Draft, index: number, show: Show = inChat, fields: Table = FIELDS) =>
  tx.t('home.draftLine', {
    index,
    title: titleLabel(tx, d, show, fields),
    done: fieldsDone(d, fields),
    total: fields.length,
    where: where(tx, d, fields),
  });

export const submittedLine = (tx: Texts, d: Draft, show: Show = inChat, fields: Table = FIELDS) =>
  tx.t('home.submittedLine', {
    reference: d.reference ?? '',
    title: titleLabel(tx, d, show, fields),
    status: tx.t(`statuses.${d.status}`),
  });

export function home(tx: Texts, official: Official, drafts: Draft[], fields: Table = FIELDS): Reply {
  const { open, sent } = sortDrafts(drafts);
  const lines = [tx.t('home.greeting', { name: official.name ? ` ${inChat(official.name)}` : '' })];
  if (open.length) {
    lines.push('', tx.t('home.drafts'));
    open.forEach((d, i) => lines.push(draftLine(tx, d, i + 1, inChat, fields)));
  }
  if (sent.length) {
    lines.push('', tx.t('home.submitted'));
    for (const d of sent) lines.push(submittedLine(tx, d, inChat, fields));
  }
  lines.push('', tx.t(open.length ? 'home.nextWithDrafts' : 'home.nextEmpty'));
  return { text: lines.join('\n'), view: { type: 'home', official, drafts }, locale: tx.locale };
}

/** i18next's context: a presentation for a special session is named as one ("…_session" texts), a practice as a practice. */
const kindOf = (kind: string | undefined): Record<string, string> => (kind ? { context: kind } : {});

function partPrompt(tx: Texts, field: FieldDef, partKey: string, kind?: string): string {
  return field.parts.length > 1 ? tx.t(`fields.${field.key}.parts.${partKey}.prompt`, kindOf(kind)) : '';
}

/** The heading and the lines that ask one part of a field; shared by the chat text and the question card. */
export function partQuestion(
  tx: Texts,
  draft: Draft,
  show: Show = inChat,
  fields: Table = FIELDS,
): { header: string; lines: string[] } | undefined {
  const found = partOf(draft.cursor.step, fields);
  if (!found) return undefined;
  const { field, part } = found;
  const lines: string[] = [];
  if (field.parts[0] === part || field.parts.length === 1)
    lines.push(tx.t(`fields.${field.key}.question`, kindOf(draft.kind)));
  const prompt = partPrompt(tx, field, part.key, draft.kind);
  if (prompt) lines.push(prompt);
  if (!part.required) lines.push(tx.t('question.optional'));
  // The comment on this field, when the return gave one per field; else the return's one comment.
  if (draft.review?.fields.includes(field.number))
    lines.push(
      tx.t('reviewing.commentForOfficial', {
        by: show(draft.review.by),
        comment: show(draft.review.comments?.[field.number] ?? draft.review.comment),
      }),
    );
  if (draft.cursor.returnTo) lines.push(tx.t('question.editing'));
  return {
    header: tx.t('question.header', {
      n: field.number,
      total: fields.length,
      label: tx.t(`fields.${field.key}.label`),
    }),
    lines,
  };
}

export function question(tx: Texts, draft: Draft, fields: Table = FIELDS): Reply {
  const step = draft.cursor.step;
  const view: View = { type: 'question', draft };
  const locale = tx.locale;
  if (step === KIND_STEP) return { text: tx.t('kind.question'), view, locale };
  if (step === SESSION_STEP) return { text: tx.t('session.question'), view, locale };
  if (step === REVIEW_STEP) return review(tx, draft, fields);
  const asked = partQuestion(tx, draft, inChat, fields);
  if (!asked) return text(tx.t('errors.unknownField', { id: step }));
  const lines = [asked.header, ...asked.lines];
  const current = draft.answers[step];
  if (current) lines.push('', tx.t('question.current', { text: inChat(snippet(current.text)) }));
  return { text: lines.join('\n'), view, locale };
}

/**
 * The same question again after a refused answer, the answer kept in the card's box. No text of its own: the
 * error said what to fix, and a plain-text channel need not repeat the question.
 */
export const retry = (tx: Texts, draft: Draft, typed: string): Reply => ({
  text: '',
  view: { type: 'question', draft, typed },
  locale: tx.locale,
});

/** The choices a part is answered from, for the help text; none for a part typed freely. */
function choicesFor(tx: Texts, part: PartDef | undefined): string {
  if (part?.input === 'state') return STATES.map((s) => `${s.code} ${label(s, tx.locale)}`).join(' · ');
  if (part?.input === 'provisions') return PROVISIONS.map((p) => `${p.id}: ${label(p, tx.locale)}`).join('\n');
  return '';
}

export function help(tx: Texts, draft: Draft | undefined, fields: Table = FIELDS): Reply {
  const step = draft?.cursor.step;
  const field = step ? fieldOf(step, fields) : undefined;
  const lines: string[] = [];
  if (field && step) {
    lines.push(tx.t('help.fieldTitle', { n: field.number, label: tx.t(`fields.${field.key}.label`) }));
    lines.push(tx.t(`fields.${field.key}.guidance`));
    lines.push('', tx.t('help.example', { example: tx.t(`fields.${field.key}.example`) }));
    const choices = choicesFor(tx, partOf(step, fields)?.part);
    if (choices) lines.push('', tx.t('help.choices'), choices);
  } else if (step === KIND_STEP) lines.push(tx.t('kind.help'));
  // A blank line separates the field's help from the commands, and is not the reply's first line.
  if (lines.length) lines.push('');
  lines.push(tx.t(draft ? 'help.commands' : 'help.homeCommands'));
  return text(lines.join('\n'));
}

export function status(tx: Texts, draft: Draft, fields: Table = FIELDS): Reply {
  const done: string[] = [];
  const left: string[] = [];
  // One field per line, as a list item: Teams runs consecutive plain lines of a message together.
  for (const f of fields) {
    const line = `- ${f.number}. ${tx.t(`fields.${f.key}.label`)}`;
    if (fieldDone(f, draft)) done.push(line);
    else {
      // A field begun but not finished says so: "0 of 12 complete" alone reads as if nothing had been saved.
      const answered = f.parts.filter((p) => draft.answers[partId(f, p)]).length;
      left.push(answered ? `${line} (${tx.t('status.partial', { answered, parts: f.parts.length })})` : line);
    }
  }
  const lines = [
    tx.t('status.title', { title: titleLabel(tx, draft, inChat, fields), done: done.length, total: fields.length }),
  ];
  if (done.length) lines.push('', tx.t('status.done'), ...done);
  if (left.length) lines.push('', tx.t('status.left'), ...left);
  lines.push('', where(tx, draft, fields));
  return text(lines.join('\n'));
}

/** An error's values quote what the official typed («{{text}}» is not a State): shown as typed too. */
const shownParams = (params: Message['params']): Message['params'] =>
  params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? inChat(v) : v]));

export function error(tx: Texts, message: Message, offerWayOut: boolean): Reply {
  const lines = [tx.t(message.key, shownParams(message.params))];
  lines.push(offerWayOut ? tx.t('errors.tooManyTries') : tx.t('errors.tryAgain'));
  return text(lines.join('\n\n'));
}

/** Fields with a required part still empty. */
export function missingFields(draft: Pick<Draft, 'answers'>, fields: Table = FIELDS): number[] {
  return fields.filter((f) => !fieldDone(f, draft)).map((f) => f.number);
}

/** One field's answers on one line: States and provisions by their names in the reader's language. */
/** `max`: how much of each typed answer is shown (the review card's preview and its "show all"). */
export function answerLine(
  tx: Texts,
  draft: Pick<Draft, 'answers' | 'attachments'>,
  field: FieldDef,
  show: Show = inChat,
  max = SNIPPET,
): string {
  const parts = field.parts
    .map((p) => {
      const a = draft.answers[partId(field, p)];
      if (!a) return p.required ? tx.t('review.empty') : '';
      if (typeof a.value === 'string' && p.input === 'state')
        return label(stateByCode(a.value) ?? { es: a.text, en: a.text }, tx.locale);
      if (Array.isArray(a.value))
        return a.value.map((id) => `${id} ${label(provisionById(id) ?? { es: '', en: '' }, tx.locale)}`).join('; ');
      // Field 11's files, with their sizes, rather than the plain list that stands in for its text.
      if (p.files && a.value === ATTACHED_MARK && draft.attachments?.length) return '';
      return show(a.text.length > max ? `${a.text.slice(0, max).trimEnd()}…` : a.text);
    })
    .filter(Boolean);
  if (field.parts.some((p) => p.files) && draft.attachments?.length)
    parts.push(show(attachmentsLine(tx, draft.attachments)));
  return parts.join(' | ');
}

export function review(tx: Texts, draft: Draft, fields: Table = FIELDS): Reply {
  const missing = missingFields(draft, fields);
  const lines = [tx.t('review.title', { title: titleLabel(tx, draft, inChat, fields) })];
  if (draft.kind)
    lines.push(tx.t(`kinds.${draft.kind}.label`) + (draft.sessionName ? `: ${inChat(draft.sessionName)}` : ''));
  for (const f of fields) {
    const mark = missing.includes(f.number) ? '⚠️' : '✅';
    lines.push('', `${mark} **${f.number}. ${tx.t(`fields.${f.key}.label`)}**`, answerLine(tx, draft, f));
  }
  lines.push('', missing.length ? tx.t('review.missing', { fields: missing.join(', ') }) : tx.t('review.ready'));
  return { text: lines.join('\n'), view: { type: 'review', draft }, locale: tx.locale };
}

export function refused(tx: Texts, list: Problem[]): Reply {
  const lines = [tx.t('refused.title')];
  for (const p of list) {
    const partLabel = p.field.parts.length > 1 ? ` (${tx.t(`fields.${p.field.key}.parts.${p.part}.name`)})` : '';
    lines.push(
      `- ${p.field.number}. ${tx.t(`fields.${p.field.key}.label`)}${partLabel}: ${tx.t(p.error.key, shownParams(p.error.params))}`,
    );
  }
  lines.push('', tx.t('refused.howTo'));
  return text(lines.join('\n'));
}

export function receipt(tx: Texts, record: PracticeRecord, already: boolean): Reply {
  const key = already ? 'receipt.already' : 'receipt.done';
  return {
    text: tx.t(key, { reference: record.reference, title: inChat(shortTitle(record.title)), ...kindOf(record.kind) }),
    view: { type: 'receipt', record, already },
    locale: tx.locale,
  };
}

/** The Secretariat's notice of a new submission, in the Secretariat's language. */
export function notification(tx: Texts, record: PracticeRecord): Reply {
  const state = stateByCode(record.state);
  const title = tx.t('notify.title', { kind: tx.t(`kinds.${record.kind}.label`), reference: record.reference });
  const body = tx.t('notify.lines', {
    title: inChat(shortTitle(record.title)),
    state: state ? label(state, tx.locale) : inChat(record.state),
    institution: inChat(record.institution),
    provisions: record.provisions
      .map((id) => `${id} ${label(provisionById(id) ?? { es: '', en: '' }, tx.locale)}`)
      .join('; '),
    by: inChat(record.submittedBy.name ?? record.submittedBy.id),
    date: record.submittedAt.slice(0, 10),
    lang: tx.t(`languageNames.${record.lang}`),
  });
  return {
    text: `${title}\n\n${body}${record.sessionName ? `\n${tx.t('kinds.session.label')}: ${inChat(record.sessionName)}` : ''}`,
    view: { type: 'notification', record },
    locale: tx.locale,
  };
}

// How ReviewService writes a return's note: the field numbers, then the comment ("3,6: …").
const RETURN_NOTE = /^(\d+(?:\s*,\s*\d+)*):\s?([\s\S]*)$/;

/** When, as the Secretariat's card and refusals say it: UTC, so every reviewer reads the same time. */
const when = (iso: string) => ({ date: iso.slice(0, 10), time: iso.slice(11, 16) });

/**
 * Where a practice stands, in one line for the Secretariat (its card's status, and what a reviewer acting on a card
 * that is no longer true is told): who did what and when; for a return, the fields and the comment.
 */
export function statusLine(
  tx: Texts,
  record: PracticeRecord,
  show: Show = inChat,
  fields: Table = FIELDS,
): { line: string; detail: string } {
  const last = record.history.at(-1);
  const at = when(last?.at ?? record.submittedAt);
  if (record.status === 'returned' && last) {
    const note = RETURN_NOTE.exec(last.note ?? '');
    const numbers = note ? note[1]!.split(',').map((n) => Number(n.trim())) : [];
    const named = numbers
      .map((n) => fields.find((f) => f.number === n))
      .filter((f): f is FieldDef => f !== undefined)
      .map((f) => `${f.number} (${tx.t(`fields.${f.key}.label`)})`);
    return {
      line: tx.t('reviewing.status_returned', { by: show(last.by), ...at, fields: named.join(', ') }),
      detail: note?.[2] ? show(snippet(note[2])) : '',
    };
  }
  if (record.status === 'accepted' && last)
    return { line: tx.t('reviewing.status_accepted', { by: show(last.by), ...at }), detail: '' };
  return {
    line: tx.t('reviewing.status_submitted', { version: record.version, ...at }),
    detail: record.previous ? changesLine(tx, record, fields) : '',
  };
}

/** "Changed since version 1: 3 (Description), 6 (Implementation)." */
export function changesLine(tx: Texts, record: PracticeRecord, fields: Table = FIELDS): string {
  if (!record.previous) return '';
  const changed = changedFields(
    versionDiff(record.previous.answers, record.answers, { fields, show: filesShown(record) }),
  );
  const named = changed
    .map((n) => fields.find((f) => f.number === n))
    .filter((f): f is FieldDef => f !== undefined)
    .map((f) => `${f.number} (${tx.t(`fields.${f.key}.label`)})`);
  return named.length
    ? tx.t('reviewing.changedSince', { version: record.previous.version, fields: named.join(', ') })
    : tx.t('reviewing.nothingChanged', { version: record.previous.version });
}

/** An answer as compared between versions: its text, and for field 11 the names of that version's files too. */
export function filesShown(record: PracticeRecord): ShowAnswer {
  const fileNames = (side: 'before' | 'after') =>
    ((side === 'before' ? record.previous?.attachments : record.attachments) ?? []).map((a) => a.name).join('\n');
  return (answer, part, side) => {
    const own = answer && !(part.files && answer.value === ATTACHED_MARK) ? answer.text : '';
    const files = part.files ? fileNames(side) : '';
    return [own, files].filter(Boolean).join('\n');
  };
}
