import { createHash } from 'node:crypto';
import type { Draft } from './draft.js';
import { fold } from './normalize.js';
import type { Profile } from './ports.js';
import {
  WORKING,
  addDays,
  dateStart,
  inWorkingHours,
  isTimeZone,
  localTime,
  nextWorkingTime,
  workingDayOnOrBefore,
} from './workingHours.js';

/*
 * "A nudge, not a nag": which proactive reminders are due for one official, and which of their deleted drafts
 * may now be removed. Pure: given the time, the official's drafts and profile, what was already sent and the
 * Secretariat's closing dates, it returns what to queue and when to look at this official again. The edge
 * (bot/notify/reminderRunner.ts) reads, queues through the outbox and writes back.
 */

export const REMINDER_KIND = 'official-reminder';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Never more than one untouched-draft reminder in this long. */
export const WEEK_MS = 7 * DAY_MS;
/** A draft the official deleted is kept this long (the Secretariat can see it was abandoned), then removed. */
export const PURGE_AFTER_DAYS = 30;
/** Closing-date notices: this many days before the session closes, each once. */
export const CLOSING_NOTICES = [7, 1] as const;
/** An official who cannot be reminded now (opted out, no chat known yet) is looked at again this often. */
const RECHECK_MS = DAY_MS;

/** A closing date the Secretariat set for a special session. */
export interface SessionClosing {
  /** As the Secretariat wrote it. */
  name: string;
  /** The last day ("2027-03-31"), in each official's own time zone. */
  closes: string;
  by?: string;
  at?: string;
}
/** By sessionKey(name). */
export type SessionClosings = Record<string, SessionClosing>;

/** How a session's name compares: case, accents, quotes and punctuation ignored ("«Open Contracting»" = "open contracting"). */
export const sessionKey = (name: string): string =>
  fold(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** What was already sent to one official: kept beside their drafts, written only by the reminder runner. */
export interface ReminderState {
  lastSentAt?: string;
  /** Drafts reminded as untouched, with the `updatedAt` they had then: touched since, they may be reminded again. */
  nudged?: Record<string, string>;
  /** Closing-date notices sent (or passed over for a later one), by id. */
  notices?: string[];
}

export interface ReminderPayload {
  ownerId: string;
  reason: 'untouched' | 'closing';
  /** The drafts to offer a Resume button for, oldest first. */
  drafts: string[];
  /** For a closing date: the session as the Secretariat named it, and its last day. */
  session?: string;
  closes?: string;
}

export interface DueReminder {
  /** The outbox item's id: the same decision always gets the same id, so it is queued and sent once. */
  id: string;
  payload: ReminderPayload;
}

export interface OwnerFacts {
  ownerId: string;
  profile: Pick<Profile, 'timeZone' | 'reminders'>;
  /** Every draft of theirs, set-aside ones included (for the purge). */
  drafts: Draft[];
  state: ReminderState;
  /** A personal chat with them is known (they wrote to the bot there). */
  reachable: boolean;
}

export interface ReminderPolicy {
  /** A draft untouched this many days gets a reminder; 0: none. */
  afterDays: number;
  /** For an official whose time zone Teams never sent. */
  defaultTimeZone: string;
  closings: SessionClosings;
}

export interface Decision {
  reminders: DueReminder[];
  /** Deleted drafts whose 30 days are over: to remove with their files. */
  purge: Draft[];
  state: ReminderState;
  /** The state changed and must be saved. */
  changed: boolean;
  /** When something may next be due for this official; undefined: nothing until a draft of theirs changes. */
  nextCheckAt?: Date;
}

const isOpen = (d: Draft) => !d.deleted && (d.status === 'draft' || d.status === 'returned');

/** Only a draft the official deleted and never submitted: never a submission, a practice, or a merged draft. */
export const purgeable = (d: Draft): boolean =>
  d.deleted?.why === 'official' &&
  d.status === 'draft' &&
  !d.reference &&
  !d.pendingReference &&
  d.history.length === 0;

const short = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 12);

/** The time zone reminders are timed in: the official's, else the configured default. */
export const zoneOf = (profile: Pick<Profile, 'timeZone'>, fallback: string): string =>
  isTimeZone(profile.timeZone) ? profile.timeZone : fallback;

/** Whole local calendar days from `now` to a date, in a zone (0 on the day itself). */
export function daysUntil(now: Date, date: string, timeZone: string): number {
  const l = localTime(now, timeZone);
  const today = Date.UTC(l.year, l.month - 1, l.day);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / DAY_MS);
}

