import type { TurnContext } from 'botbuilder';
import type { Config } from '../config.js';

/**
 * Secretariat reviewers: those named in SECRETARIAT_REVIEWERS (anywhere), or anyone acting from a channel of the
 * Secretariat's own team (only its members can see it and post there). A team id in a personal or group chat's
 * channelData proves nothing: no team owns those conversations, so it is only what the sender wrote.
 */
export function isReviewer(context: TurnContext, config: Config): boolean {
  const a = context.activity;
  if (a.from?.aadObjectId && config.SECRETARIAT_REVIEWERS.includes(a.from.aadObjectId)) return true;
  if (a.conversation?.conversationType !== 'channel') return false;
  const team = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  if (team && team === config.SECRETARIAT_TEAM_ID) return true;
  const channel = a.conversation.id?.split(';')[0];
  return !!channel && channel === config.SECRETARIAT_CHANNEL_ID;
}
