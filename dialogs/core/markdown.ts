/**
 * Officials' text (titles, institutions, answers, names, comments) inside a bot's chat text message, so it
 * shows as typed. Teams renders markdown and some HTML in a bot's text: a title `[click](https://evil.example)`
 * would become a link with a hidden target, `<a href=…>` a live tag, `**x**` bold, `- x` a list.
 *
 * Only what can start markup is escaped, so the text stays readable where it is shown raw (notification
 * previews, logs): inline markers and link brackets anywhere, block markers (headings, lists, setext
 * underlines) at the start of a line, and an `&` that would start an HTML entity. `<` and `>` become
 * look-alikes, as in cards (dialogs/cards/escape.ts), because Teams parses HTML whatever the backslashes say.
 *
 * Apply it once, to the value, before it is put into a translated sentence: i18next does not escape
 * (bot/i18n.ts), and cards escape their values with escapeCardText instead, never with this.
 */
export function escapeChatText(text: string): string {
  return (
    text
      // Emphasis, code, strikethrough, tables and link/image brackets, wherever they are; the backslash first, so
      // a typed backslash cannot cancel one of ours.
      .replace(/[\\*_`~[\]|]/g, '\\$&')
      .replace(/</g, '‹')
      .replace(/>/g, '›')
      .replace(/&(?=#?[0-9a-z]+;)/gi, '\\&')
      // Headings, bullets, setext underlines and thematic breaks at the start of a line (or of the value).
      .replace(/^([ \t]*)([#+=-])/gm, '$1\\$2')
      // Ordered lists: "1." or "1)" at the start of a line.
      .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2')
  );
}
