import type { ChannelPost } from '../../dialogs/core/practice.js';

/**
 * A Teams deep link to the practice's thread in the Secretariat channel:
 * https://teams.microsoft.com/l/message/<channelId>/<activityId>?groupId=<teamId>&parentMessageId=<activityId>.
 * An older post without the channel's id still has it at the head of its thread's conversation id
 * ("19:…@thread.tacv2;messageid=…"). No groupId when the team is not known; no link without a channel.
 */
export function threadLink(post: ChannelPost | undefined): string | null {
  if (!post?.activityId) return null;
  const head = post.conversationId.split(';')[0] ?? '';
  const channelId = post.channelId || (head.startsWith('19:') ? head : '');
  if (!channelId) return null;
  const query = new URLSearchParams();
  if (post.teamId) query.set('groupId', post.teamId);
  query.set('parentMessageId', post.activityId);
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channelId)}/${encodeURIComponent(post.activityId)}?${query.toString()}`;
}
