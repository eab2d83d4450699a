import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import { KIND_STEP, REVIEW_STEP, SESSION_STEP, fieldsDone, type Draft, type Official } from '../core/draft.js';
import { answerLine, draftLine, missingFields, partQuestion, sortDrafts, submittedLine, titleLabel } from '../core/views.js';
import { FIELDS, partOf } from '../core/fields.js';
import type { PracticeRecord } from '../core/practice.js';
import { PROVISIONS, STATES, label, stateByCode } from '../core/reference.js';
import type { Texts } from '../core/texts.js';
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
};

/*
 * Binding a template (adaptive-expressions evaluating every ${...}) was the largest cost of a turn after the
 * disk. The same data give the same card, and most replies repeat (the same question in the same language at
 * the same progress, for every official), so expansions are kept, keyed by the data. The draft id differs for
 * every official: it is bound as a token that no user text can contain and put in afterwards, copying only
 * the few objects on the way to it (the buttons); the rest of a card is shared, frozen so nothing can alter it.
 */
const TOKEN = `draft-${randomUUID()}`;
const MEMO_SIZE = 500;

interface Expansion {
  card: Card;
  /** The objects and arrays that hold the token somewhere below them. */
  holders: ReadonlySet<object>;
}
const memo = new Map<string, Expansion>();

/** Freezes the expanded card, noting on the way which objects hold the token; says whether `node` does. */
function freeze(node: unknown, holders: Set<object>): boolean {
  if (typeof node === 'string') return node === TOKEN;
  if (typeof node !== 'object' || node === null) return false;
  let holds = false;
  for (const child of Object.values(node)) holds = freeze(child, holders) || holds;
  if (holds) holders.add(node);
  Object.freeze(node);
  return holds;
}

function withDraft(node: unknown, holders: ReadonlySet<object>, draftId: string): unknown {
  if (node === TOKEN) return draftId;
  if (typeof node !== 'object' || node === null || !holders.has(node)) return node;
  if (Array.isArray(node)) return node.map((child) => withDraft(child, holders, draftId));
  return Object.fromEntries(Object.entries(node).map(([k, child]) => [k, withDraft(child, holders, draftId)]));
}

function expand(name: keyof typeof TEMPLATES, data: { draftId?: string; [field: string]: unknown }): Card {
  const { draftId, ...rest } = data;
  const key = `${name}\u0000${draftId === undefined ? '' : 'd'}\u0000${JSON.stringify(rest)}`;
  let hit = memo.get(key);
  if (hit === undefined) {
    const card = TEMPLATES[name].expand({ $root: draftId === undefined ? rest : { ...rest, draftId: TOKEN } }) as Card;
    const holders = new Set<object>();
    freeze(card, holders);
    hit = { card, holders };
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  } else memo.delete(key);
  memo.set(key, hit);
  return draftId === undefined ? hit.card : (withDraft(hit.card, hit.holders, draftId) as Card);
}

const SNIPPET = 400;
const snippet = (s: string) => (s.length > SNIPPET ? `${s.slice(0, SNIPPET).trimEnd()}…` : s);

