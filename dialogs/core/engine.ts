import { KeyedLock } from './keyedLock.js';
import { ConflictError, DamagedDocumentError, type Drafts, type Profile, type Profiles } from './ports.js';
import { languageNamed, parseCommand, type Command } from './commands.js';
import { detectLanguage } from './detectLanguage.js';
import { answer, type Outcome, type Understood } from './answering.js';
import {
  KIND_STEP,
  REVIEW_STEP,
  attachmentKey,
  newDraft,
  type AttachmentRef,
  type Draft,
  type Official,
  type SubmissionKind,
} from './draft.js';
import { ATTACHED_MARK, attachedText, sizeLabel } from './attachments.js';
import { FIELDS, fieldOf, partOf } from './fields.js';
import { escapeChatText } from './markdown.js';
import * as nav from './navigation.js';
import { parseProvisions, provisionNames } from './provisions.js';
import { DEFAULT_LOCALE, baseLocale, fold, type Locale } from './normalize.js';
import type { SubmissionService } from './submission.js';
import type { Catalog, Texts } from './texts.js';
import * as views from './views.js';
import type { Reply } from './views.js';
import type { SourceBlock } from './importing/blocks.js';
import { blocksFromText, looksLikeWholeFormat } from './importing/fromText.js';
import { importInto } from './importing/importDraft.js';
import { mergeInto } from './importing/merge.js';
import { imported } from './importView.js';
import { validatePart } from './validation.js';
import { noted, withReminders } from './whereabouts.js';

export { LONG_POST_CHARS, MAX_TRIES } from './answering.js';

/** The longest refused answer sent back in the card's box to correct. */
const RETRY_KEEP_CHARS = 4_000;

/** How often a turn is re-run after losing a write race to another bot instance. */
const MAX_CONFLICT_RETRIES = 5;

/** What a card button sends: the draft and step it was drawn for, so an old card cannot act on a newer state. */
export type CardAction =
  | { kind: 'answer'; draftId: string; step: string; text: string }
  | { kind: 'submit'; draftId: string }
  | {
      kind: 'command';
      command: 'skip' | 'help' | 'edit' | 'resume' | 'new' | 'download' | 'cancel';
      draftId?: string;
      step?: string;
      field?: number;
    }
  /** A language button on the welcome card: the same as typing "idioma en". */
  | { kind: 'language'; locale: Locale }
  /** The import card's "fill my open draft instead": the imported draft poured into the other, then set aside. */
  | { kind: 'merge'; from: string; into: string; replace?: boolean };

/** What keeping an attachment gave: its kind and size, or why it was refused (nothing kept then). */
export type Kept =
  { ok: true; type: string; size: number } | { ok: false; refused: string; params?: Record<string, string | number> };

/**
 * A file sent with a message. The engine decides what it is for: at a part that takes files (field 11) it is
 * kept as an attachment; anywhere else it is read as the filled format. The edge does the downloading.
 */
export interface Upload {
  name: string;
  read(): Promise<IncomingDocument>;
  /** Downloads it, checks its kind, and stores its bytes under `key`. */
  keep(key: string): Promise<Kept>;
}

/** Attachments per practice: enough for annexes, few enough for a reviewer to open them all. */
export const MAX_ATTACHMENTS = 10;

/** A document the official sent, as the edge read it, or why it could not be read (nothing is stored then). */
export type IncomingDocument =
  { name: string; blocks: SourceBlock[] } | { name: string; refused: string; params?: Record<string, string | number> };

/**
 * Whether a message is the format pasted whole rather than an answer. A pasted format has a line per label at
 * least, so a one-paragraph answer is never looked through. While a draft with answers of its own is open, a
 * narrative answer with a few sub-headings ("Implementación: …", "Resultado: …") must stay an answer: then it
 * takes the labels of half the form.
 */
function isWholeFormat(text: string, open: Draft | undefined): boolean {
  if ((text.match(/\n/g)?.length ?? 0) < 2) return false;
  const answering = !!open && !open.imported && Object.keys(open.answers).length > 0;
  return looksLikeWholeFormat(text, answering ? 6 : 3);
}

type LocaleBy = NonNullable<Profile['localeBy']>;
const localeBy = (profile: Profile): LocaleBy | undefined =>
  profile.locale ? (profile.localeBy ?? 'official') : undefined;

export interface TurnInput {
  official: Official;
  text: string;
  action?: CardAction;
  /** The Teams locale of the activity ("pt-BR"); an official's own choice overrides it. */
  locale?: string;
  /** The message's own id (Teams keeps it when it delivers a message again): what makes a turn idempotent. */
  activityId?: string;
  /** The IANA time zone Teams sent with the message (`localTimezone`), kept for reminders. */
  timeZone?: string;
  /** A Word file sent with the message, already read. */
  document?: IncomingDocument;
  /** Files sent with the message, not yet downloaded: attachments at field 11, else the format to import. */
  uploads?: Upload[];
}

