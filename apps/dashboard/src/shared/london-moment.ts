import { formatLondonTime, fromLondonDateKey, londonDateKey, parseDateKey } from '@kinroom/domain';

/**
 * A moment as people type it into a form: a UK day and a time (LondonMomentFields.vue), read as London time whatever
 * the browser's own zone (docs/domain.md rule 1). The arithmetic is the domain's; this file only reads the fields.
 */

/** A moment's London day and minute, as a form's day and time fields hold them. */
export function londonFields(at: Date): { date: string; time: string } {
  return { date: londonDateKey(at), time: formatLondonTime(at) };
}

/** Whether a YYYY-MM-DD day is a real calendar day. */
export function realDate(key: string): boolean {
  try {
    parseDateKey(key);
    return true;
  } catch {
    return false;
  }
}

/** The moment a London day and time (HH:MM) stand for; null when either is missing or not real. */
export function londonMoment(date: string, time: string): Date | null {
  try {
    return fromLondonDateKey(date, time);
  } catch {
    return null;
  }
}

/** What a form says of its moment, in its own words: when the day or time is missing, and when it is to come. */
export interface PastMomentWords {
  missing: string;
  future: string;
}

/**
 * When something already happened (a family told, a copy shared, a meeting held, a signature), from a UK day and
 * time as typed: the moment, or what is wrong with it. Both must be given and real, and the moment not after `now`
 * (the API refuses a moment in the future too).
 */
export function pastMoment(
  date: string,
  time: string,
  now: Date,
  words: PastMomentWords,
): { at: Date } | { problem: string } {
  const at = londonMoment(date, time);
  if (!at) return { problem: words.missing };
  if (at.getTime() > now.getTime()) return { problem: words.future };
  return { at };
}
