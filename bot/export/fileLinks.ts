import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bots cannot attach arbitrary files in Teams channels, so a Word file is offered as a link that works for a
 * short time without signing in: the reference and an expiry, signed with a secret only the server knows.
 */
export class FileLinks {
  private readonly secret: Buffer;

  constructor(
    secret?: string,
    private readonly ttlMs = 15 * 60_000,
  ) {
    // Without a configured secret, a per-process one: links die with the process, which is acceptable.
    this.secret = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  /** A link token for a subject ("practice:MESICIC-BP-2026-0001", "csv", "compilation:2026-S1"). */
  token(subject: string, now = Date.now()): string {
    const payload = `${subject}.${now + this.ttlMs}`;
    return `${Buffer.from(payload).toString('base64url')}.${this.mac(payload)}`;
  }

  /** The subject a token grants, or undefined when it is forged, altered or expired. */
  verify(token: string, now = Date.now()): string | undefined {
    const [encoded, mac] = token.split('.');
    if (!encoded || !mac) return undefined;
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const cut = payload.lastIndexOf('.');
    const expires = Number(payload.slice(cut + 1));
    return Number.isFinite(expires) && expires > now ? payload.slice(0, cut) : undefined;
  }
}