/** How many message ids a draft or a profile remembers: far more than Teams ever redelivers. */
const APPLIED_KEPT = 20;
const remember = (applied: string[] | undefined, id: string, keep = APPLIED_KEPT) =>
  [...(applied ?? []).filter((a) => a !== id), id].slice(-keep);
/**
 * A profile also keeps the ids of the draft the official leaves (a new draft, another one, a submission), so a
 * message Teams delivers again afterwards is recognised there and never applied to the draft that is now open.
 */
const PROFILE_KEPT = 2 * APPLIED_KEPT;
const carried = (profile: string[] | undefined, left: string[] | undefined) =>
  [...(profile ?? []).filter((a) => !left?.includes(a)), ...(left ?? [])].slice(-PROFILE_KEPT);

export interface EngineDeps {
  drafts: Drafts;
  profiles: Profiles;
  submissions: SubmissionService;
  catalog: Catalog;
  newId: () => string;
  clock?: () => Date;
}

/** Everything one turn works on. Decisions change it in memory; `commit` saves what changed, once, before the replies go. */
interface Turn {
  official: Official;
  profile: Profile;
  draft?: Draft;
  tx: Texts;
  now: Date;
  replies: Reply[];
  /** The draft and the profile to save at the end of the turn (at most one write each). */
  dirty: { draft: boolean; profile: boolean };
  /** The open draft is active; `active` is whatever draft the profile points to, submitted ones included. */
  active?: Draft;
  activityId?: string;
}

/**
 * The conversation over the field table: a message comes in, the engine loads the official's profile and draft,
 * decides (navigation.ts says where to go, answering.ts what an answer does: both pure), saves what changed once,
 * and returns the replies. It knows nothing of Teams or of the Bot Framework; bot/handlers/officials.ts feeds it
 * and renders its replies.
 */
export class FormEngine {
  private readonly lock = new KeyedLock();

  constructor(private readonly deps: EngineDeps) {}

