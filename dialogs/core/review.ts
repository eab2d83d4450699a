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

export type ReviewResult =
  | { ok: true; record: PracticeRecord; already: boolean }
  | { ok: false; reason: 'notFound' | 'noFields' }
  | { ok: false; reason: 'notUnderReview'; status: string };

/**
 * The Secretariat's decision on a submitted practice: accept it, or return it to the official with comments on
 * named fields. The practice keeps its reference; the record, the official's draft and their history move
 * together, and the official is told through the outbox (so a failing Teams never loses the message).
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

  async accept(reference: string, reviewer: Official, now: Date): Promise<ReviewResult> {
    return this.decide(reference, reviewer, now, 'accepted');
  }

  async giveBack(
    reference: string,
    reviewer: Official,
    fields: number[],
    comment: string,
    now: Date,
  ): Promise<ReviewResult> {
    const valid = [...new Set(fields)].filter((n) => FIELDS.some((f) => f.number === n)).sort((a, b) => a - b);
    if (valid.length === 0) return { ok: false, reason: 'noFields' };
    return this.decide(reference, reviewer, now, 'returned', { fields: valid, comment: comment.trim() });
  }

  private async decide(
    reference: string,
    reviewer: Official,
    now: Date,
    decision: 'accepted' | 'returned',
    review?: { fields: number[]; comment: string },
  ): Promise<ReviewResult> {
    return this.lock.run(reference, async () => {
      const record = await this.deps.practices.get(reference);
      if (!record) return { ok: false, reason: 'notFound' };
      if (record.status === decision) return { ok: true, record, already: true };
      if (record.status !== 'submitted') return { ok: false, reason: 'notUnderReview', status: record.status };
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
