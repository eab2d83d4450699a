import { emailsIn } from './inlineChecks.js';
import { contactLabelled, contactLine } from './splitParts.js';

/**
 * Officials paste the contact as it stands in their Word file: name, position on one or more lines, phone,
 * e-mail; or all on one line. Each line is kept as written (list bullets and bold marks are Word formatting, not text).
 */
export function contactBlock(text: string): Record<string, string> | undefined {
  // Labelled lines ("Cargo: …") are read by their labels, which are not kept as part of the answer.
  const byLabel = contactLabelled(text);
  if (byLabel) return byLabel;
  const lines = text
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*[-*•]\s+/, '')
        .replace(/\*\*/g, '')
        .trim(),
    )
    .filter(Boolean);
  // One line ("Name, Position, e-mail, phone") or labelled parts are read by contactLine.
  if (lines.length < 3) return contactLine(text);
  // A malformed address is still the e-mail line, so its own check says what is wrong with it.
  const email = lines.find((l) => emailsIn(l).length > 0) ?? lines.find((l) => /\S@/.test(l));
  if (!email) return undefined;
  const phone = lines.find((l) => l !== email && l.replace(/\D/g, '').length >= 7);
  const rest = lines.filter((l) => l !== email && l !== phone);
  const [name, ...position] = rest;
  if (!name || position.length === 0) return undefined;
  return { name, position: position.join('\n'), email, ...(phone ? { phone } : {}) };
}
