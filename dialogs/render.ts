import { MessageFactory, type Activity } from 'botbuilder';
import type { Reply } from './core/views.js';

/** Consecutive text replies go out as one message: fewer round trips, and well inside Teams' 7 messages a second. */
export function toActivities(replies: Reply[]): Partial<Activity>[] {
  const texts = replies.map((r) => r.text).filter(Boolean);
  return texts.length ? [MessageFactory.text(texts.join('\n\n'))] : [];
}
