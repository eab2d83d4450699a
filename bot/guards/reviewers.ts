import type { TurnContext } from 'botbuilder';
import type { Config } from '../config.js';

/**
 * Secretariat reviewers: those named in SECRETARIAT_REVIEWERS, or anyone acting from the Secretariat's own team
 * or channel (only its members can see it and post there).
 */
export function isReviewer(context: TurnContext, config: Config): boolean {
  const a = context.activity;
  if (a.from?.aadObjectId && config.SECRETARIAT_REVIEWERS.includes(a.from.aadObjectId)) return true;
  const team = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  if (team && team === config.SECRETARIAT_TEAM_ID) return true;
  const channel = a.conversation?.id?.split(';')[0];
  return !!channel && a.conversation?.conversationType === 'channel' && channel === config.SECRETARIAT_CHANNEL_ID;
}
