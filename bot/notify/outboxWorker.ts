import type { Logger } from 'pino';
import { ConflictError } from '../../storage/ports.js';
import type { OutboxItem, OutboxRepository } from '../../storage/repositories/outbox.js';
import { NoAnswerError, SEND_TIMEOUT_MS } from './proactive.js';
import { decideRetry } from './retryPolicy.js';

/*
 * Duplicates: the window that remains. Teams has no idempotency key for a new message, and the Bot Connector
 * cannot read a channel or a chat back (that takes Microsoft Graph and permissions this bot does not have), so
 * a request that got no answer (timed out, cut by a shutdown, or by a kill) may or may not have landed, and its
 * retry may post it a second time. The same holds for a process killed after Teams answered but before the
 * delivery was recorded (a few store writes). That window is kept as small as the platform allows:
 *  - every delivery is bounded (DELIVERY_TIMEOUT_MS) and its HTTP request aborted at the bound, the SDK's own
 *    retries included, so an attempt the outbox gave up on cannot land afterwards;
 *  - the claim written before each attempt (CLAIM_MS) outlives that bound, so another instance retries only
 *    once the attempt is certainly over: never two attempts of one item at once (a killed instance's claim
 *    lapses after CLAIM_MS, seconds rather than minutes);
 *  - on SIGTERM a delivery gets a grace to finish (and is then marked delivered); only one still unanswered
 *    when the grace ends is cut and its claim released, so that the next instance retries at once.
 * Bound: at most one extra copy per request that ended without an answer, or per kill between an answer and
 * its record; none when the connector answers (success or error) within the bounds and nobody is killed.
 */

/** One delivery: the send's own bound plus a little for the store reads around it. */
export const DELIVERY_TIMEOUT_MS = SEND_TIMEOUT_MS + 2_000;
/** Room for clock skew between instances and a slow claim write. */
const CLAIM_MARGIN_MS = 3_000;
/** Just longer than a delivery may take: a killed instance's claim lapses this soon, never while its attempt could still run. */
export const CLAIM_MS = DELIVERY_TIMEOUT_MS + CLAIM_MARGIN_MS;
/** An item undelivered this long after it fell due is reported by problems(). */
export const STUCK_MS = 15 * 60_000;

/** Fixed reasons for /health: no error text, which could carry internal detail. */
export const OUTBOX_PROBLEMS = {
  passFailed: 'outbox: the last delivery pass failed',
  overdue: 'outbox: a notification has been undelivered for too long',
  unreadable: 'outbox: cannot be read',
} as const;

/** Delivers one item; must stop (and reject) when the signal aborts. */
export type Deliver = (item: OutboxItem, signal: AbortSignal) => Promise<void>;

export interface OutboxWorkerOptions {
  outbox: OutboxRepository;
  handlers: Record<string, Deliver>;
  logger: Logger;
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  clock?: () => Date;
  /** Bound of one delivery (tests shorten it); the claim is this plus a small margin. */
  deliveryTimeoutMs?: number;
  /** problems() reports an item undelivered for longer than this since it fell due. */
  stuckMs?: number;
}

