import type { TurnContext } from 'botbuilder';
import { textFrom } from '../../dialogs/teams/official.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import type { Config } from '../config.js';
import { isReviewer } from '../guards/reviewers.js';

type Handler = (context: TurnContext) => Promise<void>;

/**
 * Which handler a message goes to: a review button to the review handler; anything said in a team channel, or a
 * reviewer's command in a personal chat, to the reviewer commands; everything else to the officials' form.
 */
export function routeMessages(deps: {
  form: Handler;
  review: Handler;
  isReview: (value: unknown) => boolean;
  reviewer: { matches: (text: string) => boolean; run: (context: TurnContext, text: string) => Promise<void> };
  catalog: Catalog;
  config: Config;
}): Handler {
  return async (context) => {
    const a = context.activity;
    if (deps.isReview(a.value)) return deps.review(context);
    const text = typeof a.text === 'string' ? textFrom(a) : '';
    const inChannel = a.conversation?.conversationType === 'channel';
    if (!inChannel && !(isReviewer(context, deps.config) && deps.reviewer.matches(text))) return deps.form(context);
    if (!isReviewer(context, deps.config)) {
      await context.sendActivity(deps.catalog.texts(deps.config.SECRETARIAT_LOCALE).t('reviewer.onlyReviewers'));
      return;
    }
    if (!deps.reviewer.matches(text)) {
      await context.sendActivity(deps.catalog.texts(deps.config.SECRETARIAT_LOCALE).t('reviewer.listHelp'));
      return;
    }
    await deps.reviewer.run(context, text);
  };
}
