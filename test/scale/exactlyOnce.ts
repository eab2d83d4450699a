import type { Activity } from 'botbuilder';
import type { DocumentStore } from '../../storage/ports.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { mexico, panama, type SeedPractice } from '../fixtures/seeds.js';
import { teamsMessage } from '../support/teams.js';
import { seen, sleep, type TrustConnector } from '../trust/standIn.js';

/*
 * What "exactly once" is checked against, shared by the scale-out test (three instances on Azurite) and the
 * redelivery test (one lowdb process killed and restarted): officials walking the whole form as a Teams client
 * would (a message not acknowledged is sent again, same activity, until the bot answers it), Teams delivering
 * some messages a second time, and an audit of what storage and the Teams stand-in hold at the end.
 */

const REFERENCE = /MESICIC-(?:BP|SE)-\d{4}-\d{4,}/g;
/** The bot's apologies (es): the message may not have been applied; the client sends it again. */
const APOLOGY = /inténtelo de nuevo|Envíe la misma respuesta de nuevo|no se pudo guardar|no se guardó/;
const NO_DRAFT = /No hay ningún borrador abierto/;
const REACHED = /ha llegado a la Secretaría Técnica/;
const ALREADY = /ya estaba (guardado|aplicado)/;
/** The welcome: what a message gets when no draft is open. None of the scripts' messages should ever get it. */
const WELCOME = /Soy el asistente del MESICIC/;

export interface Official {
  aad: string;
  conversation: string;
  seed: SeedPractice;
  /** "nuevo", the seed's inputs, "enviar". */
  script: string[];
  /** The activity ids of each "enviar" this official sent (a person types it again when no receipt came). */
  submits: string[];
  /** Every message this official sent, once each, in order. */
  sent: Partial<Activity>[];
  /** The instance (slot) that took each message last, when the transport says. */
  instances: (number | undefined)[];
}

export function officials(n: number, prefix: string): Official[] {
  return Array.from({ length: n }, (_, i) => {
    const seed = i % 2 === 0 ? panama() : mexico();
    const aad = `${prefix}-${String(i).padStart(2, '0')}`;
    return {
      aad,
      conversation: `a:personal-${aad}`,
      seed,
      script: ['nuevo', ...seed.inputs, 'enviar'],
      submits: [],
      sent: [],
      instances: [],
    };
  });
}

export interface DriverOptions {
  connector: TrustConnector;
  /** Posts the activity once; resolves with the instance that took it (if known), whatever happened. */
  post(activity: Partial<Activity>): Promise<number | undefined>;
  rnd: () => number;
  /** Share of messages Teams delivers again some time after they were answered. */
  redeliverShare: number;
  /** Share of messages Teams delivers twice at nearly the same time (to two instances). */
  concurrentShare: number;
  redeliverDelayMs: [number, number];
  /** Told each time a message has been acknowledged (the kill schedule follows progress, not the clock). */
  onAck?: () => void;
  /** Awaited before each new message: lets a kill schedule hold the officials back until it has caught up. */
  gate?: () => Promise<void>;
  /** When to give up (ms since the epoch), well before the test's own timeout, so that teardown still runs. */
  deadline: number;
}

export class Driver {
  readonly stats = {
    messages: 0,
    /** Posts of the same activity again because the official saw no answer (a kill, a 502). */
    resent: 0,
    /** ... of which answered "already saved": the instance killed had saved it, but not answered yet. */
    savedUnanswered: 0,
    redelivered: 0,
    concurrent: 0,
    /** Answers that were an apology (storage unavailable, turn failed): the message was sent again. */
    apologies: 0,
    /** "enviar" answered without the official's reference: they typed it again. */
    submitRetyped: 0,
    /** Consecutive messages of one official that went to the same instance. */
    sameInstance: 0,
  };
  private readonly copies: Promise<void>[] = [];
  private stopped = false;

  constructor(private readonly o: DriverOptions) {}

