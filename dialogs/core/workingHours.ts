/*
 * Local time in an official's IANA time zone (what Teams sends as `localTimezone`), with the platform's own
 * time-zone database (Intl): no library, and daylight saving comes right.
 */

/** Monday to Friday, 09:00 to 17:00 local: when a reminder may arrive. */
export const WORKING = { from: 9, to: 17, days: [1, 2, 3, 4, 5] } as const;

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Whether the platform knows this zone ("America/Bogota" yes, "Mars/Base" or "" no). */
export function isTimeZone(name: string | undefined): name is string {
  if (!name || name.length > 64) return false;
  try {
    formatFor(name);
    return true;
  } catch {
    return false;
  }
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatFor(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  return { year, month, day, hour, minute, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** The instant a wall-clock time happens in a zone (the first, where a daylight-saving change repeats it). */
export function atLocal(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall;
  // Twice: the offset at the first guess may differ from the offset at the answer across a change.
  for (let i = 0; i < 2; i++) {
    const l = localTime(new Date(guess), timeZone);
    const seen = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
    guess += wall - seen;
  }
  return new Date(guess);
}

const isWorkingDay = (weekday: number) => (WORKING.days as readonly number[]).includes(weekday);

export function inWorkingHours(at: Date, timeZone: string): boolean {
  const l = localTime(at, timeZone);
  return isWorkingDay(l.weekday) && l.hour >= WORKING.from && l.hour < WORKING.to;
}

/** `at` itself when it is within working hours, else the start of the next working day's hours, local. */
export function nextWorkingTime(at: Date, timeZone: string): Date {
  if (inWorkingHours(at, timeZone)) return at;
  const l = localTime(at, timeZone);
  const startToday = isWorkingDay(l.weekday) && l.hour < WORKING.from;
  for (let k = startToday ? 0 : 1; k <= 7; k++) {
    const d = new Date(Date.UTC(l.year, l.month - 1, l.day + k));
    if (isWorkingDay(d.getUTCDay()))
      return atLocal(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), WORKING.from, timeZone);
  }
  return at; // every week has a working day
}

/** A calendar date ("2027-03-31") moved by whole days, as a date again. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The working day on or before a date: a notice due on a Sunday comes on the Friday before. */
export function workingDayOnOrBefore(date: string): string {
  for (let k = 0; k < 7; k++) {
    const day = addDays(date, -k);
    if (isWorkingDay(new Date(`${day}T00:00:00Z`).getUTCDay())) return day;
  }
  return date;
}

/** When a local calendar date begins (00:00) or its working hours begin, in a zone. */
export function dateStart(date: string, timeZone: string, hour = 0): Date {
  const [y, m, d] = date.split('-').map(Number);
  return atLocal(y!, m!, d!, hour, timeZone);
}

/** "2027-03-31" when it is a real calendar date, else undefined. */
export function calendarDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** "31 de marzo de 2027": a calendar date as the official's language writes it. */
export function longDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
