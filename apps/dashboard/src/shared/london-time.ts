import { formatDateKey, formatLondonDate, formatLondonTime } from '@kinroom/domain';

/**
 * London times as the dashboard shows them. Times are stored in UTC and always shown in Europe/London, whatever the
 * browser's own time zone, because the centre, the families and the court all read them as London times
 * (docs/domain.md rule 1). The arithmetic (London days, wall-clock times to instants) is the domain's
 * (`@kinroom/domain`: londonDateKey, fromLondonDateKey, londonClockOnDay, ...); this file only writes it for people.
 */

const dayTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

const asDate = (t: string | Date) => (typeof t === 'string' ? new Date(t) : t);

/** "16:42" */
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
