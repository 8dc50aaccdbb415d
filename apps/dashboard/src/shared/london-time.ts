import { formatDateKey, formatLondonDate, formatLondonTime } from '@kinroom/domain';

/**
 * London times as the dashboard shows them. Times are stored in UTC and always shown in Europe/London, whatever the
 * browser's own time zone, because the centre, the families and the court all read them as London times
 * (docs/domain.md rule 1). The arithmetic (London days, wall-clock times to instants) is the domain's
 * (`@kinroom/domain`: londonDateKey, fromLondonDateKey, londonClockOnDay, ...); this file only writes it for people.
 */

const ZONE = 'Europe/London';

const dayTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const shortDateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short' });
// A calendar date is a date, not an instant: written in UTC so that no zone moves it to another day.
const calendarFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

const mediumDateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: ZONE,
});

const asDate = (t: string | Date) => (typeof t === 'string' ? new Date(t) : t);

/** "16:42" (or "16:45"): the London clock. */
export function londonTime(t: string | Date): string {
  return formatLondonTime(asDate(t));
}

/** "Fri 20 Nov, 16:42" */
export function londonDayTime(t: string | Date): string {
  return dayTimeFmt.format(asDate(t));
}

/** "Friday 20 November 2026", the London day of an instant. */
export function londonDay(t: string | Date): string {
  return formatLondonDate(asDate(t));
}

/** "Monday 23 November 2026", a YYYY-MM-DD day. */
export function longDate(dateKey: string): string {
  return formatDateKey(dateKey);
}

/**
 * "Tue 4 Nov 2026, 16:00", for records. Built from parts because ICU versions differ in punctuation ("Tue, 4 Nov"),
 * and a record that may go to court should read the same everywhere.
 */
export function londonDateTime(t: string | Date): string {
  const parts = dateTimeFormat.formatToParts(asDate(t));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}`;
}

/** "4 Nov 2026", the London day of an instant. */
export function londonDate(t: string | Date): string {
  return dateFormat.format(asDate(t));
}

/** "4 Nov", for chart axes. */
export function londonShortDate(t: string | Date): string {
  return shortDateFormat.format(asDate(t));
}

/** "5 Jan 2026", a calendar date the API sends as YYYY-MM-DD (review dates, birthdays), as given. */
export function calendarDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  if (!y || !m || !d) return ymd;
  return calendarFormat.format(new Date(Date.UTC(y, m - 1, d)));
}

/** "7 Dec 2026, 15:43": when something was done, in lists of changes and imports. */
export function londonMediumDateTime(t: string | Date): string {
  return mediumDateTimeFormat.format(asDate(t));
}
