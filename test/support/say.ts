import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { post, teamsMessage, type TeamsMessage } from './teams.js';

/**
 * A connector stand-in (Teams' serviceUrl) as say() uses it. ConnectorStandIn (test/support/connector.ts) and
 * TrustConnector (test/trust/standIn.ts) both are one; a test's own stand-in only needs these two members.
 */
export interface ReplyingConnector {
  /** Where the bot posts its replies: the serviceUrl of the messages say() sends. */
  readonly url: string;
  /** What a person sees of each reply the bot posted to one inbound activity so far, oldest first. */
  seenReplies(activityId: string): string[];
}

/** What a person writes, and as whom: a Teams message less its serviceUrl, which is the stand-in's. */
export type Message = Omit<TeamsMessage, 'serviceUrl'>;

export interface Exchange {
  /** The activity that was posted; its id finds the replies in the stand-in. */
  activity: Partial<Activity>;
  /** What the person sees of each reply, oldest first (never empty). */
  replies: string[];
}

/**
 * Posts one Teams-shaped message to the real server's /api/messages, checks it was taken (200), and waits until
 * the stand-in has the bot's reply to it. The bot posts its replies within the turn, before the server answers,
 * so they are all in by then; the wait only keeps a slow child process from reading as "no reply".
 */
export async function exchange(
  botUrl: string,
  connector: ReplyingConnector,
  message: Message,
  timeoutMs = 10_000,
): Promise<Exchange> {
  const activity = teamsMessage({ ...message, serviceUrl: connector.url });
  const what = `${JSON.stringify(message.text.slice(0, 40))} from ${message.aad}`;
  const status = await post(botUrl, activity);
  assert.equal(status, 200, `${what} got ${status}`);
  const id = activity.id!;
  const until = Date.now() + timeoutMs;
  while (connector.seenReplies(id).length === 0) {
    if (Date.now() > until) throw new Error(`Timed out waiting for the reply to ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { activity, replies: connector.seenReplies(id) };
}

/** One message from a person to the real server; returns what they see of the bot's reply, one message a line. */
export async function say(
  botUrl: string,
  connector: ReplyingConnector,
  message: Message,
  timeoutMs?: number,
): Promise<string> {
  return (await exchange(botUrl, connector, message, timeoutMs)).replies.join('\n');
}
