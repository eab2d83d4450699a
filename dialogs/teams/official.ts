import { TurnContext, type Activity } from 'botbuilder';
import type { Official } from '../core/draft.js';

/**
 * Drafts belong to a person, not to a chat: Teams gives the Azure AD object id, the same on phone and desktop.
 * Channels without it (the Emulator) fall back to the channel's own user id, prefixed so the two never collide.
 */
export function officialFrom(activity: Partial<Activity>): Official {
  const from = activity.from;
  const id = from?.aadObjectId ?? `${activity.channelId ?? 'unknown'}-${from?.id ?? 'anonymous'}`;
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  const tenantId = channelData?.tenant?.id ?? activity.conversation?.tenantId;
  return { id, ...(from?.name ? { name: from.name } : {}), ...(tenantId ? { tenantId } : {}) };
}

/** The official's words with any @mention of the bot removed (team channels prefix every message with one). */
export function textFrom(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text.replace(/<at>[^<]*<\/at>/g, '').trim();
}
