import { KeyedLock } from './keyedLock.js';
import type { Counters, Drafts, Outbox, Practices } from './ports.js';
import { transition, type Draft } from './draft.js';
import { formatReference, toRecord, type PracticeRecord } from './practice.js';
import { problems, type Problem } from './validation.js';
import { queueForward } from './forwarding.js';

export type SubmitResult =
  | { ok: true; reference: string; already: boolean; record: PracticeRecord }
  | { ok: false; reason: 'incomplete'; problems: Problem[] }
  | { ok: false; reason: 'notFound' };

export const NOTIFY_KIND = 'secretariat-notification';
export interface NotifyPayload {
  reference: string;
  version: number;
}

/**
 * Submitting records the practice before anything else, then queues the Secretariat's notification. Every
 * step can be repeated: a double click, a retried request or a crash half-way yields one record and one
 * reference.
 */
export class SubmissionService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly deps: {
      drafts: Drafts;
      practices: Practices;
      counters: Counters;
      outbox: Outbox;
      /** Told when a notification was queued, so delivery can start at once rather than at the next poll. */
      onQueued?: () => void;
      /** Also queue each submission for the Secretariat's own repository endpoint. */
      forward?: boolean;
    },
  ) {}

  async submit(ownerId: string, draftId: string, now: Date): Promise<SubmitResult> {
    return this.lock.run(draftId, async () => {
      const { drafts, practices, outbox } = this.deps;
      let draft = await drafts.get(ownerId, draftId);
      if (!draft) return { ok: false, reason: 'notFound' };
      if ((draft.status === 'submitted' || draft.status === 'accepted') && draft.reference) {
        const record = await practices.get(draft.reference);
        if (record) return { ok: true, reference: draft.reference, already: true, record };
      }
      const blocking = problems(draft.answers);
      if (blocking.length > 0) return { ok: false, reason: 'incomplete', problems: blocking };

      const reference = draft.reference ?? draft.pendingReference ?? (await this.reserve(draft, now));
      if (!draft.reference && !draft.pendingReference)
        draft = await drafts.save({ ...draft, pendingReference: reference });
      const at = now.toISOString();
      const submitted: Draft = {
        ...transition(draft, 'submitted', ownerId, at),
        reference,
        cursor: { step: 'review', failures: 0 },
      };
      delete submitted.pendingReference;
      delete submitted.review;
      const record = toRecord(submitted, reference, at);
      await practices.put(record);
      await outbox.enqueue<NotifyPayload>(
        {
          id: `notify-${reference}-v${record.version}`,
          kind: NOTIFY_KIND,
          payload: { reference, version: record.version },
        },
        now,
      );
      if (this.deps.forward) await queueForward(outbox, record, now);
      await drafts.save(submitted);
      this.deps.onQueued?.();
      return { ok: true, reference, already: false, record };
    });
  }

  private async reserve(draft: Draft, now: Date): Promise<string> {
    const kind = draft.kind ?? 'practice';
    const year = now.getUTCFullYear();
    return formatReference(kind, year, await this.deps.counters.next(`${kind}-${year}`));
  }
}
