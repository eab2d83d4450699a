import type { Locale } from './normalize.js';

/** What the core needs from an i18n library; bot/i18n.ts backs it with i18next and the locale files. */
export interface Texts {
  readonly locale: Locale;
  t(key: string, params?: Record<string, string | number>): string;
}

export interface Catalog {
  texts(locale: Locale): Texts;
  /** A command's words in every language, so "ayuda" works for an official whose Teams is in English. */
  words(key: string): string[];
}