export function decide(now: Date, facts: OwnerFacts, policy: ReminderPolicy): Decision {
  const t = now.getTime();
  const zone = zoneOf(facts.profile, policy.defaultTimeZone);
  const later: number[] = [];
  const purge: Draft[] = [];
  for (const d of facts.drafts.filter(purgeable)) {
    const at = Date.parse(d.deleted!.at) + PURGE_AFTER_DAYS * DAY_MS;
    if (at <= t) purge.push(d);
    else later.push(at);
  }
  const open = facts.drafts.filter(isOpen);
  const reminders: DueReminder[] = [];
  let state = facts.state;
  const finish = (): Decision => {
    const future = later.filter((x) => x > t);
    return {
      reminders,
      purge,
      state,
      changed: state !== facts.state,
      ...(future.length ? { nextCheckAt: new Date(Math.min(...future)) } : {}),
    };
  };
  if (facts.profile.reminders === 'off' || !facts.reachable) {
    if (open.length) later.push(t + RECHECK_MS);
    return finish();
  }

  const working = inWorkingHours(now, zone);
  const nextWorking = nextWorkingTime(now, zone).getTime();
  const sent = new Set(state.notices ?? []);
  const notices: string[] = [];

  // Closing dates: each notice once, the most urgent one only if an earlier one was missed; touched or not.
  const covered = new Set<string>();
  const bySession = new Map<string, Draft[]>();
  for (const d of open) {
    const key = d.kind === 'session' && d.sessionName ? sessionKey(d.sessionName) : '';
    if (key && policy.closings[key]) bySession.set(key, [...(bySession.get(key) ?? []), d]);
  }
  for (const [key, drafts] of bySession) {
    const closing = policy.closings[key]!;
    const end = dateStart(addDays(closing.closes, 1), zone).getTime();
    if (t >= end) continue;
    const steps = CLOSING_NOTICES.map((days) => ({
      days,
      id: `reminder:${facts.ownerId}:closing:${closing.closes}:${days}d:${short(key)}`,
      start: dateStart(workingDayOnOrBefore(addDays(closing.closes, -days)), zone, WORKING.from).getTime(),
    }));
    for (const s of steps) if (s.start > t && !sent.has(s.id)) later.push(s.start);
    const urgent = steps.filter((s) => s.start <= t).sort((a, b) => a.days - b.days)[0];
    if (!urgent || sent.has(urgent.id)) continue;
    if (!working) {
      if (nextWorking < end) later.push(nextWorking);
      continue;
    }
    reminders.push({
      id: urgent.id,
      payload: {
        ownerId: facts.ownerId,
        reason: 'closing',
        drafts: drafts.map((d) => d.id),
        session: closing.name,
        closes: closing.closes,
      },
    });
    // The notices it stands for (a 7-day notice missed while the bot was down) are not sent after it.
    for (const s of steps) if (s.days >= urgent.days) notices.push(s.id);
    for (const d of drafts) covered.add(d.id);
  }

  // Untouched drafts: one reminder per stretch of silence, at most one a week, never with a closing notice.
  const afterMs = policy.afterDays * DAY_MS;
  // REMINDER_AFTER_DAYS=0: no untouched-draft reminders (closing notices and the purge go on).
  const candidates =
    policy.afterDays > 0 ? open.filter((d) => !covered.has(d.id) && state.nudged?.[d.id] !== d.updatedAt) : [];
  const stale = candidates.filter((d) => t - Date.parse(d.updatedAt) >= afterMs);
  for (const d of candidates) if (!stale.includes(d)) later.push(Date.parse(d.updatedAt) + afterMs);
  const weekOver = state.lastSentAt ? Date.parse(state.lastSentAt) + WEEK_MS : -Infinity;
  let nudged: DueReminder | undefined;
  if (stale.length) {
    if (reminders.length) later.push(t + WEEK_MS);
    else if (t < weekOver) later.push(weekOver);
    else if (!working) later.push(nextWorking);
    else
      nudged = {
        // From what was sent before: two instances deciding at once make the same id, and the outbox keeps one.
        id: `reminder:${facts.ownerId}:untouched:${state.lastSentAt ?? 'first'}`,
        payload: { ownerId: facts.ownerId, reason: 'untouched', drafts: stale.map((d) => d.id) },
      };
  }
  if (nudged) reminders.push(nudged);

  if (reminders.length) {
    const openIds = new Set(open.map((d) => d.id));
    const kept = Object.entries(state.nudged ?? {}).filter(([id]) => openIds.has(id));
    state = {
      lastSentAt: now.toISOString(),
      nudged: Object.fromEntries([...kept, ...(nudged ? stale.map((d) => [d.id, d.updatedAt] as const) : [])]),
      // The newest few: older notices are for sessions long closed.
      notices: [...(state.notices ?? []), ...notices].slice(-50),
    };
  }
  return finish();
}
