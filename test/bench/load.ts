import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { teamsMessage } from '../support/teams.js';
import type { BenchConnector } from './connector.js';

/** Says whether a reply is the right one for turn `index` of the script; returns the problem, or undefined. */
export type ReplyCheck = (index: number, sent: string, reply: string) => string | undefined;

export interface LoadOptions {
  /** Base URL of the bot under test (http://127.0.0.1:port). */
  botUrl: string;
  connector: BenchConnector;
  /** One AAD object id per simulated official; each gets its own personal conversation. */
  officials: string[];
  /** What every official sends, in order; each message waits for the reply to the previous one. */
  script: readonly string[];
  check?: ReplyCheck;
  replyTimeoutMs?: number;
}

export interface LoadResult {
  /** Turns answered (a reply arrived and passed the check). */
  turns: number;
  /** Wall time from the first post to the last reply, ms. */
  durationMs: number;
  /** Per answered turn: from the start of the POST to the reply's arrival at the connector, ms. */
  latencies: number[];
  /** Officials that reached the end of the script with every reply right. */
  completed: number;
  /** The first problems met (an official stops at its first problem). */
  problems: string[];
  problemCount: number;
}

/** POSTs a JSON body on a keep-alive connection; resolves with the status once the response has been read. */
function postJson(url: URL, body: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Closed-loop load: every official walks the script at once, each one's turns strictly in order (post,
 * wait for the reply at the connector, then the next message), as people typing in Teams do.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const endpoint = new URL('/api/messages', o.botUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: o.officials.length + 4 });
  const latencies: number[] = [];
  const problems: string[] = [];
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
      const body = JSON.stringify(teamsMessage({ serviceUrl: o.connector.url, aad, text, conversation }));
      const reply = o.connector.nextReply(conversation, o.replyTimeoutMs);
      reply.catch(() => undefined);
      const started = performance.now();
      let status: number;
      try {
        status = await postJson(endpoint, body, agent);
      } catch (err) {
        o.connector.cancel(conversation);
        return fail(`${aad} turn ${i}: POST failed: ${(err as Error).message}`);
      }
      if (status !== 200) {
        o.connector.cancel(conversation);
        return fail(`${aad} turn ${i}: POST answered ${status}`);
      }
      let arrival;
      try {
        arrival = await reply;
      } catch (err) {
        return fail(`${aad} turn ${i}: ${(err as Error).message}`);
      }
      const problem = o.check?.(i, text, arrival.text);
      if (problem) return fail(`${aad} turn ${i} (${JSON.stringify(text.slice(0, 30))}): ${problem}`);
      latencies.push(arrival.at - started);
    }
    completed++;
  }

  const t0 = performance.now();
  await Promise.all(o.officials.map(official));
  const durationMs = performance.now() - t0;
  agent.destroy();
  return { turns: latencies.length, durationMs, latencies, completed, problems, problemCount };
}
