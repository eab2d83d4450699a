import type { Draft } from './draft.js';
import type { Locale } from './normalize.js';
import type { PracticeRecord } from './practice.js';

/*
 * What the domain needs from storage, declared by the domain: the repositories it calls and the errors they
 * may throw. storage/ implements these (storage/repositories/*); nothing here knows files, blobs or lowdb.
 */

/** Another writer saved the document since it was read (an etag condition failed): run the turn again. */
export class ConflictError extends Error {
  constructor(readonly key: string) {
    super(`Document ${key} was changed by someone else`);
    this.name = 'ConflictError';
  }
}

/**
 * A stored document could not be read back (cut short, edited by hand). The store has set it aside, so the key
 * is free again. Its message names the key only: never a piece of the content, which may be an official's answer.
 */
export class DamagedDocumentError extends Error {
  constructor(
    readonly key: string,
    /** Where the damaged copy was kept, when the store could move it aside. */
    readonly keptAt?: string,
  ) {
    super(`Document ${key} could not be read${keptAt ? ' and was set aside' : ''}`);
    this.name = 'DamagedDocumentError';
  }
}

/** An official's own settings, kept beside their drafts. */
export interface Profile {
  id: string;
  /** Chosen with the language command; otherwise the Teams locale of each message is used. */
  locale?: Locale;
  /**
   * Who set `locale`: the official (the command, a name, a button: never overridden), the welcome, or a detected
   * first message (both kept for the next message, but a message clearly in another language may change them).
   * Absent on older profiles, which counts as the official's.
   */
  localeBy?: 'official' | 'welcome' | 'detected';
  activeDraftId?: string;
  /** The last draft submitted, so a repeated "submit" shows the same receipt. */
  lastSubmittedId?: string;
  /** The IANA time zone Teams last sent (`localTimezone`): reminders come in this zone's working hours. */
  timeZone?: string;
  /** The language of the Teams client they last wrote from: reminders use it when `locale` is not set. */
  teamsLocale?: Locale;
  /** 'off' after "no reminders": no proactive reminder is sent (see dialogs/core/reminders.ts). */
  reminders?: 'off';
  /** The last messages whose changes this version holds (see Draft.applied). */
  applied?: string[];
  /** When the stored profile could not be read and was set aside: the official is told at their next turn. */
  setAside?: string;
  /** Storage version of this copy; not stored (see Draft._etag). */
  _etag?: string;
}

export interface Drafts {
  /** Only the owner's own drafts can be found. Throws DamagedDocumentError for a damaged one (set aside). */
  get(ownerId: string, id: string): Promise<Draft | undefined>;
  /** Saves only over the version it was read at; ConflictError when another instance got there first. */
  save(draft: Draft): Promise<Draft>;
  /** Oldest first; damaged drafts and drafts set aside (`deleted`) are left out. */
  listByOwner(ownerId: string): Promise<Draft[]>;
}

export interface Profiles {
  /** A fresh profile when there is none. */
  get(id: string): Promise<Profile>;
  save(profile: Profile): Promise<Profile>;
}

export interface Practices {
  /** A damaged record reads as missing. */
  get(reference: string): Promise<PracticeRecord | undefined>;
  put(record: PracticeRecord): Promise<void>;
  list(): Promise<PracticeRecord[]>;
  /** Every reference in use, damaged records' included, without reading the records. */
  references(): Promise<string[]>;
}

/** A number a counter handed out, and to whom. */
export interface Reservation {
  counter: string;
  holder: string;
  value: number;
}

export interface Counters {
  /**
   * The next number of a named sequence, never handed out twice. With a holder (a draft), the number is recorded
   * against it in the same write that takes it: asking again for the same holder returns the same number.
   */
  next(name: string, holder?: string): Promise<number>;
  /** The numbers recorded against holders (the newest few hundred per counter), of these counters or of all. */
  reservations(names?: string[]): Promise<Reservation[]>;
}

/**
 * The bytes of files officials attach to a practice (field 11), by key (`<owner>/<draft>/<file id>`, any
 * characters: the store makes them safe). Written whole and durably before `put` resolves, never half.
 */
export interface Attachments {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Undefined when there is no such file. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Removes a file for good (the purge of a deleted draft); nothing happens when there is none. */
  remove(key: string): Promise<void>;
}

export interface OutboxItem<P = unknown> {
  /** Derived from what is sent (e.g. "notify-MESICIC-BP-2026-0001"), so enqueuing twice keeps one. */
  id: string;
  kind: string;
  payload: P;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError?: string;
  /** While set and in the future, one bot instance is delivering it and the others leave it alone. */
  claimUntil?: string;
  /** Storage version of this copy; not stored. */
  _etag?: string;
}

/** What the domain queues for delivery after the turn (notifications, forwarding). */
export interface Outbox {
  /** Returns false when an item with that id is already waiting or was delivered. */
  enqueue<P>(item: Omit<OutboxItem<P>, 'attempts' | 'nextAttemptAt' | 'createdAt'>, now: Date): Promise<boolean>;
}
