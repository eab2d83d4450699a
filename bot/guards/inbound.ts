import { z } from 'zod';

/**
 * The shape every Bot Framework activity has. Checked before the SDK sees it, so a malformed request gets a 400
 * naming the problem instead of a 500, a silent drop, or a reply sent to nowhere.
 */
const Inbound = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  from: z.looseObject({ id: z.string().min(1).max(512), name: z.string().max(512).optional(), aadObjectId: z.string().max(128).optional() }),
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
