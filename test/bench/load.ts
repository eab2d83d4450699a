import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { teamsMessage } from '../support/teams.js';
import type { Arrival, BenchConnector } from './connector.js';

/** Says whether the replies to turn `index` of the script are right; returns the problem, or undefined. */
export type ReplyCheck = (index: number, sent: string, replies: Arrival[]) => string | undefined;

export interface LoadOptions {
  /** Base URL of the bot under test (http://127.0.0.1:port). */
  botUrl: string;
  connector: BenchConnector;
  /** One AAD object id per simulated official; each gets its own personal conversation. */
  officials: string[];
  /** What every official sends, in order; each message waits for the reply to the previous one. */
  script: readonly string[];
  check?: ReplyCheck;
  timeoutMs?: number;
}

export interface LoadResult {
  /** Turns answered (the POST got 200, at least one reply arrived, and the check passed). */
  turns: number;
  /** Activities the bot sent in those turns. */
  activities: number;
  /** Wall time from the first post to the last reply, ms. */
  durationMs: number;
  /** Per answered turn: from the start of the POST to the arrival of the turn's last reply at the connector, ms. */
  latencies: number[];
  /** Officials that reached the end of the script with every reply right. */
  completed: number;
  /** The first problems met (an official stops at its first problem). */
  problems: string[];
  problemCount: number;
}

/** POSTs a JSON body on a keep-alive connection; resolves with the status once the response has been read. */
function postJson(url: URL, body: string, agent: Agent, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Closed-loop load: every official walks the script at once, each one's turns strictly in order (post, wait
 * until the bot has answered and its replies have reached the connector, then the next message), as people
 * typing in Teams do.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const endpoint = new URL('/api/messages', o.botUrl);
  const timeoutMs = o.timeoutMs ?? 30_000;
  const agent = new Agent({ keepAlive: true, maxSockets: o.officials.length + 4 });
  const latencies: number[] = [];
  const problems: string[] = [];
  let activities = 0;
  let problemCount = 0;
  let completed = 0;
  const fail = (message: string) => {
    problemCount++;
    if (problems.length < 10) problems.push(message);
  };

  async function official(aad: string): Promise<void> {
    const conversation = `a:personal-${aad}`;
    for (let i = 0; i < o.script.length; i++) {
      const text = o.script[i]!;
      const at = `${aad} turn ${i} (${JSON.stringify(text.slice(0, 24))})`;
      const body = JSON.stringify(teamsMessage({ serviceUrl: o.connector.url, aad, text, conversation }));
      o.connector.open(conversation);
      const started = performance.now();
      let status: number;
      try {
        status = await postJson(endpoint, body, agent, timeoutMs);
      } catch (err) {
        await o.connector.collect(conversation, timeoutMs).catch(() => undefined);
        return fail(`${at}: POST failed: ${(err as Error).message}`);
      }
      let replies: Arrival[];
      try {
        replies = await o.connector.collect(conversation, timeoutMs);
      } catch (err) {
        return fail(`${at}: ${(err as Error).message}`);
      }
      if (status !== 200) return fail(`${at}: POST answered ${status}`);
      if (replies.length === 0) return fail(`${at}: the bot sent no reply`);
      const problem = o.check?.(i, text, replies);
      if (problem) return fail(`${at}: ${problem}`);
      latencies.push(replies[replies.length - 1]!.at - started);
      activities += replies.length;
    }
    completed++;
  }

  const t0 = performance.now();
  await Promise.all(o.officials.map(official));
  const durationMs = performance.now() - t0;
  agent.destroy();
  return { turns: latencies.length, activities, durationMs, latencies, completed, problems, problemCount };
}
