import type { Logger } from 'pino';
import type { OutboxItem, OutboxRepository } from '../../storage/repositories/outbox.js';
import { decideRetry } from './retryPolicy.js';

/** Long enough for a slow delivery (the SDK's own retries included); a crashed instance's claim lapses after it. */
const CLAIM_MS = 2 * 60_000;

export type Deliver = (item: OutboxItem) => Promise<void>;

export interface OutboxWorkerOptions {
  outbox: OutboxRepository;
  handlers: Record<string, Deliver>;
  logger: Logger;
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  clock?: () => Date;
}

/**
 * Delivers what the outbox holds, after the official has had their answer: a slow or failing Teams never
 * blocks a turn. Items stay on disk until delivered, so a restart resumes them; one pass at a time, so an
 * item is never sent twice in parallel.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** After stop() no pass starts, not even one asked for while the last was running. */
  private stopped = false;

  constructor(private readonly o: OutboxWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops polling and waits a little for a delivery under way; its claim lapses if it outlives the process. */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((ok) => (timer = setTimeout(ok, graceMs)))]);
    clearTimeout(timer);
  }

  /** Runs a pass now, or right after the one under way. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .catch((err: unknown) => this.o.logger.error({ err }, 'outbox pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the pass under way, if any (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async runOnce(): Promise<void> {
    const now = this.o.clock?.() ?? new Date();
    const due = (await this.o.outbox.pending()).filter(
      (i) => Date.parse(i.nextAttemptAt) <= now.getTime() && (!i.claimUntil || Date.parse(i.claimUntil) <= now.getTime()),
    );
    for (const candidate of due) {
      const deliver = this.o.handlers[candidate.kind];
      if (!deliver) {
        this.o.logger.error({ id: candidate.id, kind: candidate.kind }, 'no handler for outbox item');
        continue;
      }
      // Several bot instances share the outbox: only the one whose claim lands delivers this time.
      const item = await this.o.outbox.claim(candidate, new Date(now.getTime() + CLAIM_MS));
      if (!item) continue;
      try {
        await deliver(item);
        await this.o.outbox.delivered(item, this.o.clock?.() ?? new Date());
        this.o.logger.info({ id: item.id, attempts: item.attempts + 1 }, 'outbox item delivered');
      } catch (err) {
        const d = decideRetry(err, item.attempts, now, this.o.baseDelayMs, this.o.maxDelayMs);
        await this.o.outbox.reschedule(item, new Date(now.getTime() + d.delayMs), d.reason);
        this.o.logger[d.transient ? 'warn' : 'error']({ id: item.id, attempts: item.attempts + 1, retryInMs: Math.round(d.delayMs), reason: d.reason }, 'outbox delivery failed');
      }
    }
  }
}
