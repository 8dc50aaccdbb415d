/**
 * Times are stored in UTC and always shown in Europe/London, whatever the browser's own time zone, because the
 * centre, the families and the court all read them as London times.
 */
const TZ = 'Europe/London';

const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });
const dayTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const dayFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const asDate = (t: string | Date) => (typeof t === 'string' ? new Date(t) : t);

/** "16:42" */
export function londonTime(t: string | Date): string {
  return timeFmt.format(asDate(t));
}

/** "Fri 20 Nov, 16:42" */
export function londonDayTime(t: string | Date): string {
  return dayTimeFmt.format(asDate(t));
}

/** "Friday 20 November 2026" */
export function londonDay(t: string | Date): string {
  return dayFmt.format(asDate(t));
}

function londonParts(t: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of partsFmt.formatToParts(t))
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  return out;
}

/** The London calendar day of an instant, as YYYY-MM-DD. */
export function londonDateKey(t: Date): string {
  const p = londonParts(t);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(t: Date): number {
  const p = londonParts(t);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((wall - Math.floor(t.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which London clocks show `hhmm` on the London day of `day`. A person types the time they read on
 * the centre's clock; the browser may be set to another zone, so its own local time cannot be used.
 */
export function londonTimeOnDay(hhmm: string, day: Date): Date | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return null;
  const p = londonParts(day);
  const wall = Date.UTC(p.year, p.month - 1, p.day, h, min);
  // The offset at the guessed instant is right except within the hour the clocks change; a second pass fixes that.
  let guess = wall - londonOffsetMinutes(new Date(wall)) * 60_000;
  guess = wall - londonOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess);
}
