/** What the outbox does after a failed delivery: when to try again, and whether the failure is worth an alarm. */
export interface RetryDecision {
  delayMs: number;
  transient: boolean;
  reason: string;
}

interface HttpishError {
  statusCode?: number;
  code?: unknown;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined | null } | Record<string, string | undefined> };
}

function header(err: HttpishError, name: string): string | undefined {
  const headers = err.response?.headers;
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | undefined | null }).get(name) ?? undefined;
  return (headers as Record<string, string | undefined>)[name];
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

// Teams documents 429 (with Retry-After) and 412/502/504 as worth retrying; other 5xx and timeouts are too.
const TRANSIENT = new Set([408, 412, 429, 500, 502, 503, 504]);

export function decideRetry(error: unknown, attempts: number, now: Date, base: number, max: number): RetryDecision {
  const err = (error ?? {}) as HttpishError;
  const status = err.statusCode;
  const backoff = Math.min(max, base * 2 ** attempts) * (0.8 + Math.random() * 0.4);
  if (status === 429) {
    const wait = retryAfterMs(header(err, 'retry-after'), now);
    return { delayMs: Math.min(max, wait ?? backoff), transient: true, reason: 'HTTP 429' };
  }
  // The reason is stored and logged: a fixed word, never an error's message (a DOMException's code is a number).
  const code = typeof err.code === 'string' && /^[A-Z_]+$/.test(err.code) ? err.code : 'network error';
  if (status === undefined || TRANSIENT.has(status))
    return { delayMs: backoff, transient: true, reason: status ? `HTTP ${status}` : code };
  // 401/403/404: configuration (bot removed from the team, wrong channel). Keep it, retry slowly, raise the alarm.
  return { delayMs: max, transient: false, reason: `HTTP ${status}` };
}
