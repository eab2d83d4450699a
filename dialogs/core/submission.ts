import { KeyedLock } from './keyedLock.js';
import {
  ConflictError,
  DamagedDocumentError,
  type Counters,
  type Drafts,
  type Outbox,
  type Practices,
} from './ports.js';
import { transition, type Draft, type SubmissionKind } from './draft.js';
import { formatReference, toRecord, type PracticeRecord } from './practice.js';
import { problems, type Problem } from './validation.js';
import { queueForward } from './forwarding.js';
import { queueCardUpdate } from './review.js';

export type SubmitResult =
  | { ok: true; reference: string; already: boolean; record: PracticeRecord }
  | { ok: false; reason: 'incomplete'; problems: Problem[] }
  | { ok: false; reason: 'notFound' };

const KINDS: readonly SubmissionKind[] = ['practice', 'session'];

export const NOTIFY_KIND = 'secretariat-notification';
export interface NotifyPayload {
  reference: string;
  version: number;
}

/**
 * A new version keeps what the Secretariat's side added to the record (its channel post, the areas a reviewer
 * chose) and the version before it, for a reviewer to compare; a submission repeated keeps the same `previous`.
 */
function nextVersion(fresh: PracticeRecord, existing: PracticeRecord | undefined): PracticeRecord {
  if (!existing || existing.draftId !== fresh.draftId) return fresh;
  const previous: PracticeRecord['previous'] =
    existing.version < fresh.version
      ? {
          version: existing.version,
          submittedAt: existing.submittedAt,
          answers: existing.answers,
          ...(existing.attachments ? { attachments: existing.attachments } : {}),
        }
      : existing.previous;
  return {
    ...fresh,
    ...(existing.channelPost ? { channelPost: existing.channelPost } : {}),
    ...(existing.areas ? { areas: existing.areas } : {}),
    ...(previous ? { previous } : {}),
  };
}

/** A submission that lost a write race on its draft (the same draft submitted elsewhere) starts again from what was saved. */
const MAX_ATTEMPTS = 4;
/** Recovery leaves alone a draft changed this recently: its official may be retrying or editing it right now. */
export const RECOVER_QUIET_MS = 2 * 60_000;

/**
 * Who holds a reference number in the counter: the draft, under its owner (recovery needs both to find it).
 * Owner ids (AAD object ids) and draft ids (UUIDs) have no slash.
 */
const holderOf = (ownerId: string, draftId: string) => `${ownerId}/${draftId}`;

/** What a recovery pass found: submissions it completed, and numbers it could not give to anyone (gaps). */
export interface Recovered {
  completed: string[];
  unused: string[];
}

/**
 * Submitting records the practice before anything else, then queues the Secretariat's notification. Every
 * step can be repeated: a double click, a retried request, the same draft submitted on two instances at once or
 * a crash half-way yields one record and one reference.
 */
