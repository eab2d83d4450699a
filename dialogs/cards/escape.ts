/**
 * Officials' text is shown as they typed it: Adaptive Card TextBlocks render a subset of markdown, so every
 * markdown character is escaped, and HTML-ish brackets are replaced by look-alikes Teams will not parse.
 */
export function escapeCardText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/([*_`~#|[\]()!-])/g, '\\$1')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

/** What a person reads: the inverse of escapeCardText, for tests and logs that compare with what was typed. */
export function unescapeCardText(text: string): string {
  return text
    .replace(/\\([\\*_`~#|[\]()!.-])/g, '$1')
    .replace(/‹/g, '<')
    .replace(/›/g, '>');
}
