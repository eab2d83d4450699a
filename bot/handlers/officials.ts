import { createHash } from 'node:crypto';
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import { answeredCard, problemUnderInput, questionCard, stepHeader, type Card } from '../../dialogs/cards/cards.js';
import { cardActionFrom } from '../../dialogs/teams/cardAction.js';
import { DEFAULT_LOCALE } from '../../dialogs/core/normalize.js';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import { HOME_STEP, LiveCards, type LiveCard } from './liveCards.js';
import type { Reply } from '../../dialogs/core/views.js';
import { officialFrom, textFrom } from '../../dialogs/teams/official.js';
import { toActivities } from '../../dialogs/teams/render.js';
import type { WordCopies } from './wordCopy.js';
import { keepAttachment, readIncoming, shortName, type DocumentReader } from './documents.js';
import { filesIn } from '../../dialogs/teams/attachments.js';
import type { CardAction, FormEngine, Upload } from '../../dialogs/core/engine.js';

/**
 * Officials' messages and card buttons in their personal chat: the whole guided form, one message at a time. It keeps no state between turns, so it needs no dialog stack
 * and no conversation state: where the official is lives in their draft on disk, and a restart, another
 * device or another bot instance resume at the same step. (A Bot Framework dialog around it cost CPU on every
 * turn, and a read and a write of conversation state per turn on Blob Storage, for a stack that never held
 * anything.)
 */
export function officialsHandler(
  engine: FormEngine,
  catalog: Catalog,
  extras: {
    wordCopies?: WordCopies;
    documents?: DocumentReader;
    liveCards?: LiveCards;
    /** False where the form window cannot open (no Teams SSO configured): its buttons are left off the cards. */
    formWindow?: boolean;
  } = {},
): ((context: TurnContext) => Promise<void>) & {
  /** A turn for an action that came another way than a message (a form window closed with "Done"). */
  act: (context: TurnContext, action: CardAction) => Promise<void>;
  /**
   * A card's Action.Execute (Universal Actions): the card pressed is answered in place. A refused answer comes
   * back as the same card with the problem under its box and the answer kept; an accepted one as the card
   * without inputs, the next step following as one new message.
   */
  execute: (context: TurnContext, action: CardAction) => Promise<Card | undefined>;
} {
  const lives = extras.liveCards ?? new LiveCards();
  const cardOptions = { formWindow: extras.formWindow !== false };
  const handler = async (context: TurnContext, given?: CardAction, inPlace = false): Promise<Card | undefined> => {
    const activity = context.activity;
    if (activity.type !== 'message' && !given) return undefined;
    const action = given ?? cardActionFrom(activity.value);
    const files = action ? [] : filesIn(activity);
    const reader = extras.documents;
    // Reading or keeping a file takes a few seconds: Teams shows the bot typing meanwhile.
    if (files.length && reader) await context.sendActivity({ type: ActivityTypes.Typing });
    const uploads: Upload[] = reader
      ? files.map((file) => ({
          name: shortName(file.name),
          read: () => readIncoming(file, reader),
          keep: (key: string) => keepAttachment(file, key, reader),
        }))
      : [];
    const replies = await engine.turn({
      ...(uploads.length ? { uploads } : {}),
      official: officialFrom(activity),
      text: action ? '' : textFrom(activity),
      locale: activity.locale,
      // Teams sends the client's IANA time zone on messages: reminders come in its working hours.
      ...(activity.localTimezone ? { timeZone: activity.localTimezone } : {}),
      ...(action ? { action } : {}),
      // Teams keeps a message's id when it delivers it again: the engine applies each message once.
      // An invoke (Save in place, a dialog closed) is keyed the same way: Teams retries an unanswered invoke.
      ...(activity.id ? { activityId: messageKey(activity.conversation?.id ?? '', activity.id) } : {}),
    });
    const conversation = activity.conversation?.id ?? '';
    const tx = catalog.texts(replies.find((r) => r.locale)?.locale ?? DEFAULT_LOCALE);
    const ack = replies.find((r) => r.view?.type === 'ack')?.view;
    const answered = ack?.type === 'ack' ? ack : undefined;
    const moving =
      answered ||
      replies.some((r) => r.view && (CARD_STEPS[r.view.type] || r.view.type === 'home' || r.view.type === 'receipt'));
    // The cards before this turn's (the one pressed, and the conversation's last live one), once answered or
    // left behind by a move, are redrawn without inputs or buttons; a card a turn did not move past stays live.
    const live = lives.take(conversation);
    const drawnFor = action && 'step' in action ? action.step : undefined;
    const pressed =
      action && activity.replyToId
        ? {
            id: activity.replyToId,
            // A button with no step of its own (the welcome's) is known by the live card it is on.
            step: drawnFor ?? (live?.id === activity.replyToId ? live.step : undefined) ?? answered?.step ?? '',
          }
        : undefined;
    if (inPlace && pressed) {
      const at = replies.findIndex((r) => r.view?.type === 'question' && r.view.typed !== undefined);
      const again = replies[at]?.view;
      if (again?.type === 'question' && again.typed !== undefined && again.draft.cursor.step === pressed.step) {
        // Refused: nothing new in the chat; the pressed card says what is wrong under its box, and stays live.
        const problem = replies
          .slice(0, at)
          .map((r) => r.text)
          .filter(Boolean)
          .join('\n\n');
        if (live && live.id !== pressed.id) await redraw(context, tx, live.id, live.step, '');
        lives.set(conversation, { id: pressed.id, step: pressed.step });
        const card = questionCard(tx, again.draft, undefined, again.typed, cardOptions);
        return problemUnderInput(card, problem);
      }
    }
    let inPlaceCard: Card | undefined;
    const previous = [pressed, live && live.id !== pressed?.id ? live : undefined].filter((c): c is LiveCard => !!c);
    for (const card of previous) {
      const step = card.step || answered?.step || '';
      const thePressed = inPlace && card === pressed;
      if (answered && step === answered.step)
        if (thePressed) inPlaceCard = closedCard(tx, step, answered.text);
        else await redraw(context, tx, card.id, step, answered.text);
      else if ((moving || thePressed) && step)
        if (thePressed) inPlaceCard = closedCard(tx, step, '');
        else await redraw(context, tx, card.id, step, '');
      // Not moved past (help, a download, a stale press): the live card stays live, pressed or not.
      else if (live && (card === live || card.id === live.id)) lives.set(conversation, live);
    }
    const activities = toActivities(replies, catalog, cardOptions);
    if (activities.length) {
      const sent = await context.sendActivities(activities);
      const step = lastCardStep(replies);
      const id = [...sent].reverse().find((r) => r?.id)?.id;
      if (step && id && activities.at(-1)?.attachments?.length) lives.set(conversation, { id, step });
    }
    for (const reply of replies)
      if (reply.view?.type === 'wordCopy' && extras.wordCopies)
        await context.sendActivity(await extras.wordCopies.offer(context, reply.view.draft, reply.locale));
    // Save pressed on a card Teams did not name (no replyToId): its step is done either way, so it closes.
    if (inPlace && !inPlaceCard && drawnFor) inPlaceCard = closedCard(tx, drawnFor, answered?.text ?? '');
    return inPlaceCard;
  };
  return Object.assign(
    async (context: TurnContext) => {
      await handler(context);
    },
    {
      act: async (context: TurnContext, action: CardAction) => {
        await handler(context, action);
      },
      execute: (context: TurnContext, action: CardAction) => handler(context, action, true),
    },
  );
}