export class SubmissionService {
  private readonly lock = new KeyedLock();
  /** References recovery has settled (recorded, or told as unused): not looked at again by this process. */
  private readonly settled = new Set<string>();

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
      /** See RECOVER_QUIET_MS (tests shorten it). */
      recoverQuietMs?: number;
    },
  ) {}

  async submit(ownerId: string, draftId: string, now: Date): Promise<SubmitResult> {
    return this.lock.run(draftId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.once(ownerId, draftId, now);
        } catch (err) {
          // The draft was saved elsewhere meanwhile (the same submission on another instance, or a save of ours
          // whose reply was lost): every step is repeatable, so start again from what is stored.
          if (!(err instanceof ConflictError) || !err.key.startsWith('drafts/') || attempt >= MAX_ATTEMPTS) throw err;
        }
      }
    });
  }

  private async once(ownerId: string, draftId: string, now: Date): Promise<SubmitResult> {
    const { drafts, practices, outbox } = this.deps;
    let draft = await drafts.get(ownerId, draftId);
    // A draft set aside (deleted, or merged into another) is no longer one to submit, from any old card.
    if (!draft || draft.deleted) return { ok: false, reason: 'notFound' };
    if ((draft.status === 'submitted' || draft.status === 'accepted') && draft.reference) {
      const record = await practices.get(draft.reference);
      if (record) return { ok: true, reference: draft.reference, already: true, record };
    }
    const blocking = problems(draft.answers);
    if (blocking.length > 0) return { ok: false, reason: 'incomplete', problems: blocking };

    // The counter records this draft as the number's holder in the same write that takes it, so a retry finds
    // the same number even when the draft below was never saved (a crash, a lost reply, a race).
    let reference = draft.reference ?? draft.pendingReference ?? (await this.reserve(ownerId, draft, now));
    // A number reserved on an earlier attempt may have gone to another draft since, if the counter was damaged
    // and rebuilt from the references recorded: never write over another draft's record, take a new number.
    if (!draft.reference && draft.pendingReference) {
      const taken = await practices.get(reference);
      if (taken && taken.draftId !== draft.id) reference = await this.reserve(ownerId, draft, now, reference);
    }
    if (!draft.reference && draft.pendingReference !== reference)
      draft = await drafts.save({ ...draft, pendingReference: reference });
    const at = now.toISOString();
    const submitted: Draft = {
      ...transition(draft, 'submitted', ownerId, at),
      reference,
      cursor: { step: 'review', failures: 0 },
    };
    delete submitted.pendingReference;
    delete submitted.review;
    const record = nextVersion(toRecord(submitted, reference, at), await practices.get(reference));
    await practices.put(record);
    // A new version is a reply in the practice's channel thread, and the card atop the thread shows it at once.
    if (record.version > 1) await queueCardUpdate(outbox, record, now);
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
  }

  /** `replacing`: a number of this draft's that turned out to be another's; the new one is held apart from it. */
  private async reserve(ownerId: string, draft: Draft, now: Date, replacing?: string): Promise<string> {
    const kind = draft.kind ?? 'practice';
    const year = now.getUTCFullYear();
    const holder = holderOf(ownerId, draft.id) + (replacing ? `/${replacing}` : '');
    const n = await this.deps.counters.next(`${kind}-${year}`, holder);
    return formatReference(kind, year, n);
  }

  /**
   * Completes submissions whose number was reserved but whose practice was never written: the instance died
   * between the two and the official never sent `enviar` again. Such a draft was complete when its official
   * submitted it; it is submitted now as it stands, once it has been left alone for RECOVER_QUIET_MS (an official
   * still at it is not overtaken). Safe to run on every instance at once: each step is repeatable.
   */
  async recover(now: Date): Promise<Recovered> {
    const { counters, practices, drafts } = this.deps;
    const quietMs = this.deps.recoverQuietMs ?? RECOVER_QUIET_MS;
    const year = now.getUTCFullYear();
    // This year's and last year's sequences: older numbers were settled long ago.
    const names = KINDS.flatMap((kind) => [year - 1, year].map((y) => `${kind}-${y}`));
    const out: Recovered = { completed: [], unused: [] };
    for (const r of await counters.reservations(names)) {
      const [kind, y] = r.counter.split('-');
      const reference = formatReference(kind === 'session' ? 'session' : 'practice', Number(y), r.value);
      if (this.settled.has(reference)) continue;
      if (await practices.get(reference)) {
        this.settled.add(reference);
        continue;
      }
      const [ownerId = '', draftId = ''] = r.holder.split('/');
      const draft = await drafts.get(ownerId, draftId).catch((err: unknown) => {
        if (err instanceof DamagedDocumentError) return undefined;
        throw err;
      });
      // Gone (set aside as damaged), or it holds another number: nobody will ever take this one.
      if (!draft || (draft.reference ?? draft.pendingReference ?? reference) !== reference) {
        out.unused.push(reference);
        this.settled.add(reference);
        continue;
      }
      // Submitted with this number, its record set aside as damaged: not a gap (the reference is still taken).
      if (draft.status !== 'draft') {
        this.settled.add(reference);
        continue;
      }
      if (now.getTime() - Date.parse(draft.updatedAt) < quietMs) continue;
      // Made incomplete since (an edit under way): its official will submit it, and get this same number.
      if (problems(draft.answers).length > 0) continue;
      try {
        // The number itself goes into the draft first: submitted in another year, it keeps this year's.
        if (draft.pendingReference !== reference) await drafts.save({ ...draft, pendingReference: reference });
        const result = await this.submit(ownerId, draftId, now);
        if (result.ok && result.reference === reference) out.completed.push(reference);
      } catch (err) {
        // Its official is at it on another instance right now: that submission completes it.
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return out;
  }
}
