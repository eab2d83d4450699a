import { CardFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { notificationCard } from '../../dialogs/cards/cards.js';
import type { PracticeRecord } from '../../dialogs/core/practice.js';
import { queueCardUpdate, type ReviewResult, type ReviewService } from '../../dialogs/core/review.js';
import type { Outbox, Practices } from '../../dialogs/core/ports.js';
import type { Texts, Catalog } from '../../dialogs/core/texts.js';
import { statusLine } from '../../dialogs/core/views.js';
import { officialFrom } from '../../dialogs/teams/official.js';
import type { Config } from '../config.js';
import { isReviewer } from '../guards/reviewers.js';
import { cardResponse, messageResponse, type ExecuteKind } from './cardExecutes.js';

/** What every review button carries: the practice, and the version its card showed. */
export const ReviewTarget = z.object({
  reference: z.string().max(40),
  version: z.coerce.number().int().positive().optional(),
});

/**
 * What a reviewer is told, privately, when a decision was not taken: above all when the card was no longer true
 * (another reviewer decided first, a new version came): who did what, and when. Plain text: message boxes and
 * Universal Actions' messages render no markdown.
 */
export function refusalText(tx: Texts, result: ReviewResult, reference: string): string {
  const plain = (s: string) => s;
  if (result.ok) return tx.t('reviewing.already', { what: statusLine(tx, result.record, plain).line });
  switch (result.reason) {
    case 'notFound':
      return tx.t('reviewing.notFound', { reference });
    case 'noFields':
      return tx.t('reviewDialog.none');
    case 'otherVersion':
      return tx.t('reviewing.otherVersion', {
        version: result.record.version,
        what: statusLine(tx, result.record, plain).line,
      });
    case 'notUnderReview':
      return tx.t('reviewing.already', { what: statusLine(tx, result.record, plain).line });
  }
}

/**
 * Accept, one click on the card (Action.Execute, data `mesicic: 'reviewAccept'`). Whoever pressed it gets the card
 * redrawn at once; everyone else through the outbox's in-place update. A refusal (not a reviewer, already decided,
 * another version) is the invoke's answer: only the one who pressed sees it, and nothing is posted in the thread.
 */
export function reviewAccept(deps: {
  reviews: ReviewService;
  catalog: Catalog;
  config: Config;
  logger: Logger;
}): ExecuteKind {
  return async (context, data) => {
    const tx = deps.catalog.texts(deps.config.SECRETARIAT_LOCALE);
    const target = ReviewTarget.safeParse(data);
    if (!target.success) return messageResponse(tx.t('dialogs.unknown'));
    if (!isReviewer(context, deps.config)) {
      deps.logger.warn({ reference: target.data.reference }, 'review action refused: not a reviewer');
      return messageResponse(tx.t('reviewing.notReviewer'));
    }
    const { reference, version } = target.data;
    const result = await deps.reviews.accept(reference, officialFrom(context.activity), new Date(), version);
    if (!result.ok || result.already) return messageResponse(refusalText(tx, result, reference));
    return cardResponse(notificationCard(tx, result.record));
  };
}

const LegacyValue = z.object({ mesicic: z.literal('review'), reference: z.string().max(40) });

// Most messages carry no value at all: no need for zod (and its error report) to say so.
export const isReviewAction = (value: unknown) =>
  typeof value === 'object' && value !== null && LegacyValue.safeParse(value).success;

/**
 * A button of a card drawn by an earlier version of the bot (Accept or Return as a plain submit, which can only be
 * answered in the open thread). Nothing is decided from it: the card becomes the practice's live card, redrawn with
 * today's buttons (a dialog for Return, answers only the reviewer sees), and says so by changing.
 */
export function legacyReviewHandler(deps: {
  practices: Practices;
  outbox: Outbox;
  onQueued: () => void;
  catalog: Catalog;
  config: Config;
  logger: Logger;
}) {
  return async (context: TurnContext): Promise<void> => {
    const tx = deps.catalog.texts(deps.config.SECRETARIAT_LOCALE);
    const value = LegacyValue.parse(context.activity.value);
    if (!isReviewer(context, deps.config)) {
      deps.logger.warn({ reference: value.reference }, 'review action refused: not a reviewer');
      await context.sendActivity(tx.t('reviewing.notReviewer'));
      return;
    }
    const record = await deps.practices.get(value.reference);
    const conversation = context.activity.conversation?.id;
    const pressed = context.activity.replyToId;
    if (!record || !pressed || !conversation) {
      await context.sendActivity(tx.t('reviewing.oldCard'));
      return;
    }
    const adopted: PracticeRecord = record.channelPost
      ? record
      : {
          ...record,
          channelPost: {
            conversationId: conversation.includes(';messageid=')
              ? conversation
              : `${conversation};messageid=${pressed}`,
            activityId: pressed,
            channelId: conversation.split(';')[0] ?? conversation,
            ...(context.activity.serviceUrl ? { serviceUrl: context.activity.serviceUrl } : {}),
          },
        };
    if (adopted !== record) await deps.practices.put(adopted);
    if (adopted.channelPost!.activityId === pressed) {
      await context.updateActivity({
        id: pressed,
        type: 'message',
        attachments: [CardFactory.adaptiveCard(notificationCard(tx, adopted))],
      });
      return;
    }
    // Another card is the practice's live one: this one (a version's old post) gets no second life.
    await queueCardUpdate(deps.outbox, adopted, new Date(), 'other');
    deps.onQueued();
    await context.sendActivity(tx.t('reviewing.oldCard'));
  };
}
