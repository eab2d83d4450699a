import { emailsIn } from './inlineChecks.js';

/**
 * Officials paste the contact as it stands in their Word file: name, position on one or more lines, phone,
 * e-mail. Each line is kept as written (list bullets and bold marks are Word formatting, not text).
 */
export function contactBlock(text: string): Record<string, string> | undefined {
  const lines = text
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*[-*•]\s+/, '')
        .replace(/\*\*/g, '')
        .trim(),
    )
    .filter(Boolean);
  if (lines.length < 3) return undefined;
  const email = lines.find((l) => emailsIn(l).length > 0);
  if (!email) return undefined;
  const phone = lines.find((l) => l !== email && l.replace(/\D/g, '').length >= 7);
  const rest = lines.filter((l) => l !== email && l !== phone);
  const [name, ...position] = rest;
  if (!name || position.length === 0) return undefined;
  return { name, position: position.join('\n'), email, ...(phone ? { phone } : {}) };
}