  async walk(official: Official): Promise<void> {
    for (const text of official.script) {
      if (text !== 'enviar') {
        await this.send(official, text);
        continue;
      }
      // A person who got no receipt types "enviar" again: a new message.
      for (let k = 0; k < 5; k++) {
        if (await this.send(official, text)) break;
        this.stats.submitRetyped++;
      }
    }
  }

  /** Sends one message until the official sees an answer to it; for "enviar", whether the answer named a reference. */
  private async send(official: Official, text: string): Promise<boolean> {
    const { connector, rnd } = this.o;
    const activity = teamsMessage({
      serviceUrl: connector.url,
      aad: official.aad,
      text,
      conversation: official.conversation,
    });
    const id = activity.id!;
    await this.o.gate?.();
    official.sent.push(activity);
    if (text === 'enviar') official.submits.push(id);
    if (rnd() < this.o.concurrentShare) {
      this.stats.concurrent++;
      this.copy(activity, rnd() * 80);
    }
    let seen: string[];
    let last: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const instance = await this.o.post(activity);
      if (attempt === 1 && instance !== undefined && instance === official.instances.at(-1)) this.stats.sameInstance++;
      last = instance ?? last;
      seen = connector.seenReplies(id);
      const answered = seen.filter((t) => !APOLOGY.test(t));
      this.stats.apologies += seen.length - answered.length > 0 && answered.length === 0 ? 1 : 0;
      if (answered.length > 0) {
        if (attempt > 1 && answered.some((t) => ALREADY.test(t))) this.stats.savedUnanswered++;
        break;
      }
      if (Date.now() > this.o.deadline || this.stopped)
        throw new Error(`${official.aad}: ${JSON.stringify(text.slice(0, 30))} never answered (${attempt} posts)`);
      this.stats.resent++;
      await sleep(150 + rnd() * 250);
    }
    official.instances.push(last);
    this.stats.messages++;
    this.o.onAck?.();
    if (rnd() < this.o.redeliverShare) {
      this.stats.redelivered++;
      const [min, max] = this.o.redeliverDelayMs;
      this.copy(activity, min + rnd() * (max - min));
    }
    await sleep(40 + rnd() * 200);
    return text !== 'enviar' || seen.some((t) => (t.match(REFERENCE) ?? []).length > 0);
  }

  /** Teams delivering the same activity again: fire and forget, as Teams does not wait for it either. */
  copy(activity: Partial<Activity>, delayMs: number): void {
    this.copies.push(
      sleep(delayMs).then(async () => {
        await this.o.post(activity);
      }),
    );
  }

  /** Officials still walking give up at their next retry (a test that failed elsewhere). */
  stop(): void {
    this.stopped = true;
  }

  /** Every redelivery has been posted and answered (or cut by a kill). */
  async drain(): Promise<void> {
    await Promise.all(this.copies);
  }
}

export interface Counts {
  answersLost: number;
  storedTwice: number;
  storedInAnotherPart: number;
  extraDrafts: number;
  referencesSkipped: number;
  referencesDuplicated: number;
  wrongReceipts: number;
  notificationsLost: number;
  notificationsDuplicated: number;
  noticesLost: number;
  noticesDuplicated: number;
  /** A message delivered again answered as a new one (the welcome) rather than "already saved". */
  copiesAnsweredAsNew: number;
}

export interface Audit {
  counts: Counts;
  /** Copies of a notification shown again after a kill between its post and its delivery record (README). */
  duplicatedByKill: number;
  practices: number;
  /** What went wrong, one line each, for the assertion's message. */
  problems: string[];
}

/**
 * Counts, from storage and from what the Teams stand-in was sent, everything exactly-once promises.
 * `kills`: when instances were killed (ms since the epoch), to tell a duplicate notification that only a kill
 * right after its post could cause (the one window the README names) from any other.
 */
