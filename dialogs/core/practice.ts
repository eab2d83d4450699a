import {
  answerAs,
  type AttachmentRef,
  type Answer,
  type Draft,
  type Official,
  type Status,
  type StatusChange,
  type SubmissionKind,
} from './draft.js';
import { FIELDS, type PartRole, type Table } from './fields.js';
import type { Locale } from './normalize.js';

/** What the Secretariat's repository keeps for each submitted practice. */
export interface PracticeRecord {
  reference: string;
  draftId: string;
  kind: SubmissionKind;
  sessionName?: string;
  status: Status;
  version: number;
  state: string;
  institution: string;
  title: string;
  provisions: string[];
  submittedAt: string;
  submittedBy: Official;
  /** The language most answers were written in; answers themselves are kept as written. */
  lang: Locale;
  answers: Record<string, Answer>;
  history: StatusChange[];
  /** Thematic areas chosen by a reviewer; when absent they are derived from the provisions. */
  areas?: number[];
  /** Files the official attached at field 11 (their bytes under attachmentKey(submittedBy.id, draftId, id)). */
  attachments?: AttachmentRef[];
  /** The Secretariat channel's post for this practice (its thread): updated in place on every status change. */
  channelPost?: ChannelPost;
  /**
   * The version before this one, as it was submitted (only the answers and files: what a reviewer compares). One
   * version back, not all: a record stays about twice its answers' size however often it is returned.
   */
  previous?: PreviousVersion;
}

export interface PreviousVersion {
  version: number;
  submittedAt: string;
  answers: Record<string, Answer>;
  attachments?: AttachmentRef[];
}

/** Where a practice's card sits in the Secretariat's channel: the thread's conversation and its root message. */
export interface ChannelPost {
  /** The conversation id of the thread ("19:…@thread.tacv2;messageid=…"). */
  conversationId: string;
  /** The root message (the card) of the thread. */
  activityId: string;
  /** The channel's id (19:…@thread…), for a deep link to the thread. */
  channelId?: string;
  teamId?: string;
  serviceUrl?: string;
}

/** "MESICIC-BP-2026-0001" for good practices, "MESICIC-SE-…" for special-session presentations. */
export function formatReference(kind: SubmissionKind, year: number, n: number): string {
  return `MESICIC-${kind === 'session' ? 'SE' : 'BP'}-${year}-${String(n).padStart(4, '0')}`;
}

/** The highest sequence number among references of one counter (`<kind>-<year>`, as submission names them). */
export function highestSequence(references: string[], counter: string): number {
  const [kind, year] = counter.split('-');
  const head = formatReference(kind === 'session' ? 'session' : 'practice', Number(year), 0).slice(0, -4);
  let max = 0;
  for (const r of references)
    if (r.startsWith(head) && /^\d+$/.test(r.slice(head.length))) max = Math.max(max, Number(r.slice(head.length)));
  return max;
}

function mainLanguage(answers: Record<string, Answer>): Locale {
  const counts = new Map<Locale, number>();
  for (const a of Object.values(answers)) counts.set(a.lang, (counts.get(a.lang) ?? 0) + a.text.length);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'es';
}

/** The practice as the Secretariat files it: the parts that play a role (the State, the title, ...) pulled out, every answer kept. */
export function toRecord(draft: Draft, reference: string, submittedAt: string, fields: Table = FIELDS): PracticeRecord {
  const a = draft.answers;
  const as = (role: PartRole) => answerAs(draft, role, fields);
  const state = as('state')?.value;
  const provisions = as('provisions')?.value;
  return {
    reference,
    draftId: draft.id,
    kind: draft.kind ?? 'practice',
    ...(draft.sessionName ? { sessionName: draft.sessionName } : {}),
    status: draft.status,
    version: draft.version,
    state: typeof state === 'string' ? state : '',
    institution: as('institution')?.text ?? '',
    title: as('title')?.text ?? '',
    provisions: Array.isArray(provisions) ? provisions : [],
    submittedAt,
    submittedBy: draft.owner,
    lang: mainLanguage(a),
    answers: a,
    history: draft.history,
    ...(draft.attachments?.length ? { attachments: draft.attachments } : {}),
  };
}
