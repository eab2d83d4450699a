import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { FormEngine } from '../../dialogs/core/engine.js';
import { officialFrom } from '../../dialogs/teams/official.js';
import { toActivities } from '../../dialogs/teams/render.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import type { SecretariatChannel } from '../notify/secretariatChannel.js';
import type { Config } from '../config.js';
import { HOME_STEP, type LiveCards } from './liveCards.js';

/**
 * The bot was added somewhere. In a personal chat it greets the official with their drafts; in the
 * Secretariat's team it remembers the channel for notifications (other teams are only logged).
 */
export function installHandler(deps: {
  engine: FormEngine;
  channel: SecretariatChannel;
  catalog: Catalog;
  config: Config;
  logger: Logger;
  /** The welcome's buttons are closed once the official moves on (see liveCards.ts). */
  liveCards?: LiveCards;
}) {
  return async (context: TurnContext): Promise<void> => {
    const { activity } = context;
    const type = activity.conversation?.conversationType;
    if (type === 'personal' || type === undefined) {
      const clientInfo = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as
        { locale?: string } | undefined;
      const replies = await deps.engine.welcome(officialFrom(activity), activity.locale ?? clientInfo?.locale);
      const sent = await context.sendActivities(toActivities(replies, deps.catalog));
      const id = sent.at(-1)?.id;
      if (id && activity.conversation?.id) deps.liveCards?.set(activity.conversation.id, { id, step: HOME_STEP });
      return;
    }
    if (await deps.channel.rememberIfSecretariat(context)) {
      deps.logger.info('Secretariat channel registered');
      await context.sendActivity(deps.catalog.texts(deps.config.SECRETARIAT_LOCALE).t('channel.registered'));
      return;
    }
    const team = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    deps.logger.info(
      { team },
      'installed in a team that is not the Secretariat team; set SECRETARIAT_TEAM_ID to this id to send notifications here',
    );
  };
}