export async function audit(options: {
  store: DocumentStore;
  connector: TrustConnector;
  channel: string;
  officials: Official[];
  kills: number[];
}): Promise<Audit> {
  const { store, connector, channel } = options;
  const drafts = new DraftRepository(store);
  const counts: Counts = {
    answersLost: 0,
    storedTwice: 0,
    storedInAnotherPart: 0,
    extraDrafts: 0,
    referencesSkipped: 0,
    referencesDuplicated: 0,
    wrongReceipts: 0,
    notificationsLost: 0,
    notificationsDuplicated: 0,
    noticesLost: 0,
    noticesDuplicated: 0,
    copiesAnsweredAsNew: 0,
  };
  const problems: string[] = [];
  const bad = (what: keyof Counts, line: string) => {
    counts[what]++;
    if (problems.length < 40) problems.push(`${what}: ${line}`);
  };
  const records = await new PracticeRepository(store).list();
  let duplicatedByKill = 0;
  /** A second copy explained by a kill within a few seconds after the first one landed. */
  const afterKill = (firstAt: number) => options.kills.some((k) => k >= firstAt && k - firstAt <= 3_000);

  for (const o of options.officials) {
    const all = await drafts.listByOwner(o.aad);
    if (all.length > 1) bad('extraDrafts', `${o.aad} has ${all.length} drafts`);
    const draft = all.find((d) => d.status === 'submitted') ?? all[0];
    const expected = o.seed.expected;
    const stored = Object.fromEntries(Object.entries(draft?.answers ?? {}).map(([k, a]) => [k, a.text]));
    for (const part of new Set([...Object.keys(expected), ...Object.keys(stored)])) {
      const e = expected[part];
      const s = stored[part];
      if (s === e) continue;
      const at = `${o.aad} ${part}: ${JSON.stringify(s?.slice(0, 40))}`;
      if (s === undefined) bad('answersLost', at);
      else if (e !== undefined && s.split(e).length > 2) bad('storedTwice', at);
      else {
        const owners = Object.keys(expected).filter((q) => q !== part && expected[q] === s);
        if (owners.some((q) => stored[q] === s)) bad('storedTwice', at);
        else if (owners.length > 0 || e === undefined) bad('storedInAnotherPart', at);
        else bad('answersLost', at);
      }
    }
    if (!draft || draft.status !== 'submitted' || !draft.reference) {
      problems.push(`${o.aad}: draft ${draft?.id ?? '(none)'} is ${draft?.status ?? 'missing'}`);
      bad('wrongReceipts', `${o.aad}: nothing submitted`);
      continue;
    }
    const own = draft.reference;
    const record = records.find((r) => r.reference === own);
    if (!record || record.draftId !== draft.id) bad('answersLost', `${o.aad}: ${own} has no record of this draft`);
    else
      for (const [part, text] of Object.entries(expected))
        if (record.answers[part]?.text !== text) bad('answersLost', `${o.aad} ${part} in the record ${own}`);

    // Every answer to "enviar" that names a reference names this official's own; at least one does.
    const shown = o.submits.flatMap((id) => connector.seenReplies(id));
    const named = shown.flatMap((t) => t.match(REFERENCE) ?? []);
    for (const r of named) if (r !== own) bad('wrongReceipts', `${o.aad} was shown ${r}, their practice is ${own}`);
    if (!named.includes(own)) bad('wrongReceipts', `${o.aad} never saw ${own}`);
    for (const t of shown) if (NO_DRAFT.test(t)) bad('wrongReceipts', `${o.aad}: "enviar" answered "no draft open"`);

    for (const a of o.sent)
      if (connector.seenReplies(a.id!).some((t) => WELCOME.test(t)))
        bad(
          'copiesAnsweredAsNew',
          `${o.aad}: ${JSON.stringify((a.text ?? '').slice(0, 30))} answered with the welcome`,
        );

    // The official's "it reached the Secretariat", once (a proactive message: its replyToId is the chat's first message).
    const notices = connector.posted.filter(
      (p) => p.conversationId === o.conversation && REACHED.test(seen(p)) && seen(p).includes(own),
    );
    if (notices.length === 0) bad('noticesLost', `${o.aad}: no notice for ${own}`);
    else if (notices.length > 1) {
      if (afterKill(notices[0]!.at)) duplicatedByKill += notices.length - 1;
      else bad('noticesDuplicated', `${o.aad}: ${notices.length} notices for ${own}`);
    }
  }

  // References: one per submitted draft, numbered 1..n with none skipped and none twice.
  const byDraft = new Map<string, string[]>();
  for (const r of records) byDraft.set(r.draftId, [...(byDraft.get(r.draftId) ?? []), r.reference]);
  for (const [draftId, refs] of byDraft)
    if (refs.length > 1) bad('referencesDuplicated', `draft ${draftId} recorded as ${refs.join(', ')}`);
  const mine = new Set(options.officials.map((o) => o.aad));
  for (const r of records)
    if (!mine.has(r.submittedBy.id)) bad('referencesDuplicated', `${r.reference} by ${r.submittedBy.id}`);
  const bySequence = new Map<string, number[]>();
  for (const r of records) {
    const head = r.reference.slice(0, r.reference.lastIndexOf('-'));
    bySequence.set(head, [...(bySequence.get(head) ?? []), Number(r.reference.slice(head.length + 1))]);
  }
  for (const [head, numbers] of bySequence) {
    const max = Math.max(...numbers);
    for (let n = 1; n <= max; n++)
      if (!numbers.includes(n)) bad('referencesSkipped', `${head}-${String(n).padStart(4, '0')}`);
  }

  // The Secretariat's channel: each practice posted once.
  const posts = connector.posted.filter((p) => p.conversationId === channel);
  for (const r of records) {
    const copies = posts.filter((p) => `${p.text}\n${p.cards}`.includes(r.reference));
    if (copies.length === 0) bad('notificationsLost', r.reference);
    else if (copies.length > 1) {
      if (afterKill(copies[0]!.at)) duplicatedByKill += copies.length - 1;
      else bad('notificationsDuplicated', `${r.reference} posted ${copies.length} times`);
    }
  }
  const pending = await new OutboxRepository(store).pending();
  if (pending.length > 0)
    problems.push(
      `still in the outbox: ${pending.map((i) => `${i.id} (${i.attempts} attempts, ${i.lastError ?? 'no error'})`).join(', ')}`,
    );
  return { counts, duplicatedByKill, practices: records.length, problems };
}