  private get now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Work on one official's drafts outside a turn (a form window's save), in order with their turns. */
  serialized<T>(officialId: string, work: () => Promise<T>): Promise<T> {
    return this.lock.run(officialId, work);
  }

  async turn(input: TurnInput): Promise<Reply[]> {
    // One official's messages are handled in order, even from two devices at once. Across bot instances the
    // storage's etags keep order: a turn that lost a race is run again on what the other instance saved.
    return this.lock.run(input.official.id, async () => {
      const damaged = new Set<string>();
      for (let attempt = 1; ; attempt++) {
        try {
          const replies = await this.once(input);
          return damaged.size > 0 ? [...(await this.damagedNotice(input, damaged)), ...replies] : replies;
        } catch (err) {
          // The store has set a damaged document aside, so the key is free: the turn goes on without it, once.
          if (err instanceof DamagedDocumentError && !damaged.has(err.key)) {
            damaged.add(err.key);
            continue;
          }
          if (!(err instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw err;
        }
      }
    });
  }

  /** Said plainly, once: what could not be read, that it was kept, and that the official can go on. */
  private async damagedNotice(input: TurnInput, keys: Set<string>): Promise<Reply[]> {
    const profile = await this.deps.profiles.get(input.official.id);
    const tx = this.deps.catalog.texts(profile.locale ?? baseLocale(input.locale));
    const out: Reply[] = [];
    if ([...keys].some((k) => k.startsWith('drafts/'))) out.push(views.text(tx.t('errors.draftDamaged')));
    // A damaged profile is told by the placeholder the repository leaves in its place (see `once`).
    return out;
  }

  private async once(input: TurnInput): Promise<Reply[]> {
    // Load.
    const profile = await this.deps.profiles.get(input.official.id);
    const tx = this.deps.catalog.texts(profile.locale ?? baseLocale(input.locale));
    const turn: Turn = {
      official: input.official,
      profile,
      tx,
      now: this.now,
      replies: [],
      dirty: { draft: false, profile: false },
      ...(input.activityId ? { activityId: input.activityId } : {}),
    };
    if (profile.setAside) {
      // Their preferences could not be read (this turn, or a pass of the reminders before it): said once.
      turn.replies.push(views.text(tx.t('errors.profileDamaged')));
      const { setAside: _told, ...kept } = profile;
      this.setProfile(turn, kept);
    }
    if (profile.activeDraftId) {
      const draft = await this.deps.drafts.get(input.official.id, profile.activeDraftId);
      turn.active = draft;
      if (draft && !draft.deleted && (draft.status === 'draft' || draft.status === 'returned')) turn.draft = draft;
    }
    // Already applied (a redelivery, or this turn's own save whose reply was lost): say so, change nothing.
    if (this.applied(turn, turn.draft) || this.applied(turn, profile)) return await this.alreadyApplied(turn);
    // Where and in what language to remind the official later: written only when it changes.
    const seen = noted(turn.profile, { ...(input.timeZone ? { timeZone: input.timeZone } : {}), locale: input.locale });
    if (seen) this.setProfile(turn, seen);
    // Decide.
    if (input.action) await this.cardAction(turn, input.action);
    else if (input.document) await this.importDocument(turn, input.document);
    else if (input.uploads?.length) await this.uploads(turn, input.uploads, input.text);
    else if (isWholeFormat(input.text, turn.draft)) await this.importBlocks(turn, blocksFromText(input.text), 'text');
    else {
      const command = parseCommand(input.text, this.deps.catalog);
      if (command) await this.command(turn, command);
      else if (turn.draft) this.answer(turn, turn.draft, input.text);
      else {
        this.detect(turn, input.text);
        await this.home(turn, input.text);
      }
    }
    // Save once, then reply.
    await this.commit(turn);
    return turn.replies;
  }

  /**
   * Every change is on disk before the bot says anything about it: the draft first, then the profile that points
   * to it, each carrying the id of the message that changed it, in the same write.
   */
  private async commit(turn: Turn): Promise<void> {
    const id = turn.activityId;
    if (turn.dirty.draft && turn.draft)
      turn.draft = await this.deps.drafts.save({
        ...turn.draft,
        updatedAt: turn.now.toISOString(),
        ...(id ? { applied: remember(turn.draft.applied, id) } : {}),
      });
    if (turn.dirty.profile)
      turn.profile = await this.deps.profiles.save({
        ...turn.profile,
        ...(id ? { applied: remember(turn.profile.applied, id, PROFILE_KEPT) } : {}),
      });
  }

  private applied(turn: Turn, doc: { applied?: string[] } | undefined): boolean {
    return !!turn.activityId && !!doc?.applied?.includes(turn.activityId);
  }

  /** The answer to a message already applied: it was saved; here is where the official stands. */
  private async alreadyApplied(turn: Turn): Promise<Reply[]> {
    const replies = [views.text(turn.tx.t('answer.alreadySaved'))];
    if (turn.draft) {
      replies.push(
        turn.draft.cursor.step === REVIEW_STEP
          ? views.review(turn.tx, turn.draft)
          : views.question(turn.tx, turn.draft),
      );
      return replies;
    }
    // No draft open: the one just submitted (the profile may no longer point to it) says where things stand.
    const sent =
      turn.active?.reference && turn.active.status !== 'draft'
        ? turn.active
        : turn.profile.lastSubmittedId
          ? await this.deps.drafts.get(turn.official.id, turn.profile.lastSubmittedId)
          : undefined;
    if (sent?.reference && (sent.status === 'submitted' || sent.status === 'accepted'))
      replies.push(views.text(turn.tx.t('answer.alreadySubmitted', { reference: sent.reference })));
    return replies;
  }

  private setDraft(turn: Turn, draft: Draft): void {
    turn.draft = draft;
    turn.dirty.draft = true;
  }

  private setProfile(turn: Turn, profile: Profile): void {
    turn.profile = profile;
    turn.dirty.profile = true;
  }

  /**
   * What an official sees with no draft open: their drafts and how to go on. An install without a locale is
   * greeted in the profile's language, else in Spanish, which is then kept so the next message answers in the
   * same language (the card's language buttons, or a language's name, change it).
   */
  async welcome(official: Official, locale?: string): Promise<Reply[]> {
    return this.lock.run(official.id, async () => {
      for (let attempt = 1; ; attempt++) {
        const profile = await this.deps.profiles.get(official.id);
        const chosen = profile.locale ?? (locale ? baseLocale(locale) : undefined);
        const tx = this.deps.catalog.texts(chosen ?? DEFAULT_LOCALE);
        if (!chosen)
          try {
            const kept: Profile = { ...profile, locale: DEFAULT_LOCALE, localeBy: 'welcome' };
            await this.deps.profiles.save(kept);
          } catch (err) {
            if (err instanceof ConflictError && attempt < MAX_CONFLICT_RETRIES) continue;
            throw err;
          }
        return [await this.homeView(official, tx)];
      }
    });
  }

  /**
   * A first message with no language chosen by the official, clearly written in another of our languages
   * ("Hola" from a Teams in English), is answered in that language, which is kept, and the choice is offered.
   */
  private detect(turn: Turn, text: string): void {
    if (localeBy(turn.profile) === 'official') return;
    const detected = detectLanguage(text);
    if (!detected || detected === turn.tx.locale) return;
    const profile: Profile = { ...turn.profile, locale: detected, localeBy: 'detected' };
    this.setProfile(turn, profile);
    turn.tx = this.deps.catalog.texts(detected);
    turn.replies.push(views.text(turn.tx.t('language.detected')));
  }

  // ---- card buttons ---------------------------------------------------------------------------

  private async cardAction(turn: Turn, action: CardAction): Promise<void> {
    if (action.kind === 'language') return this.language(turn, action.locale);
    if (action.kind === 'command' && action.command === 'new') return this.startNew(turn);
    if (action.kind === 'merge') return this.merge(turn, action.from, action.into, action.replace === true);
    // Only the official's own drafts can be found: a guessed or foreign id is simply a stale card.
    const draft = action.draftId ? await this.deps.drafts.get(turn.official.id, action.draftId) : turn.draft;
    if (!draft || draft.deleted) return this.stale(turn);
    if (this.applied(turn, draft)) {
      turn.draft = draft.status === 'draft' || draft.status === 'returned' ? draft : undefined;
      turn.replies.push(...(await this.alreadyApplied(turn)));
      return;
    }
    if (action.kind === 'submit') return this.submit(turn, draft.id);
    // A copy can be had of any of the official's drafts, the submitted ones too (the receipt's button).
    if (action.kind === 'command' && action.command === 'download') {
      turn.replies.push(views.wordCopy(turn.tx, draft));
      return;
    }
    const open = draft.status === 'draft' || draft.status === 'returned';
    if (!open || (action.kind === 'answer' && draft.cursor.step !== action.step)) return this.stale(turn);
    if (action.kind === 'command' && action.step && draft.cursor.step !== action.step) return this.stale(turn);
    if (turn.draft?.id !== draft.id) this.activate(turn, draft);
    if (action.kind === 'answer') return this.answer(turn, draft, action.text);
    switch (action.command) {
      case 'edit':
        return this.command(turn, { name: 'edit', field: action.field ?? 0 });
      case 'resume':
        turn.replies.push(views.text(turn.tx.t('home.resumed', { title: views.titleLabel(turn.tx, draft) })));
        turn.replies.push(views.question(turn.tx, draft));
        return;
      default:
        return this.command(turn, { name: action.command });
    }
  }

  private stale(turn: Turn): void {
    turn.replies.push(views.text(turn.tx.t('cards.stale')));
  }

  // ---- no draft open ---------------------------------------------------------------------------

  private async home(turn: Turn, text: string): Promise<void> {
    const n = /^\s*(\d{1,3})\s*$/.exec(text);
    if (n) return this.resume(turn, Number(n[1]));
    turn.replies.push(await this.homeView(turn.official, turn.tx));
  }

  private async homeView(official: Official, tx: Texts): Promise<Reply> {
    const drafts = await this.deps.drafts.listByOwner(official.id);
    return views.home(tx, official, drafts);
  }

  private async openDrafts(ownerId: string): Promise<Draft[]> {
    return (await this.deps.drafts.listByOwner(ownerId)).filter((d) => d.status === 'draft' || d.status === 'returned');
  }

  private async resume(turn: Turn, index?: number): Promise<void> {
    const open = await this.openDrafts(turn.official.id);
    const pick = index === undefined ? (open.length === 1 ? open[0] : undefined) : open[index - 1];
    if (!pick) {
      turn.replies.push(
        open.length === 0
          ? views.text(turn.tx.t('home.noDrafts'))
          : views.text(turn.tx.t('home.whichDraft', { count: open.length })),
      );
      if (open.length > 0) turn.replies.push(views.home(turn.tx, turn.official, open));
      return;
    }
    this.activate(turn, pick);
    turn.replies.push(views.text(turn.tx.t('home.resumed', { title: views.titleLabel(turn.tx, pick) })));
    turn.replies.push(views.question(turn.tx, pick));
  }

  /** Makes this draft the one the official's messages answer (or none). */
  private activate(turn: Turn, draft: Draft | undefined): void {
    const profile: Profile = { ...turn.profile };
    const leaving = turn.draft && turn.draft.id !== draft?.id ? turn.draft : undefined;
    if (leaving?.applied?.length) profile.applied = carried(profile.applied, leaving.applied);
    if (draft) profile.activeDraftId = draft.id;
    else delete profile.activeDraftId;
    this.setProfile(turn, profile);
    turn.draft = draft;
  }

  /**
   * A new draft, its id taken from the message's when there is one: a turn run again after a lost race (its draft
   * saved, its profile not) finds the draft it made instead of making a second.
   */
  private async freshDraft(turn: Turn): Promise<Draft> {
    const id = turn.activityId ? `${turn.activityId}.d` : this.deps.newId();
    const made = turn.activityId ? await this.deps.drafts.get(turn.official.id, id) : undefined;
    return made ?? newDraft(id, turn.official, turn.now.toISOString());
  }

  private async startNew(turn: Turn): Promise<void> {
    // "New" pressed twice (a double click, a retried tap) while the draft it made is still empty: that one.
    const empty = turn.draft && !turn.draft.kind && Object.keys(turn.draft.answers).length === 0;
    if (empty && turn.draft) {
      turn.replies.push(views.text(turn.tx.t('draft.started')));
      turn.replies.push(views.question(turn.tx, turn.draft));
      return;
    }
    const draft = await this.freshDraft(turn);
    this.activate(turn, draft);
    this.setDraft(turn, draft);
    turn.replies.push(views.text(turn.tx.t('draft.started')));
    turn.replies.push(views.question(turn.tx, draft));
  }

  // ---- commands --------------------------------------------------------------------------------

  private async command(turn: Turn, command: Command): Promise<void> {
    const { tx } = turn;
    switch (command.name) {
      case 'new':
        return this.startNew(turn);
      case 'resume':
        return this.resume(turn, command.index);
      case 'drafts':
        this.activate(turn, undefined);
        turn.replies.push(await this.homeView(turn.official, tx));
        return;
      case 'language':
        return this.language(turn, command.arg);
      case 'reminders':
        this.setProfile(turn, withReminders(turn.profile, command.on));
        turn.replies.push(views.text(tx.t(command.on ? 'nudge.on' : 'nudge.off')));
        if (turn.draft) turn.replies.push(views.question(tx, turn.draft));
        return;
      case 'help':
        turn.replies.push(views.help(tx, turn.draft));
        return;
      case 'download': {
        // The open draft, else the one the profile points to or the last submitted: what the official just worked on.
        const id = turn.draft?.id ?? turn.active?.id ?? turn.profile.lastSubmittedId;
        const draft = turn.draft ?? turn.active ?? (id ? await this.deps.drafts.get(turn.official.id, id) : undefined);
        turn.replies.push(draft ? views.wordCopy(tx, draft) : views.text(tx.t('word.nothing')));
        return;
      }
      case 'submit':
        // A submitted draft the profile still points to (a crash before the profile was saved) answers with its own receipt.
        return this.submit(turn, turn.draft?.id ?? turn.active?.id ?? turn.profile.lastSubmittedId);
      default:
        break;
    }
    const draft = turn.draft;
    if (!draft) {
      turn.replies.push(views.text(tx.t('home.noActiveDraft')));
      turn.replies.push(await this.homeView(turn.official, tx));
      return;
    }
    switch (command.name) {
      case 'delete': {
        const title = views.titleLabel(tx, draft);
        // A returned practice is the Secretariat's to decide on: the official revises it, never deletes it.
        if (draft.status !== 'draft') {
          turn.replies.push(views.text(tx.t('draft.cannotDelete', { title })));
          return;
        }
        if (!command.confirmed) {
          turn.replies.push(views.text(tx.t('draft.confirmDelete', { title })));
          return;
        }
        // The profile lets go of it; the draft, marked, is still the one this turn saves.
        this.activate(turn, undefined);
        this.setDraft(turn, { ...draft, deleted: { at: turn.now.toISOString(), why: 'official' } });
        turn.replies.push(views.text(tx.t('draft.deleted', { title })));
        // Listed before this turn's save: the deleted draft is left out by hand.
        const others = (await this.deps.drafts.listByOwner(turn.official.id)).filter((d) => d.id !== draft.id);
        turn.replies.push(views.home(tx, turn.official, others));
        return;
      }
      case 'cancel':
        this.activate(turn, undefined);
        turn.replies.push(views.text(tx.t('draft.cancelled', { title: views.titleLabel(tx, draft) })));
        return;
      case 'status':
        turn.replies.push(views.status(tx, draft));
        return;
      case 'review':
        return this.show(turn, nav.moveTo(draft, REVIEW_STEP));
      case 'back': {
        const previous = nav.back(draft);
        if (previous) return this.show(turn, previous);
        turn.replies.push(views.text(tx.t('nav.atStart')));
        turn.replies.push(views.question(tx, draft));
        return;
      }
      case 'skip': {
        const skipped = nav.skip(draft);
        if (!skipped) {
          turn.replies.push(views.text(tx.t('nav.cannotSkip')));
          turn.replies.push(views.question(tx, draft));
          return;
        }
        const said = skipped.kept ? 'nav.skippedKept' : skipped.whole ? 'nav.skippedField' : 'nav.skippedPart';
        turn.replies.push(views.text(tx.t(said, { n: skipped.field.number })));
        return this.show(turn, skipped.draft);
      }
      case 'next':
        if (!nav.canKeep(draft)) {
          turn.replies.push(views.text(tx.t('nav.nothingToKeep')));
          turn.replies.push(views.question(tx, draft));
          return;
        }
        return this.show(turn, nav.advance(draft));
      case 'more': {
        const appending = nav.more(draft);
        if (!appending) {
          turn.replies.push(views.text(tx.t('append.nothing')));
          turn.replies.push(views.question(tx, draft));
          return;
        }
        this.setDraft(turn, appending.draft);
        turn.replies.push(
          views.text(
            tx.t('append.ready', {
              n: fieldOf(appending.target)?.number ?? 0,
              label: views.fieldLabel(tx, appending.target),
            }),
          ),
        );
        return;
      }
      case 'edit': {
        const editing = nav.editField(draft, command.field);
        if (!editing) {
          // Quotes what was typed ("abc", "-1", "99") and says which numbers are valid.
          const arg = command.arg ?? String(command.field);
          turn.replies.push(
            views.text(tx.t(arg ? 'nav.noSuchField' : 'nav.editWhich', { n: arg, total: FIELDS.length })),
          );
          return;
        }
        return this.show(turn, editing);
      }
    }
  }

  private language(turn: Turn, arg?: string): void {
    // "idioma en", "language English", a bare "português", or a card button's code.
    const wanted = arg ? languageNamed(arg, this.deps.catalog, true) : undefined;
    if (!wanted) {
      turn.replies.push(views.text(turn.tx.t('language.choose')));
      return;
    }
    const profile: Profile = { ...turn.profile, locale: wanted, localeBy: 'official' };
    this.setProfile(turn, profile);
    turn.tx = this.deps.catalog.texts(wanted);
    turn.replies.push(views.text(turn.tx.t('language.changed')));
    if (turn.draft) turn.replies.push(views.question(turn.tx, turn.draft));
  }

  // ---- answers ---------------------------------------------------------------------------------

  private kindOf = (text: string): SubmissionKind | undefined => {
    const q = fold(text).replace(/[.!]+$/, '');
    const kinds: SubmissionKind[] = ['practice', 'session'];
    return kinds.find(
      (k, i) => q === String(i + 1) || this.deps.catalog.words(`kinds.${k}.words`).map(fold).includes(q),
    );
  };

  private answer(turn: Turn, draft: Draft, text: string): void {
    const outcome: Outcome = answer(draft, text, { locale: turn.tx.locale, now: turn.now, kindOf: this.kindOf });
    const { tx } = turn;
    switch (outcome.type) {
      case 'notAnAnswer':
        turn.replies.push(views.text(tx.t('review.howTo')));
        return;
      case 'rejected': {
        this.setDraft(turn, outcome.draft);
        const error = outcome.inPart
          ? {
              key: 'errors.inPart',
              params: {
                part: tx.t(`fields.${outcome.inPart.field.key}.parts.${outcome.inPart.part.key}.name`),
                error: tx.t(outcome.error.key, outcome.error.params),
              },
            }
          : outcome.error;
        // The parts of the same message that passed are kept and said first; then the one to answer again.
        if (outcome.kept)
          turn.replies.push(views.text(tx.t('answer.partsKept', { parts: this.namedParts(tx, outcome.kept, 'chat') })));
        turn.replies.push(views.error(tx, error, outcome.offerWayOut));
        // The question again, in the same message, with what was typed kept in the box to correct; a part
        // split off a longer message is asked alone, its box empty.
        const step = outcome.draft.cursor.step;
        // A very long one is not sent back: a card must stay well under Teams' ~28 KB.
        const keep = outcome.inPart || text.length > RETRY_KEEP_CHARS ? '' : text;
        if (step !== REVIEW_STEP) turn.replies.push(views.retry(tx, outcome.draft, keep));
        return;
      }
      case 'accepted':
        turn.replies.push(this.acknowledge(tx, outcome.draft, outcome.understood));
        // A post cut near Teams' size limit keeps the step open for the rest: no new question yet.
        if (outcome.draft.cursor.appending) this.setDraft(turn, outcome.draft);
        else this.show(turn, outcome.draft);
        return;
    }
  }

  /** "Guardado ✓" with what was understood, for the chat and for the card the answer came from. */
  private acknowledge(tx: Texts, draft: Draft, u: Understood): Reply {
    const count = { done: views.doneCount(draft), total: FIELDS.length };
    const reminder = u.reminder ? ` ${tx.t(u.reminder.key)}` : '';
    if (u.step === KIND_STEP && u.kind) return views.ack('', KIND_STEP, tx.t(u.text));
    if (u.parts) {
      const parts = this.namedParts(tx, u, 'chat');
      return views.ack(tx.t('answer.blockSaved', { parts, ...count }), u.step, this.namedParts(tx, u, 'card'));
    }
    if (!u.said) return views.ack('', u.step, u.text);
    const recognised = this.recognised(tx, u.step, u.text);
    const said = tx.t(u.said.key, { ...u.said.params, ...count });
    return views.ack(
      said + (recognised ? ` ${tx.t('answer.recognised', { list: recognised })}` : '') + reminder,
      u.step,
      u.text,
    );
  }

  /** "Institución: … / Estado Parte: Panamá": each part of a message split into several, with its name. */
  private namedParts(tx: Texts, u: Understood, to: 'chat' | 'card'): string {
    const named = (u.parts ?? []).map((p) => {
      const name = tx.t(`fields.${p.field.key}.parts.${p.part.key}.name`);
      const recognised = this.recognised(tx, `${p.field.key}.${p.part.key}`, p.text);
      const text = p.text.replace(/\n/g, ', ') + (recognised ? ` (${recognised})` : '');
      // Escaped for the chat text (a pasted contact may hold markdown); the card escapes its own.
      return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${to === 'chat' ? escapeChatText(text) : text}`;
    });
    return named.join(to === 'chat' ? ' / ' : '\n');
  }

  /** For a provisions answer, what was recognised in it ("III.8 …, III.11 …") in the official's language. */
  private recognised(tx: Texts, step: string, text: string): string {
    if (partOf(step)?.part.input !== 'provisions') return '';
    const parsed = parseProvisions(text);
    return parsed.ok ? provisionNames(parsed.ids, tx.locale) : '';
  }

  /** The draft moves to its step: it is saved at the end of the turn, and the step is asked (or the review shown). */
  private show(turn: Turn, draft: Draft): void {
    this.setDraft(turn, draft);
    turn.replies.push(
      draft.cursor.step === REVIEW_STEP ? views.review(turn.tx, draft) : views.question(turn.tx, draft),
    );
  }

  // ---- documents -------------------------------------------------------------------------------

  private async uploads(turn: Turn, uploads: Upload[], text: string): Promise<void> {
    const draft = turn.draft;
    if (draft && partOf(draft.cursor.step)?.part.files) return this.attach(turn, draft, uploads, text);
    // Anywhere else a file is the format to import; one per message.
    const [first, ...others] = uploads;
    if (others.length)
      turn.replies.push(views.text(turn.tx.t('documents.oneAtATime', { name: escapeChatText(first!.name) })));
    return this.importDocument(turn, await first!.read());
  }

  /** Files sent at field 11: each kept (bytes first, then the draft says it has them), or refused with why. */
  private async attach(turn: Turn, draft: Draft, uploads: Upload[], text: string): Promise<void> {
    const { tx } = turn;
    const kept: AttachmentRef[] = [];
    const lines: string[] = [];
    for (const upload of uploads) {
      const name = escapeChatText(upload.name);
      if ((draft.attachments?.length ?? 0) + kept.length >= MAX_ATTACHMENTS) {
        lines.push(tx.t('attachments.tooMany', { name, max: MAX_ATTACHMENTS }));
        continue;
      }
      // From the message's id when there is one: a turn run again (a conflict, a redelivery) writes the same key.
      const id = turn.activityId ? `${turn.activityId}.${uploads.indexOf(upload)}` : this.deps.newId();
      const result = await upload.keep(attachmentKey(turn.official.id, draft.id, id));
      if (result.ok)
        kept.push({ id, name: upload.name, size: result.size, type: result.type, at: turn.now.toISOString() });
      else lines.push(tx.t(`attachments.refused.${result.refused}`, { ...result.params, name }));
    }
    if (kept.length === 0) {
      turn.replies.push(views.text(lines.join('\n\n')));
      return;
    }
    const attachments = [...(draft.attachments ?? []), ...kept];
    const step = draft.cursor.step;
    const current = draft.answers[step];
    const at = turn.now.toISOString();
    // Words sent with the files are the field's answer; otherwise a list of the files stands in for it (marked,
    // so it is never mistaken for the official's own text) until they write one.
    const own = text.trim() ? validatePart(step, text) : undefined;
    const answers = own?.ok
      ? { ...draft.answers, [step]: { ...own.parsed, lang: tx.locale, at } }
      : !current || current.value === ATTACHED_MARK
        ? {
            ...draft.answers,
            [step]: { text: attachedText(tx, attachments), value: ATTACHED_MARK, lang: tx.locale, at },
          }
        : draft.answers;
    const updated: Draft = { ...draft, attachments, answers, skipped: (draft.skipped ?? []).filter((s) => s !== step) };
    this.setDraft(turn, updated);
    const names = kept.map((k) => `${escapeChatText(k.name)} (${sizeLabel(k.size, tx.locale)})`).join(', ');
    turn.replies.push(views.text([tx.t('attachments.kept', { count: kept.length, names }), ...lines].join('\n\n')));
    turn.replies.push(views.question(tx, updated));
  }

  private async importDocument(turn: Turn, document: IncomingDocument): Promise<void> {
    if ('refused' in document) {
      // Nothing was read, nothing changes: what to do about the file, then where the official was.
      turn.replies.push(
        views.text(
          turn.tx.t(`documents.refused.${document.refused}`, {
            ...document.params,
            name: escapeChatText(document.name),
          }),
        ),
      );
      if (turn.draft) turn.replies.push(views.question(turn.tx, turn.draft));
      return;
    }
    return this.importBlocks(turn, document.blocks, 'docx', document.name);
  }

  /**
   * A document or a pasted format becomes a draft, never a submission: every part checked as if typed, then the
   * missing and failed parts asked one by one. It fills the open draft only when that draft is empty or was
   * itself imported (a format pasted in several messages); otherwise it starts a new draft and offers to fill
   * the open one instead. Nothing already answered is overwritten.
   */
  private async importBlocks(turn: Turn, blocks: SourceBlock[], source: 'docx' | 'text', name?: string) {
    const open = turn.draft;
    const continues = !!open && (Object.keys(open.answers).length === 0 || !!open.imported);
    const target = continues && open ? open : await this.freshDraft(turn);
    const { draft, report } = importInto(target, blocks, { locale: turn.tx.locale, now: turn.now, overwrite: false });
    if (!report.recognised) {
      turn.replies.push(
        views.text(
          turn.tx.t(name ? 'documents.notFormat' : 'documents.notFormatText', { name: escapeChatText(name ?? '') }),
        ),
      );
      if (open) turn.replies.push(views.question(turn.tx, open));
      return;
    }
    const kept: Draft = {
      ...draft,
      imported: { at: turn.now.toISOString(), source, ...(name ? { name } : {}) },
    };
    if (!continues) this.activate(turn, kept);
    const other = continues ? undefined : open;
    turn.replies.push(imported(turn.tx, kept, report, { ...(name ? { name } : {}), ...(other ? { other } : {}) }));
    this.show(turn, kept);
  }

  /** "Fill my open draft instead": the imported draft's parts go into the open one, which keeps what it had. */
  private async merge(turn: Turn, fromId: string, intoId: string, replace: boolean): Promise<void> {
    const [from, into] = await Promise.all([
      this.deps.drafts.get(turn.official.id, fromId),
      this.deps.drafts.get(turn.official.id, intoId),
    ]);
    const open = (d: Draft | undefined): d is Draft =>
      !!d && !d.deleted && (d.status === 'draft' || d.status === 'returned');
    // Only a draft made by an import pours into another, never into itself.
    if (fromId === intoId || !from?.imported || from.status !== 'draft' || !open(into)) return this.stale(turn);
    if (from.deleted) {
      // Already merged (a double click, a turn run again after a lost reply): show where it went.
      if (from.deleted.into !== into.id) return this.stale(turn);
      this.activate(turn, into);
      turn.replies.push(views.question(turn.tx, into));
      return;
    }
    const { draft, report } = mergeInto(into, from, { replace });
    // The imported draft is set aside in its own write, before the merged one is saved at the end of the turn; a
    // re-run after a conflict finds it set aside for this very draft and goes on (above).
    await this.deps.drafts.save({ ...from, deleted: { at: turn.now.toISOString(), why: 'merged', into: into.id } });
    this.activate(turn, draft);
    turn.replies.push(imported(turn.tx, draft, report, { merged: true, replaced: replace }));
    this.show(turn, draft);
  }

  // ---- submitting ------------------------------------------------------------------------------

  /** The submission life cycle is its own transaction (submission.ts); the turn then saves only the profile. */
  private async submit(turn: Turn, draftId: string | undefined): Promise<void> {
    const { tx } = turn;
    if (!draftId) {
      turn.replies.push(views.text(tx.t('home.noActiveDraft')));
      return;
    }
    const result = await this.deps.submissions.submit(turn.official.id, draftId, turn.now);
    if (result.ok) {
      const profile: Profile = { ...turn.profile, lastSubmittedId: draftId };
      const sent = turn.draft?.id === draftId ? turn.draft : undefined;
      if (sent?.applied?.length) profile.applied = carried(profile.applied, sent.applied);
      if (profile.activeDraftId === draftId) delete profile.activeDraftId;
      this.setProfile(turn, profile);
      turn.replies.push(views.ack('', REVIEW_STEP, result.reference));
      turn.replies.push(views.receipt(tx, result.record, result.already));
      return;
    }
    if (result.reason === 'incomplete') {
      turn.replies.push(views.refused(tx, result.problems));
      return;
    }
    turn.replies.push(views.text(tx.t('home.noActiveDraft')));
  }
}
