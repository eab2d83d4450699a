import { FIELDS, partId, partWith, partsOf, type FieldDef, type PartRole, type Table } from './fields.js';
import type { Locale } from './normalize.js';

export type SubmissionKind = 'practice' | 'session';
export type Status = 'draft' | 'submitted' | 'returned' | 'accepted';

export interface Answer {
  text: string;
  value?: string | string[];
  /** The language the official wrote in; answers are never translated. */
  lang: Locale;
  at: string;
}

/** Where the conversation stands in this draft, kept with the draft so any device or restart resumes there. */
export interface Cursor {
  step: string;
  failures: number;
  /** Set by "edit N": where to go back to once field N is answered. */
  returnTo?: string;
  /** The official is adding to the answer of this step over several posts. */
  appending?: boolean;
}

/** A file kept with the practice (field 11): its bytes are in the Attachments store under the draft's key. */
export interface AttachmentRef {
  id: string;
  /** As the official's client named it (shown, never used as a path). */
  name: string;
  size: number;
  /** What its bytes are (attachmentType): pdf, docx, xlsx, pptx, png, jpeg, gif. */
  type: string;
  at: string;
  /** The draft whose key holds the bytes, when it came from another (an imported draft merged into this one). */
  origin?: string;
}

/** Where an attachment's bytes are kept: under its owner and draft, so no one else's key can reach it. */
export const attachmentKey = (ownerId: string, draftId: string, id: string): string => `${ownerId}/${draftId}/${id}`;

export interface StatusChange {
  status: Status;
  at: string;
  by: string;
  note?: string;
}

export interface Official {
  id: string;
  name?: string;
  tenantId?: string;
}

export interface Draft {
  id: string;
  owner: Official;
  kind?: SubmissionKind;
  sessionName?: string;
  answers: Record<string, Answer>;
  cursor: Cursor;
  /**
   * Set while the Secretariat has returned the practice: the fields to revise and why. `comments`: what to revise in
   * each field, by its number (a return from the dialog); `comment` then holds them all, for older readers.
   */
  review?: { fields: number[]; comment: string; comments?: Record<number, string>; by: string; at: string };
  /** Steps the official chose to leave for later; walking forward passes them by. */
  skipped?: string[];
  status: Status;
  reference?: string;
  /** Reserved before the practice is written, so a retry after a crash reuses it instead of taking another. */
  pendingReference?: string;
  version: number;
  history: StatusChange[];
  createdAt: string;
  updatedAt: string;
  /**
   * The last messages (activity ids) whose changes this version holds, written in the same save as the change:
   * a message Teams delivers again, to this instance or another, or a save retried after a lost reply, is
   * recognised and never applied twice.
   */
  applied?: string[];
  /** Files kept for field 11, oldest first. */
  attachments?: AttachmentRef[];
  /** Read from a Word file or a pasted format: a later paste continues this draft rather than starting another. */
  imported?: { at: string; source: 'docx' | 'text'; name?: string };
  /**
   * Set aside: merged into another draft, or deleted by the official (after a confirmation). Kept on disk, where
   * the Secretariat can see a practice was abandoned; never listed to the official again.
   */
  deleted?: { at: string; why: 'merged' | 'official'; into?: string };
  /**
   * Text written in a form window that does not pass yet (too short, a State not recognised), per part id: kept so
   * that closing the window loses nothing, shown back in the window and in the chat's box. Never submitted.
   */
  unfinished?: Record<string, { text: string; at: string }>;
  /** The storage version this copy was read at; not stored. Saving checks it, so two instances never overwrite each other. */
  _etag?: string;
}

export const KIND_STEP = 'kind';
export const SESSION_STEP = 'session';
export const REVIEW_STEP = 'review';

export function newDraft(id: string, owner: Official, now: string): Draft {
  return {
    id,
    owner,
    answers: {},
    cursor: { step: KIND_STEP, failures: 0 },
    status: 'draft',
    version: 1,
    history: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** The ordered steps of this draft: the kind, the session's name when it is one, every part of every field, then the review. */
export function stepsOf(draft: Pick<Draft, 'kind'>, fields: Table = FIELDS): string[] {
  return [
    KIND_STEP,
    ...(draft.kind === 'session' ? [SESSION_STEP] : []),
    ...partsOf(fields).map((p) => p.id),
    REVIEW_STEP,
  ];
}

/** A field counts as done when every required part has an answer. */
export const fieldDone = (field: FieldDef, draft: Pick<Draft, 'answers'>): boolean =>
  field.parts.every((p) => !p.required || !!draft.answers[partId(field, p)]);

export function fieldsDone(draft: Pick<Draft, 'answers'>, fields: Table = FIELDS): number {
  return fields.filter((f) => fieldDone(f, draft)).length;
}

/** The answer to the part that plays `role` (the title, the State, ...), if the form has one and it is answered. */
export function answerAs(draft: Pick<Draft, 'answers'>, role: PartRole, fields: Table = FIELDS): Answer | undefined {
  const found = partWith(role, fields);
  return found && draft.answers[found.id];
}

export function titleOf(draft: Pick<Draft, 'answers'>, fields: Table = FIELDS): string | undefined {
  return answerAs(draft, 'title', fields)?.text;
}

const TRANSITIONS: Record<Status, readonly Status[]> = {
  draft: ['submitted'],
  submitted: ['returned', 'accepted'],
  returned: ['submitted'],
  accepted: [],
};

/** Moves a submission through its life cycle, keeping who and when; refuses moves the process does not allow. */
export function transition(draft: Draft, to: Status, by: string, at: string, note?: string): Draft {
  if (!TRANSITIONS[draft.status].includes(to)) throw new Error(`A ${draft.status} practice cannot become ${to}`);
  const version = draft.status === 'returned' && to === 'submitted' ? draft.version + 1 : draft.version;
  return {
    ...draft,
    status: to,
    version,
    updatedAt: at,
    history: [...draft.history, { status: to, at, by, ...(note ? { note } : {}) }],
  };
}