function progressBar(done: number, total: number): string {
  return `${'▰'.repeat(done)}${'▱'.repeat(total - done)}`;
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

function inputFor(tx: Texts, draft: Draft, step: string): InputSpec {
  const answer = draft.answers[step];
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
  if (step === 'institution.state')
    return {
      input: 'choice',
      choiceStyle: 'compact',
      choices: STATES.map((s) => ({ title: label(s, tx.locale), value: s.code })),
      value: typeof answer?.value === 'string' ? answer.value : '',
    };
  if (step === 'title.provisions')
    return {
      input: 'choice',
      choiceStyle: 'compact',
      multi: true,
      choices: PROVISIONS.map((p) => ({ title: `${p.id}: ${label(p, tx.locale)}`, value: p.id })),
      value: Array.isArray(answer?.value) ? answer.value.join(',') : '',
    };
  const narrative = (partOf(step)?.field.number ?? 0) >= 3 && (partOf(step)?.field.number ?? 0) <= 11;
  return { input: 'text', multiline: narrative || step === 'title.topic' || step === 'contact.position', value: answer?.text ?? '' };
}

export function questionCard(tx: Texts, draft: Draft): Card {
  const step = draft.cursor.step;
  const found = partOf(step);
  const lines: string[] = [];
  let header = tx.t('cards.newDraft');
  let guidance = '';
  let example = '';
  if (step === KIND_STEP) lines.push(tx.t('kind.question').split('\n')[0] ?? '');
  else if (step === SESSION_STEP) lines.push(tx.t('session.question'));
  else if (found) {
    const { field } = found;
    const asked = partQuestion(tx, draft, esc)!;
    header = asked.header.replace(/\*\*/g, '');
    lines.push(...asked.lines);
    guidance = tx.t(`fields.${field.key}.guidance`);
    example = tx.t('help.example', { example: tx.t(`fields.${field.key}.example`) });
  }
  const answer = draft.answers[step];
  const done = fieldsDone(draft);
  return expand('question', {
    header,
    progress: found ? `${progressBar(done, FIELDS.length)} ${tx.t('cards.progress', { done, total: FIELDS.length })}` : '',
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
    ...inputFor(tx, draft, step),
    draftId: draft.id,
    step,
    canSkip: !!found,
    labels: labels(tx),
  });
}

export function reviewCard(tx: Texts, draft: Draft): Card {
  const missing = missingFields(draft);
  return expand('review', {
    title: tx.t('review.title', { title: titleLabel(tx, draft, esc) }).replace(/\*\*/g, ''),
    kind: draft.kind ? tx.t(`kinds.${draft.kind}.label`) + (draft.sessionName ? `: ${esc(draft.sessionName)}` : '') : '',
    fields: FIELDS.map((f) => ({
      number: f.number,
      heading: `${missing.includes(f.number) ? '⚠️' : '✅'} ${f.number}. ${tx.t(`fields.${f.key}.label`)}`,
      color: missing.includes(f.number) ? 'Warning' : 'Default',
      answer: answerLine(tx, draft, f, esc),
    })),
    footer: missing.length ? tx.t('review.missing', { fields: missing.join(', ') }) : tx.t('review.ready'),
    draftId: draft.id,
    labels: labels(tx),
  });
}

export function homeCard(tx: Texts, official: Official, drafts: Draft[]): Card {
  const { open, sent } = sortDrafts(drafts);
  return expand('home', {
    greeting: tx.t('home.greeting', { name: official.name ? ` ${esc(official.name)}` : '' }),
    draftsTitle: tx.t('home.drafts'),
    drafts: open.map((d, i) => ({
      id: d.id,
      line: draftLine(tx, d, i + 1, esc),
      progress: `${progressBar(fieldsDone(d), FIELDS.length)} ${tx.t('cards.progress', { done: fieldsDone(d), total: FIELDS.length })}`,
    })),
    submittedTitle: tx.t('home.submitted'),
    submitted: sent.map((d) => submittedLine(tx, d, esc)),
    next: tx.t(open.length ? 'home.nextWithDrafts' : 'home.nextEmpty'),
    labels: labels(tx),
  });
}

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
  ];
}

export function receiptCard(tx: Texts, record: PracticeRecord, already: boolean): Card {
  return expand('facts', {
    title: tx.t(already ? 'cards.receiptAlready' : 'cards.receipt'),
    subtitle: tx.t(already ? 'receipt.already' : 'receipt.done', { reference: record.reference, title: esc(record.title) }),
    facts: factsOf(tx, record).slice(0, 4),
    note: '',
  });
}

/** The Secretariat's card: the practice's summary, and while it awaits a decision, Accept and Return buttons. */
export function notificationCard(tx: Texts, record: PracticeRecord, decided?: string): Card {
  return expand('notification', {
    title: tx.t('notify.title', { kind: tx.t(`kinds.${record.kind}.label`), reference: record.reference }).replace(/\*\*/g, ''),
    subtitle: esc(record.title) + (record.sessionName ? ` (${esc(record.sessionName)})` : ''),
    facts: [...factsOf(tx, record), { name: tx.t('cards.facts.version'), value: String(record.version) }],
    status: decided ?? '',
    reviewable: !decided && record.status === 'submitted',
    fields: FIELDS.map((f) => ({ title: `${f.number}. ${tx.t(`fields.${f.key}.label`)}`, value: String(f.number) })),
    reference: record.reference,
    labels: { fields: tx.t('reviewing.fields'), comment: tx.t('reviewing.comment'), accept: tx.t('reviewing.accept'), giveBack: tx.t('reviewing.giveBack') },
  });
}

/** What an answered card becomes: the question and the answer, no buttons, so it cannot be sent twice. */
export function answeredCard(header: string, answer: string, note: string): Card {
  return expand('facts', { title: header, subtitle: `✓ ${esc(snippet(answer))}`, facts: [], note });
}

/** The heading a step's card carried, for the answered version of that card. */
export function stepHeader(tx: Texts, step: string): string {
  const found = partOf(step);
  if (found) return tx.t('question.header', { n: found.field.number, total: FIELDS.length, label: tx.t(`fields.${found.field.key}.label`) }).replace(/\*\*/g, '');
  if (step === REVIEW_STEP) return tx.t('cards.submit');
  return tx.t('cards.newDraft');
}