/** Activity ids are unique within a conversation only: the key is both, hashed short (a draft keeps the last few). */
function messageKey(conversationId: string, activityId: string): string {
  return createHash('sha256').update(`${conversationId}\u0000${activityId}`).digest('base64url').slice(0, 16);
}

/** The cards that stay live (inputs, buttons) and the step each asks. */
const CARD_STEPS: Partial<Record<NonNullable<Reply['view']>['type'], (view: NonNullable<Reply['view']>) => string>> = {
  question: (v) => (v.type === 'question' ? v.draft.cursor.step : ''),
  review: () => 'review',
  home: () => HOME_STEP,
  imported: (v) => (v.type === 'imported' ? v.draft.cursor.step : ''),
};

/** The step of the last live card among the replies: the one the official will answer next. */
function lastCardStep(replies: Reply[]): string | undefined {
  for (const r of [...replies].reverse()) {
    const step = r.view && CARD_STEPS[r.view.type]?.(r.view);
    if (step) return step;
  }
  return undefined;
}

/** What a card becomes once answered (with the answer) or left behind (saying the form goes on below). */
const closedCard = (tx: Texts, step: string, answer: string): Card =>
  step === HOME_STEP
    ? answeredCard(tx.t('cards.homeTitle'), '', tx.t('cards.homeSuperseded'))
    : answeredCard(stepHeader(tx, step), answer, tx.t(answer ? 'cards.answered' : 'cards.superseded'));

/**
 * A card redrawn in place without its inputs and buttons, so it cannot be submitted twice: with the answer it
 * got, or, left behind by a move, with a note that the form goes on in the latest card.
 */
async function redraw(context: TurnContext, tx: Texts, cardId: string, step: string, answer: string): Promise<void> {
  const card = closedCard(tx, step, answer);
  try {
    await context.updateActivity({
      id: cardId,
      type: ActivityTypes.Message,
      attachments: [CardFactory.adaptiveCard(card)],
    });
  } catch {
    // Cosmetic: the answer is saved and the new card is on its way. An old card Teams will not update (too old,
    // deleted, throttled) keeps its buttons, which then get "this step is already done".
  }
}
