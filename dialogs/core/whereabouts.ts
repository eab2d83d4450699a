import { LOCALES, type Locale } from './normalize.js';
import type { Profile } from './ports.js';
import { isTimeZone } from './workingHours.js';

/** What a message says about where and in what the official works: Teams' `localTimezone` and client locale. */
export interface Seen {
  timeZone?: string;
  locale?: string;
}

const teamsLanguage = (tag: string | undefined): Locale | undefined => {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : undefined;
};

/**
 * The profile with this message's time zone and Teams language, for reminders sent later; undefined when it
 * already has them, so a profile is written only when they change (the first message, a trip abroad).
 */
export function noted(profile: Profile, seen: Seen): Profile | undefined {
  const timeZone = isTimeZone(seen.timeZone) ? seen.timeZone : undefined;
  const teamsLocale = teamsLanguage(seen.locale);
  const zoneChanged = !!timeZone && timeZone !== profile.timeZone;
  const localeChanged = !!teamsLocale && teamsLocale !== profile.teamsLocale;
  if (!zoneChanged && !localeChanged) return undefined;
  return { ...profile, ...(zoneChanged ? { timeZone } : {}), ...(localeChanged ? { teamsLocale } : {}) };
}

/** "no reminders" / "reminders on". */
export function withReminders(profile: Profile, on: boolean): Profile {
  const { reminders: _off, ...rest } = profile;
  return on ? rest : { ...rest, reminders: 'off' };
}
