import { createHash } from 'node:crypto';
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import { answeredCard, stepHeader } from '../../dialogs/cards/cards.js';
import { cardActionFrom } from '../../dialogs/teams/cardAction.js';
import { DEFAULT_LOCALE } from '../../dialogs/core/normalize.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import type { Reply } from '../../dialogs/core/views.js';
import { officialFrom, textFrom } from '../../dialogs/teams/official.js';
import { toActivities } from '../../dialogs/teams/render.js';
import type { WordCopies } from './wordCopy.js';
import { keepAttachment, readIncoming, shortName, type DocumentReader } from './documents.js';
import { filesIn } from '../../dialogs/teams/attachments.js';
import type { FormEngine, Upload } from '../../dialogs/core/engine.js';

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
  extras: { wordCopies?: WordCopies; documents?: DocumentReader } = {},
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const activity = context.activity;
    if (activity.type !== 'message') return;
    const action = cardActionFrom(activity.value);
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
      ...(action ? { action } : {}),
      // Teams keeps a message's id when it delivers it again: the engine applies each message once.
      ...(activity.id ? { activityId: messageKey(activity.conversation?.id ?? '', activity.id) } : {}),
    });
    if (action && activity.replyToId) await markAnswered(context, catalog, activity.replyToId, replies);
    const activities = toActivities(replies, catalog);
    if (activities.length) await context.sendActivities(activities);
    for (const reply of replies)
      if (reply.view?.type === 'wordCopy' && extras.wordCopies)
        await context.sendActivity(await extras.wordCopies.offer(context, reply.view.draft, reply.locale));
  };
}

/** Activity ids are unique within a conversation only: the key is both, hashed short (a draft keeps the last few). */
function messageKey(conversationId: string, activityId: string): string {
  return createHash('sha256').update(`${conversationId}\u0000${activityId}`).digest('base64url').slice(0, 16);
}

/** The card that was answered is redrawn in place without its buttons, so it cannot be submitted twice. */
async function markAnswered(context: TurnContext, catalog: Catalog, cardId: string, replies: Reply[]): Promise<void> {
  const ack = replies.find((r) => r.view?.type === 'ack')?.view;
  if (ack?.type !== 'ack') return;
  const tx = catalog.texts(replies.find((r) => r.locale)?.locale ?? DEFAULT_LOCALE);
  const card = answeredCard(stepHeader(tx, ack.step), ack.text, tx.t('cards.answered'));
  await context.updateActivity({
    id: cardId,
    type: ActivityTypes.Message,
    attachments: [CardFactory.adaptiveCard(card)],
  });
}
