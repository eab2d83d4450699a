import { KeyedLock } from './keyedLock.js';
import type { Drafts, Outbox, Practices } from './ports.js';
import { transition, type Draft, type Official } from './draft.js';
import { FIELDS, partId } from './fields.js';
import type { PracticeRecord } from './practice.js';
import { queueForward } from './forwarding.js';

export const OFFICIAL_NOTICE_KIND = 'official-notification';
export interface OfficialNotice {
  ownerId: string;
  reference: string;
  /** 'reached': the Secretariat's channel got the practice (the receipt only said it was queued). */
  decision: 'accepted' | 'returned' | 'reached';
  version?: number;
}

/**
 * Called once the Secretariat's notification of a version has landed in its channel. One notice per version,
 * by its id: a repeated channel delivery queues nothing more, and nor does one after the notice went out.
 */
export async function queueReachedNotice(
  outbox: Outbox,
  record: Pick<PracticeRecord, 'reference' | 'submittedBy'>,
  version: number,
  now: Date,
): Promise<boolean> {
  return outbox.enqueue<OfficialNotice>(
    {
      id: `official-${record.reference}-v${version}-reached`,
      kind: OFFICIAL_NOTICE_KIND,
      payload: { ownerId: record.submittedBy.id, reference: record.reference, decision: 'reached', version },
    },
    now,
  );
}

/** The Secretariat channel's card of a practice, redrawn in place from the record as it is when delivered. */
export const CARD_UPDATE_KIND = 'channel-card-update';
export interface CardUpdate {
  reference: string;
}

/**
 * Queues the redrawing of a practice's channel card. Each status change has its own id (the history's length), so
 * a change queued twice (a retry, a turn run again) is drawn once; the drawing reads the record when it is
 * delivered, so a late or repeated one still shows the latest state, never an older one. `other`: a change that is
 * not one of status (a reviewer placed it in thematic areas, a drawing fell behind), queued under its time.
 */
export async function queueCardUpdate(
  outbox: Outbox,
  record: Pick<PracticeRecord, 'reference' | 'history'>,
  now: Date,
  why: 'status' | 'other' = 'status',
): Promise<boolean> {
  const id =
    why === 'status'
      ? `card-${record.reference}-h${record.history.length}`
      : `card-${record.reference}-t${now.getTime()}`;
  return outbox.enqueue<CardUpdate>({ id, kind: CARD_UPDATE_KIND, payload: { reference: record.reference } }, now);
}

export type ReviewResult =
  | { ok: true; record: PracticeRecord; already: boolean }
  | { ok: false; reason: 'notFound' | 'noFields' }
  /** Decided already (by someone else, or otherwise), or the card named an older version: `record` says what is so. */
  | { ok: false; reason: 'notUnderReview'; status: string; record: PracticeRecord }
  | { ok: false; reason: 'otherVersion'; record: PracticeRecord };

/** Per-field comments as one text, for what reads a return's single comment (the official's notice, the history). */
export function joinComments(comments: Record<number, string>): string {
  const entries = Object.entries(comments).sort((a, b) => Number(a[0]) - Number(b[0]));
  if (entries.length === 1) return entries[0]![1];
  return entries.map(([n, c]) => `${n}: ${c}`).join('\n');
}

/**
 * The Secretariat's decision on a submitted practice: accept it, or return it to the official with comments on
 * named fields. The practice keeps its reference; the record, the official's draft and their history move
 * together, and the official is told through the outbox (so a failing Teams never loses the message), as is the
 * channel's card, redrawn for everyone.
 */
export class ReviewService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly deps: {
      practices: Practices;
      drafts: Drafts;
      outbox: Outbox;
      onQueued?: () => void;
      forward?: boolean;
    },
  ) {}

  /** `version`: the version the reviewer was shown; a decision on another one is refused (see ReviewResult). */
  async accept(reference: string, reviewer: Official, now: Date, version?: number): Promise<ReviewResult> {
    return this.decide(reference, reviewer, now, 'accepted', undefined, version);
  }

  /** Returns the named fields, each with what to revise in it (`comments`, by field number). */
  async giveBack(
    reference: string,
    reviewer: Official,
    comments: Record<number, string>,
    now: Date,
    version?: number,
  ): Promise<ReviewResult> {
    const valid = Object.fromEntries(
      Object.entries(comments)
        .map(([n, c]) => [Number(n), c.trim()] as const)
        .filter(([n, c]) => c && FIELDS.some((f) => f.number === n)),
    ) as Record<number, string>;
    const fields = Object.keys(valid)
      .map(Number)
      .sort((a, b) => a - b);
    if (fields.length === 0) return { ok: false, reason: 'noFields' };
    return this.decide(
      reference,
      reviewer,
      now,
      'returned',
      { fields, comment: joinComments(valid), comments: valid },
      version,
    );
  }

  private async decide(
    reference: string,
    reviewer: Official,
    now: Date,
    decision: 'accepted' | 'returned',
    review?: { fields: number[]; comment: string; comments: Record<number, string> },
    version?: number,
  ): Promise<ReviewResult> {
    return this.lock.run(reference, async () => {
      const record = await this.deps.practices.get(reference);
      if (!record) return { ok: false, reason: 'notFound' };
      if (version !== undefined && version !== record.version) return { ok: false, reason: 'otherVersion', record };
      if (record.status === decision) {
        // A retry after a crash between the record and the card's update: queued again (once, by its id).
        if (await queueCardUpdate(this.deps.outbox, record, now)) this.deps.onQueued?.();
        return { ok: true, record, already: true };
      }
      if (record.status !== 'submitted') return { ok: false, reason: 'notUnderReview', status: record.status, record };
      const draft = await this.deps.drafts.get(record.submittedBy.id, record.draftId);
      if (!draft) return { ok: false, reason: 'notFound' };
      const at = now.toISOString();
      const note = review ? `${review.fields.join(',')}: ${review.comment}` : undefined;
      let moved: Draft = transition(draft, decision, reviewer.name ?? reviewer.id, at, note);
      if (review) {
        const field = FIELDS.find((f) => f.number === review.fields[0])!;
        moved = {
          ...moved,
          review: { ...review, by: reviewer.name ?? reviewer.id, at },
          cursor: { step: partId(field, field.parts[0]!), failures: 0 },
        };
      }
      const updated: PracticeRecord = { ...record, status: moved.status, history: moved.history };
      await this.deps.practices.put(updated);
      await queueCardUpdate(this.deps.outbox, updated, now);
      await this.deps.outbox.enqueue<OfficialNotice>(
        {
          id: `official-${reference}-v${record.version}-${decision}`,
          kind: OFFICIAL_NOTICE_KIND,
          payload: { ownerId: record.submittedBy.id, reference, decision },
        },
        now,
      );
      if (this.deps.forward) await queueForward(this.deps.outbox, updated, now);
      await this.deps.drafts.save(moved);
      this.deps.onQueued?.();
      return { ok: true, record: updated, already: false };
    });
  }
}
