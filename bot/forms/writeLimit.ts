/**
 * A token bucket per official for the form window's saves: the page saves every few seconds while typing and on
 * each field left, far under the limit; a script writing in a loop is answered 429 with when to try again, and
 * the page keeps the text and retries. Buckets full again are dropped, so idle officials cost nothing.
 */
export function writeLimit(perMinute: number, clock: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return (ownerId: string): { ok: true } | { ok: false; retryAfterSeconds: number } => {
    const now = clock();
    if (buckets.size > 10_000)
      for (const [id, b] of buckets) if (b.tokens + (now - b.at) * refillPerMs >= perMinute) buckets.delete(id);
    const bucket = buckets.get(ownerId) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    buckets.set(ownerId, bucket);
    if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / refillPerMs / 1000) };
    bucket.tokens -= 1;
    return { ok: true };
  };
}