/** Waits until every practice of these officials has been posted to the channel and the outbox is empty. */
export async function settle(options: {
  store: DocumentStore;
  connector: TrustConnector;
  channel: string;
  officials: Official[];
  timeoutMs: number;
}): Promise<boolean> {
  const outbox = new OutboxRepository(options.store);
  const until = Date.now() + options.timeoutMs;
  while (Date.now() < until) {
    const posted = options.connector.posted.filter((p) => p.conversationId === options.channel).length;
    const reached = options.officials.filter((o) =>
      options.connector.posted.some((p) => p.conversationId === o.conversation && REACHED.test(seen(p))),
    ).length;
    if (posted >= options.officials.length && reached === options.officials.length) {
      const left = await outbox.pending().catch(() => undefined);
      if (left?.length === 0) return true;
    }
    await sleep(200);
  }
  return false;
}

export function describeCounts(a: Audit): string {
  const c = a.counts;
  return (
    `answers lost ${c.answersLost}, stored twice ${c.storedTwice}, stored in another part ${c.storedInAnotherPart}, ` +
    `extra drafts ${c.extraDrafts}; references skipped ${c.referencesSkipped}, duplicated ${c.referencesDuplicated}; ` +
    `wrong receipts ${c.wrongReceipts}; Secretariat notifications lost ${c.notificationsLost}, duplicated ` +
    `${c.notificationsDuplicated}; officials' "reached" notices lost ${c.noticesLost}, duplicated ${c.noticesDuplicated}` +
    `; copies answered as new messages ${c.copiesAnsweredAsNew}` +
    (a.duplicatedByKill ? `; ${a.duplicatedByKill} copy(ies) shown again after a kill right after the post` : '')
  );
}

/**
 * Kills the given processes if this test process exits without its teardown (mocha's timeout, then --exit):
 * a bot or Azurite left running would hold ports and CPU on a shared CI machine. Returns the unregister.
 */
export function killOnExit(kill: () => void): () => void {
  process.once('exit', kill);
  return () => process.off('exit', kill);
}
