import { KeyedLock } from './keyedLock.js';
import { ConflictError, DamagedDocumentError, type Drafts, type Profile, type Profiles } from './ports.js';
import { parseCommand, type Command } from './commands.js';
import { KIND_STEP, REVIEW_STEP, SESSION_STEP, newDraft, stepsOf, type Draft, type Official, type SubmissionKind } from './draft.js';
import { FIELDS, fieldOf, partId, partOf, type FieldDef } from './fields.js';
import { LOCALES, baseLocale, fold } from './normalize.js';
import { shortText } from './schemas.js';
import type { SubmissionService } from './submission.js';
import type { Catalog, Texts } from './texts.js';
import { validatePart } from './validation.js';
import { escapeChatText } from './markdown.js';
import * as views from './views.js';
import type { Reply } from './views.js';

/** After this many failed tries on one step the bot offers help or skipping instead of asking again. */
export const MAX_TRIES = 3;
/** A post this long is close to Teams' ~28 KB limit: the answer may go on in the next post. */
export const LONG_POST_CHARS = 12_000;
/** How often a turn is re-run after losing a write race to another bot instance. */
const MAX_CONFLICT_RETRIES = 5;

/** What a card button sends: the draft and step it was drawn for, so an old card cannot act on a newer state. */
export type CardAction =
  | { kind: 'answer'; draftId: string; step: string; text: string }
  | { kind: 'submit'; draftId: string }
  | { kind: 'command'; command: 'skip' | 'help' | 'edit' | 'resume' | 'new'; draftId?: string; step?: string; field?: number };

export interface TurnInput {
  official: Official;
  text: string;
  action?: CardAction;
  /** The Teams locale of the activity ("pt-BR"); an official's own choice overrides it. */
  locale?: string;
}

export interface EngineDeps {
  drafts: Drafts;
  profiles: Profiles;
  submissions: SubmissionService;
  catalog: Catalog;
  newId: () => string;
  clock?: () => Date;
}

/** Everything one turn works on; saved back before any reply is returned. */
interface Turn {
  official: Official;
  profile: Profile;
  draft?: Draft;
  tx: Texts;
  now: Date;
  replies: Reply[];
}

/**
 * The conversation, as a pure state machine over the field table: a message comes in, the draft moves,
 * the draft is saved, replies go out. It knows nothing of Teams or of the Bot Framework; the dialog in
 * dialogs/ feeds it, the bot renders its replies.
 */
export class FormEngine {
  private readonly lock = new KeyedLock();

  constructor(private readonly deps: EngineDeps) {}

  private get now(): Date {
    return this.deps.clock?.() ?? new Date();
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
    if ([...keys].some((k) => k.startsWith('profiles/'))) out.push(views.text(tx.t('errors.profileDamaged')));
    return out;
  }

  private async once(input: TurnInput): Promise<Reply[]> {
    const profile = await this.deps.profiles.get(input.official.id);
    const tx = this.deps.catalog.texts(profile.locale ?? baseLocale(input.locale));
    const turn: Turn = { official: input.official, profile, tx, now: this.now, replies: [] };
    if (profile.activeDraftId) {
      const draft = await this.deps.drafts.get(input.official.id, profile.activeDraftId);
      if (draft && (draft.status === 'draft' || draft.status === 'returned')) turn.draft = draft;
    }
    if (input.action) {
      await this.cardAction(turn, input.action);
      return turn.replies;
    }
    const command = parseCommand(input.text, this.deps.catalog);
    if (command) await this.command(turn, command);
    else if (turn.draft) await this.answer(turn, turn.draft, input.text);
    else await this.home(turn, input.text);
    return turn.replies;
  }

  /** What an official sees with no draft open: their drafts and how to go on. */
  async welcome(official: Official, locale?: string): Promise<Reply[]> {
    const profile = await this.deps.profiles.get(official.id);
    const tx = this.deps.catalog.texts(profile.locale ?? baseLocale(locale));
    return [await this.homeView(official, tx)];
  }

  // ---- card buttons ---------------------------------------------------------------------------

