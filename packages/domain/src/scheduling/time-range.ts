/**
 * Spans of time, as the scheduling rules use them (docs/domain.md rules 1–3).
 */

/**
 * A span of time, half-open: it includes `start` and excludes `end`, like a Postgres `tstzrange(start, end, '[)')`.
 * Two back-to-back ranges therefore do not overlap.
 */
export interface TimeRange {
  start: Date;
  end: Date;
}

/**
 * Whether two half-open ranges share any instant. Ranges that merely touch (one ends when the other
 * starts) do not overlap; this matches Postgres's `&&` on `'[)'` ranges, which backs rule 3.
 */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/** Length of a range in minutes (negative when it ends before it starts; fractions are kept). */
export function durationMinutes(r: TimeRange): number {
  return (r.end.getTime() - r.start.getTime()) / 60_000;
}

/** The range moved by a number of minutes at each end (negative moves earlier). */
export function widen(r: TimeRange, beforeMinutes: number, afterMinutes: number): TimeRange {
  return {
    start: new Date(r.start.getTime() - beforeMinutes * 60_000),
    end: new Date(r.end.getTime() + afterMinutes * 60_000),
  };
}
