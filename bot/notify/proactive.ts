import { TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/**
 * Every proactive send is bounded: a connector that never answers must not hold the outbox (or a shutdown).
 * The outbox's claim on an item is just longer than this (bot/notify/outboxWorker.ts), so a killed instance's
 * claim lapses soon after its send would have been given up anyway.
 */
export const SEND_TIMEOUT_MS = 15_000;

/** A send that got no answer in time: it may or may not have reached Teams. */
export class NoAnswerError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`No answer from the channel in ${ms} ms`);
  }
}

/**
 * Sends into a conversation outside any turn and returns the ids Teams gave the activities. The connector is
 * called directly, not through context.sendActivities, because only that way can the HTTP request be aborted:
 * a timed-out or interrupted send is cancelled (the SDK's own retries of it included) rather than left running,
 * where it could still land after the outbox has handed the item to a retry. Errors are caught inside the
 * "turn" and rethrown here, or the adapter would route them to onTurnError and the outbox would never see them.
 */
export async function sendProactive(
  adapter: CloudAdapter,
  appId: string,
  reference: Partial<ConversationReference>,
  activities: Partial<Activity>[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string[]> {
  const ids: string[] = [];
  await withConnector(adapter, appId, reference, options, async (client, ref, signal) => {
    for (const a of activities) {
      // What context.sendActivities would send: the reference's conversation, bot and user, no id of our own.
      const activity = TurnContext.applyConversationReference({ type: 'message', ...a }, ref);
      delete activity.id;
      const conversation = activity.conversation!.id;
      const res = activity.replyToId
        ? await client.conversations.replyToActivity(conversation, activity.replyToId, activity, {
            abortSignal: signal,
          })
        : await client.conversations.sendToConversation(conversation, activity, { abortSignal: signal });
      ids.push(res.id ?? '');
    }
  });
  return ids;
}

/**
 * Replaces a message the bot posted earlier (a channel card, redrawn for everyone), outside any turn, bounded and
 * abortable as sendProactive is. Replacing is idempotent: a retry draws the same message again.
 */
export async function updateProactive(
  adapter: CloudAdapter,
  appId: string,
  reference: Partial<ConversationReference>,
  activityId: string,
  activity: Partial<Activity>,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<void> {
  await withConnector(adapter, appId, reference, options, async (client, ref, signal) => {
    const full = TurnContext.applyConversationReference({ type: 'message', ...activity }, ref);
    full.id = activityId;
    delete full.replyToId;
    await client.conversations.updateActivity(full.conversation!.id, activityId, full, { abortSignal: signal });
  });
}

/** Runs `work` with the conversation's connector client, within the time bound and the caller's signal. */
async function withConnector(
  adapter: CloudAdapter,
  appId: string,
  reference: Partial<ConversationReference>,
  options: { signal?: AbortSignal; timeoutMs?: number },
  work: (client: ConnectorClient, ref: Partial<ConversationReference>, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new NoAnswerError(timeoutMs)), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  let failure: unknown;
  const send = adapter.continueConversationAsync(appId, reference, async (context) => {
    try {
      const client = context.turnState.get<ConnectorClient | undefined>(adapter.ConnectorClientKey);
      if (!client) throw new Error('No connector client in the proactive turn');
      await work(client, TurnContext.getConversationReference(context.activity), signal);
    } catch (err) {
      failure = err;
    }
  });
  // The race also bounds what comes before the HTTP call (a token fetch, for a registered bot).
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new NoAnswerError(timeoutMs));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  try {
    await Promise.race([send, aborted]);
  } finally {
    clearTimeout(timer);
    aborted.catch(() => undefined);
    send.catch(() => undefined);
  }
  // An abort surfaces from the SDK as its own AbortError: report why the send was cut instead.
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the SDK threw in the turn, as it threw it
  if (failure) throw signal.aborted && signal.reason instanceof Error ? signal.reason : failure;
}