  private async cardAction(turn: Turn, action: CardAction): Promise<void> {
    if (action.kind === 'command' && action.command === 'new') return this.startNew(turn);
    // Only the official's own drafts can be found: a guessed or foreign id is simply a stale card.
    const draft = action.draftId ? await this.deps.drafts.get(turn.official.id, action.draftId) : turn.draft;
    if (!draft) return this.stale(turn);
    if (action.kind === 'submit') return this.submit(turn, draft.id);
    const open = draft.status === 'draft' || draft.status === 'returned';
    if (!open || (action.kind === 'answer' && draft.cursor.step !== action.step)) return this.stale(turn);
    if (action.kind === 'command' && action.step && draft.cursor.step !== action.step) return this.stale(turn);
    if (turn.draft?.id !== draft.id) await this.activate(turn, draft);
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
      turn.replies.push(open.length === 0 ? views.text(turn.tx.t('home.noDrafts')) : views.text(turn.tx.t('home.whichDraft', { count: open.length })));
      if (open.length > 0) turn.replies.push(views.home(turn.tx, turn.official, open));
      return;
    }
    await this.activate(turn, pick);
    turn.replies.push(views.text(turn.tx.t('home.resumed', { title: views.titleLabel(turn.tx, pick) })));
    turn.replies.push(views.question(turn.tx, pick));
  }

  private async activate(turn: Turn, draft: Draft | undefined): Promise<void> {
    const profile: Profile = { ...turn.profile };
    if (draft) profile.activeDraftId = draft.id;
    else delete profile.activeDraftId;
    turn.profile = await this.deps.profiles.save(profile);
    turn.draft = draft;
  }

  private async startNew(turn: Turn): Promise<void> {
    const draft = await this.deps.drafts.save(newDraft(this.deps.newId(), turn.official, turn.now.toISOString()));
    await this.activate(turn, draft);
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
        await this.activate(turn, undefined);
        turn.replies.push(await this.homeView(turn.official, tx));
        return;
      case 'language':
        return this.language(turn, command.arg);
      case 'help':
        turn.replies.push(views.help(tx, turn.draft));
        return;
      case 'submit':
        return this.submit(turn, turn.draft?.id ?? turn.profile.lastSubmittedId);
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
      case 'cancel':
        await this.activate(turn, undefined);
        turn.replies.push(views.text(tx.t('draft.cancelled', { title: views.titleLabel(tx, draft) })));
        return;
      case 'status':
        turn.replies.push(views.status(tx, draft));
        return;
      case 'review':
        return this.moveTo(turn, draft, REVIEW_STEP, {});
      case 'back': {
        const steps = stepsOf(draft);
        const at = steps.indexOf(draft.cursor.step);
        if (at <= 0) {
          turn.replies.push(views.text(tx.t('nav.atStart')));
          turn.replies.push(views.question(tx, draft));
          return;
        }
        return this.moveTo(turn, draft, steps[at - 1]!, {});
      }
      case 'skip':
        return this.skip(turn, draft);
      case 'next':
        if (draft.cursor.step !== REVIEW_STEP && draft.cursor.step !== KIND_STEP && !this.hasAnswer(draft, draft.cursor.step)) {
          const part = partOf(draft.cursor.step);
          if (part?.part.required !== false) {
            turn.replies.push(views.text(tx.t('nav.nothingToKeep')));
            turn.replies.push(views.question(tx, draft));
            return;
          }
        }
        return this.advance(turn, draft);
      case 'more':
        return this.more(turn, draft);
      case 'edit': {
        const field = FIELDS.find((f) => f.number === command.field);
        if (!field) {
          turn.replies.push(views.text(tx.t('nav.noSuchField', { n: command.field, total: FIELDS.length })));
          return;
        }
        const returnTo = draft.cursor.returnTo ?? draft.cursor.step;
        return this.moveTo(turn, draft, partId(field, field.parts[0]!), { returnTo });
      }
    }
  }

  private async language(turn: Turn, arg?: string): Promise<void> {
    const wanted = arg ? LOCALES.find((l) => fold(arg).startsWith(l) || this.deps.catalog.words(`languages.${l}`).map(fold).includes(fold(arg))) : undefined;
    if (!wanted) {
      turn.replies.push(views.text(turn.tx.t('language.choose')));
      return;
    }
    turn.profile = await this.deps.profiles.save({ ...turn.profile, locale: wanted });
    turn.tx = this.deps.catalog.texts(wanted);
    turn.replies.push(views.text(turn.tx.t('language.changed')));
    if (turn.draft) turn.replies.push(views.question(turn.tx, turn.draft));
  }

  private hasAnswer(draft: Draft, step: string): boolean {
    if (step === SESSION_STEP) return !!draft.sessionName;
    if (step === KIND_STEP) return !!draft.kind;
    return !!draft.answers[step];
  }

  private async skip(turn: Turn, draft: Draft): Promise<void> {
    const step = draft.cursor.step;
    const found = partOf(step);
    if (!found) {
      turn.replies.push(views.text(turn.tx.t('nav.cannotSkip')));
      turn.replies.push(views.question(turn.tx, draft));
      return;
    }
    // An optional part is simply left empty; a required one leaves its whole field for later.
    const skipped = found.part.required ? found.field.parts.map((p) => partId(found.field, p)) : [step];
    const marked: Draft = { ...draft, skipped: [...new Set([...(draft.skipped ?? []), ...skipped])] };
    turn.replies.push(views.text(turn.tx.t(found.part.required ? 'nav.skippedField' : 'nav.skippedPart', { n: found.field.number })));
    const last = partId(found.field, found.field.parts[found.field.parts.length - 1]!);
    return this.advance(turn, { ...marked, cursor: { ...marked.cursor, step: found.part.required ? last : step } });
  }

  private async more(turn: Turn, draft: Draft): Promise<void> {
    // "More" adds to the answer just given (or to the current one if it already has text).
    const steps = stepsOf(draft);
    const at = steps.indexOf(draft.cursor.step);
    const candidates = [draft.cursor.step, steps[at - 1]].filter((s): s is string => !!s && !!partOf(s) && !!draft.answers[s]);
    const target = candidates[0];
    if (!target) {
      turn.replies.push(views.text(turn.tx.t('append.nothing')));
      turn.replies.push(views.question(turn.tx, draft));
      return;
    }
    const returnTo = target === draft.cursor.step ? draft.cursor.returnTo : draft.cursor.step;
    const moved: Draft = { ...draft, cursor: { step: target, failures: 0, appending: true, ...(returnTo ? { returnTo } : {}) } };
    await this.save(turn, moved);
    turn.replies.push(views.text(turn.tx.t('append.ready', { n: fieldOf(target)?.number ?? 0, label: views.fieldLabel(turn.tx, target) })));
  }

  // ---- answers ---------------------------------------------------------------------------------

  private async answer(turn: Turn, draft: Draft, text: string): Promise<void> {
    const step = draft.cursor.step;
    if (step === KIND_STEP) return this.answerKind(turn, draft, text);
    if (step === SESSION_STEP) {
      const result = shortText(5, 300).safeParse(text);
      if (!result.success) return this.reject(turn, draft, { key: 'errors.sessionName', params: { min: 5 } });
      turn.replies.push(views.ack('', SESSION_STEP, result.data.text));
      return this.advance(turn, { ...draft, sessionName: result.data.text });
    }
    if (step === REVIEW_STEP) {
      turn.replies.push(views.text(turn.tx.t('review.howTo')));
      return;
    }
    const appending = draft.cursor.appending && draft.answers[step];
    const found = partOf(step);
    const block = !appending && found?.field.parts[0] === found?.part ? found?.field.fromBlock?.(text) : undefined;
    if (found && block) return this.answerBlock(turn, draft, found.field, block);
    const full = appending ? `${draft.answers[step]!.text}\n\n${text.trim()}` : text;
    const result = validatePart(step, full);
    if (!result.ok) return this.reject(turn, draft, result.error);

    const answers = { ...draft.answers, [step]: { ...result.parsed, lang: turn.tx.locale, at: turn.now.toISOString() } };
    const skipped = (draft.skipped ?? []).filter((s) => s !== step);
    const updated: Draft = { ...draft, answers, skipped };
    const reminder = result.reminder ? ` ${turn.tx.t(result.reminder.key)}` : '';
    if (text.length >= LONG_POST_CHARS) {
      // Teams cut this post close to its size limit; the official may have more to add before we move on.
      await this.save(turn, { ...updated, cursor: { ...draft.cursor, failures: 0, appending: true } });
      turn.replies.push(views.ack(turn.tx.t('append.longSaved', { length: full.length }) + reminder, step, full));
      return;
    }
    turn.replies.push(views.ack(turn.tx.t(appending ? 'answer.appended' : 'answer.saved', { done: views.doneCount(updated), total: FIELDS.length }) + reminder, step, full));
    return this.advance(turn, updated);
  }

  /** A block that fills every part of a field at once (a pasted contact card): all parts valid, or none kept. */
  private async answerBlock(turn: Turn, draft: Draft, field: FieldDef, block: Record<string, string>): Promise<void> {
    const answers = { ...draft.answers };
    const names: string[] = [];
    // The same, escaped for the chat text: a pasted contact may hold markdown.
    const shown: string[] = [];
    for (const part of field.parts) {
      const text = block[part.key];
      if (text === undefined) continue;
      const result = validatePart(partId(field, part), text);
      if (!result.ok) {
        const name = turn.tx.t(`fields.${field.key}.parts.${part.key}.name`);
        return this.reject(turn, draft, { key: 'errors.inPart', params: { part: name, error: turn.tx.t(result.error.key, result.error.params) } });
      }
      answers[partId(field, part)] = { ...result.parsed, lang: turn.tx.locale, at: turn.now.toISOString() };
      names.push(`${turn.tx.t(`fields.${field.key}.parts.${part.key}.name`)}: ${text.replace(/\n/g, ', ')}`);
      shown.push(`${turn.tx.t(`fields.${field.key}.parts.${part.key}.name`)}: ${escapeChatText(text.replace(/\n/g, ', '))}`);
    }
    const updated: Draft = { ...draft, answers, skipped: (draft.skipped ?? []).filter((s) => !s.startsWith(`${field.key}.`)) };
    turn.replies.push(views.ack(turn.tx.t('answer.blockSaved', { parts: shown.join('; '), done: views.doneCount(updated), total: FIELDS.length }), partId(field, field.parts[0]!), names.join('\n')));
    const last = partId(field, field.parts[field.parts.length - 1]!);
    return this.advance(turn, { ...updated, cursor: { ...updated.cursor, step: last } });
  }

  private async answerKind(turn: Turn, draft: Draft, text: string): Promise<void> {
    const q = fold(text).replace(/[.!]+$/, '');
    const kinds: SubmissionKind[] = ['practice', 'session'];
    const kind = kinds.find((k, i) => q === String(i + 1) || this.deps.catalog.words(`kinds.${k}.words`).map(fold).includes(q));
    if (!kind) return this.reject(turn, draft, { key: 'errors.kind' });
    turn.replies.push(views.ack('', KIND_STEP, turn.tx.t(`kinds.${kind}.label`)));
    const updated: Draft = { ...draft, kind };
    if (kind === 'practice') delete updated.sessionName;
    return this.advance(turn, updated);
  }

  private async reject(turn: Turn, draft: Draft, error: { key: string; params?: Record<string, string | number> }): Promise<void> {
    const failures = draft.cursor.failures + 1;
    // The failure count is saved too, so the offer of help survives a change of device.
    await this.save(turn, { ...draft, cursor: { ...draft.cursor, failures } });
    turn.replies.push(views.error(turn.tx, error, failures >= MAX_TRIES));
  }

  // ---- moving through the form -----------------------------------------------------------------

  /** The next step: the rest of a field being edited, then back where the official was; otherwise the next unanswered step. */
  private nextStep(draft: Draft): { step: string; returnTo?: string } {
    const steps = stepsOf(draft);
    const at = steps.indexOf(draft.cursor.step);
    const current = fieldOf(draft.cursor.step);
    const following = steps[at + 1];
    if (draft.cursor.returnTo) {
      if (current && following && fieldOf(following) === current) return { step: following, returnTo: draft.cursor.returnTo };
      return { step: steps.includes(draft.cursor.returnTo) ? draft.cursor.returnTo : REVIEW_STEP };
    }
    if (draft.cursor.step === KIND_STEP || draft.cursor.step === SESSION_STEP) {
      if (following === SESSION_STEP && !draft.sessionName) return { step: SESSION_STEP };
    }
    if (draft.status === 'returned' && draft.review) {
      // A returned practice is asked again only the fields the Secretariat named, each of their parts.
      const named = steps.slice(at + 1).find((s) => draft.review!.fields.includes(fieldOf(s)?.number ?? -1));
      return { step: named ?? REVIEW_STEP };
    }
    const skipped = new Set(draft.skipped ?? []);
    const next = steps.slice(at + 1).find((s) => s === REVIEW_STEP || (s !== SESSION_STEP && !this.hasAnswer(draft, s) && !skipped.has(s)));
    return { step: next ?? REVIEW_STEP };
  }

  private async advance(turn: Turn, draft: Draft): Promise<void> {
    const { step, returnTo } = this.nextStep(draft);
    return this.moveTo(turn, draft, step, returnTo ? { returnTo } : {});
  }

  private async moveTo(turn: Turn, draft: Draft, step: string, extra: { returnTo?: string }): Promise<void> {
    const moved: Draft = { ...draft, cursor: { step, failures: 0, ...extra } };
    await this.save(turn, moved);
    turn.replies.push(step === REVIEW_STEP ? views.review(turn.tx, moved) : views.question(turn.tx, moved));
  }

  /** Every change is on disk before the bot says anything about it. */
  private async save(turn: Turn, draft: Draft): Promise<void> {
    turn.draft = await this.deps.drafts.save({ ...draft, updatedAt: turn.now.toISOString() });
  }

  // ---- submitting ------------------------------------------------------------------------------

  private async submit(turn: Turn, draftId: string | undefined): Promise<void> {
    const { tx } = turn;
    if (!draftId) {
      turn.replies.push(views.text(tx.t('home.noActiveDraft')));
      return;
    }
    const result = await this.deps.submissions.submit(turn.official.id, draftId, turn.now);
    if (result.ok) {
      const profile: Profile = { ...turn.profile, lastSubmittedId: draftId };
      if (profile.activeDraftId === draftId) delete profile.activeDraftId;
      turn.profile = await this.deps.profiles.save(profile);
      turn.replies.push(views.ack('', REVIEW_STEP, result.reference));
      turn.replies.push(views.receipt(tx, result.record, result.already));
      return;
    }
    if ('problems' in result) {
      turn.replies.push(views.refused(tx, result.problems));
      return;
    }
    turn.replies.push(views.text(tx.t('home.noActiveDraft')));
  }
}
