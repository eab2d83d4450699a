import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';

/** A proactive send that never answers must not hold the outbox (or a shutdown) for ever. */
const SEND_TIMEOUT_MS = 30_000;

/**
 * Sends into a conversation outside any turn. The adapter routes errors of such a "turn" to onTurnError,
 * which would swallow them; they are caught here and rethrown, so the outbox sees the failure and retries.
 */
export async function sendProactive(
  adapter: CloudAdapter,
  appId: string,
  reference: Partial<ConversationReference>,
  activities: Partial<Activity>[],
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<void> {
  let failure: unknown;
  let timer: NodeJS.Timeout | undefined;
  const send = adapter.continueConversationAsync(appId, reference, async (context) => {
    try {
      await context.sendActivities(activities);
    } catch (err) {
      failure = err;
    }
  });
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`No answer from the channel in ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([send, timeout]);
  } finally {
    clearTimeout(timer);
  }
  if (failure) throw failure;
}