/** Why a delivery was cut at the end of a shutdown's grace. */
class Interrupted extends Error {
  constructor() {
    super('Interrupted by a shutdown');
  }
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
  private lastPassFailed = false;
  /** The deliveries under way, so that a shutdown can cut them. */
  private readonly inFlight = new Set<AbortController>();
  private readonly deliveryTimeoutMs: number;
  private readonly claimMs: number;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? DELIVERY_TIMEOUT_MS;
    this.claimMs = this.deliveryTimeoutMs + CLAIM_MARGIN_MS;
  }

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /**
   * Stops polling and lets a delivery under way finish within the grace (it is then marked delivered). One still
   * unanswered at the end of the grace is cut and its claim released, so the next instance retries at once
   * rather than when the claim would have lapsed. Returns within twice the grace at most.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (await this.settlesWithin(graceMs)) return;
    for (const control of this.inFlight) control.abort(new Interrupted());
    // Releasing is one store write per item: bounded as well, in case the store itself hangs.
    await this.settlesWithin(graceMs);
  }

  private async settlesWithin(ms: number): Promise<boolean> {
    const pass = this.running;
    if (!pass) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      pass.then(() => true),
      new Promise<boolean>((ok) => (timer = setTimeout(() => ok(false), ms))),
    ]);
    clearTimeout(timer);
    return done;
  }

  /** Runs a pass now, or right after the one under way. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .then((delivered) => {
        // A delivery may queue a follow-up (the official's "it reached the Secretariat"): send it now, not at the next poll.
        if (delivered > 0) this.again = true;
      })
      .catch((err: unknown) => this.options.logger.error({ err }, 'outbox pass failed'))
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

  /**
   * Why the outbox is stuck, in fixed words (empty when it is not): the last pass threw, or an item has been
   * due and undelivered for longer than stuckMs. Items are queued due at once, so that is counted from when it
   * was queued, however many retries have failed since.
   */
  /** `pending`: the outbox as the caller just read it (/health also counts it), so it is read once. */
  async problems(now: Date = this.options.clock?.() ?? new Date(), pending?: OutboxItem[]): Promise<string[]> {
    const found: string[] = [];
    if (this.lastPassFailed) found.push(OUTBOX_PROBLEMS.passFailed);
    try {
      pending ??= await this.options.outbox.pending();
    } catch {
      return [...found, OUTBOX_PROBLEMS.unreadable];
    }
    const stuckMs = this.options.stuckMs ?? STUCK_MS;
    if (pending.some((i) => now.getTime() - Date.parse(i.createdAt) > stuckMs)) found.push(OUTBOX_PROBLEMS.overdue);
    return found;
  }

  /** One pass over the due items; returns how many were delivered. */
  async runOnce(): Promise<number> {
    try {
      const delivered = await this.pass();
      this.lastPassFailed = false;
      return delivered;
    } catch (err) {
      this.lastPassFailed = true;
      throw err;
    }
  }

  private async pass(): Promise<number> {
    const now = this.now();
    const due = (await this.options.outbox.pending()).filter(
      (i) =>
        Date.parse(i.nextAttemptAt) <= now.getTime() && (!i.claimUntil || Date.parse(i.claimUntil) <= now.getTime()),
    );
    let delivered = 0;
    for (const candidate of due) {
      if (this.stopped) break;
      const deliver = this.options.handlers[candidate.kind];
      if (!deliver) {
        this.options.logger.error({ id: candidate.id, kind: candidate.kind }, 'no handler for outbox item');
        continue;
      }
      // Several bot instances share the outbox: only the one whose claim lands delivers this time.
      const item = await this.options.outbox.claim(candidate, new Date(this.now().getTime() + this.claimMs));
      if (!item) continue;
      // A claim that lapsed uncleared: the instance delivering it died mid-send, and that send may have landed.
      if (candidate.claimUntil)
        this.options.logger.warn({ id: item.id }, 'retrying a delivery cut off without an answer: it may show twice');
      if (await this.attempt(item, deliver)) delivered++;
    }
    return delivered;
  }

  private async attempt(item: OutboxItem, deliver: Deliver): Promise<boolean> {
    const control = new AbortController();
    // Counted from the claim, so a slow claim write cannot push the attempt past it.
    const ms = Math.max(
      0,
      Math.min(this.deliveryTimeoutMs, Date.parse(item.claimUntil ?? '') - CLAIM_MARGIN_MS - this.now().getTime()),
    );
    const timer = setTimeout(
      () => control.abort(new NoAnswerError(this.deliveryTimeoutMs)),
      Number.isNaN(ms) ? this.deliveryTimeoutMs : ms,
    );
    this.inFlight.add(control);
    try {
      await bounded(deliver(item, control.signal), control.signal);
      await this.options.outbox.delivered(item, this.now());
      this.options.logger.info({ id: item.id, attempts: item.attempts + 1 }, 'outbox item delivered');
      return true;
    } catch (err) {
      const at = this.now();
      if (control.signal.reason instanceof Interrupted) {
        // Due at once: the next instance need not wait for the claim to lapse.
        await this.reschedule(item, at, 'interrupted by a shutdown');
        this.options.logger.warn(
          { id: item.id, attempts: item.attempts + 1 },
          'outbox delivery interrupted by a shutdown; released for a retry',
        );
        return false;
      }
      const d = decideRetry(err, item.attempts, at, this.options.baseDelayMs, this.options.maxDelayMs);
      await this.reschedule(item, new Date(at.getTime() + d.delayMs), d.reason);
      this.options.logger[d.transient ? 'warn' : 'error'](
        { id: item.id, attempts: item.attempts + 1, retryInMs: Math.round(d.delayMs), reason: d.reason },
        'outbox delivery failed',
      );
      return false;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(control);
    }
  }

  private async reschedule(item: OutboxItem, next: Date, reason: string): Promise<void> {
    try {
      await this.options.outbox.reschedule(item, next, reason);
    } catch (err) {
      // Our claim was overrun and another instance took the item: it is that instance's now.
      if (err instanceof ConflictError)
        this.options.logger.warn({ id: item.id }, 'outbox item taken by another instance meanwhile');
      else throw err;
    }
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/** The delivery, or the abort's reason as soon as the signal fires, even if the handler does not listen. */
async function bounded(delivery: Promise<void>, signal: AbortSignal): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    // The worker aborts its deliveries only with Errors of its own (Interrupted, NoAnswerError).
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([delivery, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
    // Whichever lost the race settles later with nobody listening.
    delivery.catch(() => undefined);
    aborted.catch(() => undefined);
  }
}
