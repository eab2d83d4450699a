import type { Logger } from 'pino';
import { attachmentKey, type Draft } from '../../dialogs/core/draft.js';
import type { Attachments, Outbox } from '../../dialogs/core/ports.js';
import { REMINDER_KIND, decide, type SessionClosings } from '../../dialogs/core/reminders.js';
import { skipDamaged } from '../../storage/repositories/damaged.js';
import type { DraftRepository } from '../../storage/repositories/drafts.js';
import type { ProfileRepository } from '../../storage/repositories/profiles.js';
import type { IndexEntry, ReminderRepository } from '../../storage/repositories/reminders.js';
import type { SessionClosingRepository } from '../../storage/repositories/sessionClosings.js';
import type { SettingsRepository } from '../../storage/repositories/settings.js';

/** Settings document: the closing dates (and REMINDER_AFTER_DAYS) the last full look at every official was made for. */
const SCAN = 'reminder-scan';

export interface RunReport {
  /** Officials looked at. */
  owners: number;
  /** Reminders queued in the outbox (a decision already queued is not counted again). */
  queued: number;
  purged: number;
  /** Every official was looked at: the first pass on a data folder, or the closing dates changed. */
  full: boolean;
  failed: number;
}

export interface ReminderRunnerOptions {
  index: ReminderRepository;
  drafts: DraftRepository;
  profiles: ProfileRepository;
  settings: SettingsRepository;
  closings: SessionClosingRepository;
  outbox: Outbox;
  attachments: Attachments;
  /** Every official who may have drafts (the profiles' ids). */
  owners: () => Promise<string[]>;
  /** Whether the bot can write to this official on its own. */
  reachable: (ownerId: string) => Promise<boolean>;
  afterDays: number;
  defaultTimeZone: string;
  everyMs: number;
  logger: Logger;
  clock?: () => Date;
  /** Told when reminders were queued, so the outbox delivers them now rather than at its next poll. */
  onQueued?: () => void;
}

/**
 * Runs the reminder policy (dialogs/core/reminders.ts) every few minutes and at start-up: reads only the
 * officials the index says something may be due for, queues what is due through the outbox (its ids make a
 * restart or a second instance queue nothing twice), records what was sent, and removes drafts the official
 * deleted 30 days ago with their files. One pass at a time; the timer does not keep the process alive.
 */
export class ReminderRunner {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private busy = 0;
  private stopped = false;

  constructor(private readonly o: ReminderRunnerOptions) {}

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.kick(), this.o.everyMs);
    this.timer.unref();
    this.kick();
  }

  /** No pass starts after this; the one under way finishes (each official's step is short). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private kick(): void {
    if (this.busy > 0 || this.stopped) return;
    this.runOnce().catch((err: unknown) =>
      this.o.logger.error(
        { err: { name: (err as Error).name, message: (err as Error).message } },
        'reminder pass failed',
      ),
    );
  }

  /** One pass, after any under way. `now` for tests with a fake clock. */
  async runOnce(now: Date = this.o.clock?.() ?? new Date()): Promise<RunReport> {
    this.busy++;
    const run = this.chain.then(() => this.pass(now));
    this.chain = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      this.busy--;
    }
  }

  private async pass(now: Date): Promise<RunReport> {
    const closings = await this.o.closings.all();
    // What the scheduled looks were computed for: a new closing date or a new REMINDER_AFTER_DAYS moves them.
    const signature = JSON.stringify([
      this.o.afterDays,
      ...Object.entries(closings)
        .map(([k, c]) => [k, c.closes])
        .sort(),
    ]);
    const seen = await this.o.settings.get<{ closings: string }>(SCAN);
    const full = seen?.closings !== signature;
    const { ready, later } = await this.o.index.marks(now);
    const marks = new Map<string, string[]>();
    const add = (e: IndexEntry) => marks.set(e.ownerId, [...(marks.get(e.ownerId) ?? []), e.key]);
    ready.forEach(add);
    const owners = new Set(full ? [...(await this.o.owners()), ...marks.keys()] : marks.keys());
    // An official looked at now gets their next look anew: the ones scheduled before are dropped with it.
    later.filter((e) => owners.has(e.ownerId)).forEach(add);
    const report: RunReport = { owners: owners.size, queued: 0, purged: 0, full, failed: 0 };
    for (const ownerId of owners) {
      if (this.stopped) break;
      try {
        await this.official(ownerId, now, closings, marks.get(ownerId) ?? [], report);
      } catch (err) {
        // Its marks stay: the next pass tries this official again. No id or content in the log line.
        report.failed++;
        this.o.logger.error(
          { err: { name: (err as Error).name, code: (err as { code?: unknown }).code } },
          'reminders: an official could not be looked at',
        );
      }
    }
    // Only a complete look at everyone counts: a pass cut short by a stop or a failure looks again next time. With
    // nobody to look at (a new data folder) nothing is written: a bot that was only started leaves no trace.
    if (full && owners.size > 0 && !this.stopped && report.failed === 0)
      await this.o.settings.set(SCAN, { closings: signature, at: now.toISOString() });
    if (report.queued) this.o.onQueued?.();
    if (report.queued || report.purged || full) this.o.logger.info({ ...report }, 'reminders: pass done');
    return report;
  }

  private async official(
    ownerId: string,
    now: Date,
    closings: SessionClosings,
    marks: string[],
    report: RunReport,
  ): Promise<void> {
    const [profile, drafts, state, reachable] = await Promise.all([
      this.o.profiles.get(ownerId).catch(skipDamaged),
      this.o.drafts.listAllByOwner(ownerId),
      this.o.index.state(ownerId),
      this.o.reachable(ownerId),
    ]);
    const decision = decide(
      now,
      { ownerId, profile: profile ?? {}, drafts, state: state.value, reachable },
      { afterDays: this.o.afterDays, defaultTimeZone: this.o.defaultTimeZone, closings },
    );
    // The outbox first: what was decided is on disk before it is recorded as sent. A crash in between decides
    // the same again, with the same id, which the outbox already holds (or has delivered).
    for (const r of decision.reminders)
      if (await this.o.outbox.enqueue({ id: r.id, kind: REMINDER_KIND, payload: r.payload }, now)) report.queued++;
    for (const draft of decision.purge) {
      await this.purge(ownerId, draft);
      report.purged++;
    }
    // A conflict: another instance decided for this official at the same moment, from the same state.
    if (decision.changed) await this.o.index.saveState(ownerId, decision.state, state.etag);
    const next = decision.nextCheckAt ? await this.o.index.schedule(ownerId, decision.nextCheckAt) : undefined;
    await this.o.index.remove(marks.filter((k) => k !== next));
  }

  /** The files first: a crash in between leaves the draft, and the next pass removes what is left. */
  private async purge(ownerId: string, draft: Draft): Promise<void> {
    // A file with an origin belongs to the draft it was merged from, which keeps it.
    for (const a of draft.attachments ?? [])
      if (!a.origin) await this.o.attachments.remove(attachmentKey(ownerId, draft.id, a.id));
    await this.o.drafts.remove(ownerId, draft.id);
  }
}
