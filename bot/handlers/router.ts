import type { TurnContext } from 'botbuilder';
import { textFrom } from '../../dialogs/teams/official.js';
import { filesIn } from '../../dialogs/teams/attachments.js';
import { baseLocale, type Locale } from '../../dialogs/core/normalize.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import type { Config } from '../config.js';
import { isReviewer } from '../guards/reviewers.js';
import { escapeChatText } from '../../dialogs/core/markdown.js';

type Handler = (context: TurnContext) => Promise<void>;

/** Whether a message names the bot (Teams adds a mention entity, and an <at> tag to the text). */
function mentionsBot(a: TurnContext['activity']): boolean {
  const botId = a.recipient?.id;
  const entities = (a.entities ?? []) as Array<{ type?: string; mentioned?: { id?: string } }>;
  return entities.some((e) => e.type === 'mention' && e.mentioned?.id === botId) || /<at>/i.test(a.text ?? '');
}

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
  /** The official's own choice of language, when the form knows one; else the Teams locale is used. */
  profiles?: { get(id: string): Promise<{ locale?: Locale }> };
}): Handler {
  // A refusal is for the person who asked, not for the Secretariat: in their language.
  const theirLocale = async (context: TurnContext): Promise<Locale> => {
    const id = context.activity.from?.aadObjectId;
    if (id && deps.profiles)
      try {
        const chosen = (await deps.profiles.get(id)).locale;
        if (chosen) return chosen;
      } catch {
        // A refusal must not fail over a profile read; the Teams locale is the next best guess.
      }
    return baseLocale(context.activity.locale);
  };
  return async (context) => {
    const a = context.activity;
    if (deps.isReview(a.value)) return deps.review(context);
    const text = typeof a.text === 'string' ? textFrom(a) : '';
    const inChannel = a.conversation?.conversationType === 'channel';
    // Teams hands files to bots only in the personal chat: say where to send it, with a link there.
    if (inChannel && filesIn(a).length > 0) {
      const chat = `https://teams.microsoft.com/l/chat/0/0?users=28:${deps.config.MicrosoftAppId ?? ''}`;
      await context.sendActivity(deps.catalog.texts(await theirLocale(context)).t('documents.inChannel', { chat }));
      return;
    }
    if (!inChannel && !(isReviewer(context, deps.config) && deps.reviewer.matches(text))) return deps.form(context);
    // Teams hands a bot channel messages without its mention only when it may read the whole channel: a command
    // typed that way gets a hint (how to mention the bot), and everything else, the team's own talk, no answer.
    if (inChannel && !mentionsBot(a)) {
      if (deps.reviewer.matches(text) && isReviewer(context, deps.config))
        await context.sendActivity(
          deps.catalog.texts(deps.config.SECRETARIAT_LOCALE).t('reviewer.mentionHint', {
            bot: escapeChatText(a.recipient?.name || 'MESICIC'),
            text: escapeChatText(text.trim().slice(0, 60)),
          }),
        );
      return;
    }
    if (!isReviewer(context, deps.config)) {
      await context.sendActivity(deps.catalog.texts(await theirLocale(context)).t('reviewer.onlyReviewers'));
      return;
    }
    if (!deps.reviewer.matches(text)) {
      await context.sendActivity(deps.catalog.texts(deps.config.SECRETARIAT_LOCALE).t('reviewer.listHelp'));
      return;
    }
    await deps.reviewer.run(context, text);
  };
}
