import { CardFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { notificationCard } from '../../dialogs/cards/cards.js';
import { escapeCardText } from '../../dialogs/cards/escape.js';
import { escapeChatText } from '../../dialogs/core/markdown.js';
import type { ReviewService } from '../../dialogs/core/review.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { officialFrom } from '../../dialogs/teams/official.js';
import type { Config } from '../config.js';
import { isReviewer } from '../guards/reviewers.js';

const ReviewValue = z.object({
  mesicic: z.literal('review'),
  decision: z.enum(['accept', 'return']),
  reference: z.string().max(40),
  fields: z.string().max(200).optional(),
  comment: z.string().max(4000).optional(),
});

// Most messages carry no value at all: no need for zod (and its error report) to say so.
export const isReviewAction = (value: unknown) =>
  typeof value === 'object' && value !== null && ReviewValue.safeParse(value).success;

/** A reviewer pressed Accept or Return on a notification card; anyone else is refused (see guards/reviewers.ts). */
export function reviewHandler(deps: { reviews: ReviewService; catalog: Catalog; config: Config; logger: Logger }) {
  return async (context: TurnContext): Promise<void> => {
    const tx = deps.catalog.texts(deps.config.SECRETARIAT_LOCALE);
    const value = ReviewValue.parse(context.activity.value);
    if (!isReviewer(context, deps.config)) {
      deps.logger.warn({ reference: value.reference }, 'review action refused: not a reviewer');
      await context.sendActivity(tx.t('reviewing.notReviewer'));
      return;
    }
    const reviewer = officialFrom(context.activity);
    const now = new Date();
    const fields = (value.fields ?? '').split(',').map(Number).filter(Number.isInteger);
    const result =
      value.decision === 'accept'
        ? await deps.reviews.accept(value.reference, reviewer, now)
        : await deps.reviews.giveBack(value.reference, reviewer, fields, value.comment ?? '', now);
    if (!result.ok) {
      const key =
        result.reason === 'noFields'
          ? 'reviewing.noFields'
          : result.reason === 'notFound'
            ? 'reviewing.notFound'
            : 'reviewing.notUnderReview';
      const status = result.reason === 'notUnderReview' ? tx.t(`statuses.${result.status}`) : '';
      await context.sendActivity(tx.t(key, { reference: value.reference, status }));
      return;
    }
    // The reviewer's name and comment are people's text: escaped for where each sentence is shown.
    const decision = (escape: (s: string) => string) =>
      result.already
        ? tx.t(value.decision === 'accept' ? 'reviewing.alreadyAccepted' : 'reviewing.alreadyReturned')
        : value.decision === 'accept'
          ? tx.t('reviewing.accepted', { by: escape(reviewer.name ?? reviewer.id) })
          : tx.t('reviewing.returned', {
              by: escape(reviewer.name ?? reviewer.id),
              fields: fields.join(', '),
              comment: escape(value.comment ?? ''),
            });
    const said = decision(escapeChatText);
    // The card loses its buttons and shows the decision, so nobody decides twice from it.
    if (context.activity.replyToId && !result.already) {
      const card = notificationCard(tx, result.record, decision(escapeCardText));
      await context.updateActivity({
        id: context.activity.replyToId,
        type: 'message',
        attachments: [CardFactory.adaptiveCard(card)],
      });
    }
    await context.sendActivity(said);
  };
}
