import { z } from 'zod';

/**
 * The shape every Bot Framework activity has. Checked before the SDK sees it, so a malformed request gets a 400
 * naming the problem instead of a 500, a silent drop, or a reply sent to nowhere.
 */
const Inbound = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  from: z.looseObject({
    id: z.string().min(1).max(512),
    name: z.string().max(512).optional(),
    aadObjectId: z.string().max(128).optional(),
  }),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  recipient: z.looseObject({ id: z.string().max(512) }).optional(),
  // Long enough that an oversized answer reaches the dialog, which tells the official the field's maximum.
  text: z.string().max(1_048_576).optional(),
  locale: z.string().max(32).optional(),
});

export function checkInbound(body: unknown): { ok: true } | { ok: false; problems: string[] } {
  const result = Inbound.safeParse(body);
  if (result.success) return { ok: true };
  return { ok: false, problems: result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) };
}

/**
 * The only service URLs believed without a token (no MicrosoftAppId: Emulator, Agents Playground, tests): this
 * machine's. WHATWG parsing has already turned 0x7f.1, 2130706433 and friends into dotted quads and ::1 spellings
 * into [::1]; user info (http://127.0.0.1@evil.example) is not the host.
 */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') return false;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
