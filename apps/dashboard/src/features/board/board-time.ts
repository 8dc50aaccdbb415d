/**
 * Elapsed and remaining time on the board, worked out in the browser from the session's recorded times so that
 * they tick every second without asking the server again.
 */

const SECOND = 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** A stopwatch reading: "4:07", "25:03", "1:05:09". Negative spans read as zero. */
export function stopwatch(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** The same span in words, whole minutes: "less than a minute", "25 min", "1 h 5 min". */
export function spokenSpan(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export interface SessionClockInput {
  startsAt: string | Date;
  endsAt: string | Date;
  startedAt?: string | Date | null;
}

export interface SessionClock {
  /** Time since contact started; null before it starts. */
  elapsedMs: number | null;
  /** Time left until the booked end; 0 once past it. */
  remainingMs: number;
  /** How far past the booked end contact has run; null when it has not. */
  overrunMs: number | null;
  /** Time until the child is due; null once the start time has passed. */
  dueInMs: number | null;
  /** How far through the booked time, from 0 to 1 (for a progress bar). */
  progress: number;
}

/**
 * Where a session stands at `now`. An overrun counts only once contact has started: a family still waiting after
 * the booked end is a different problem, which the API's warnings name.
 */
export function sessionClock(s: SessionClockInput, now: number): SessionClock {
  const start = new Date(s.startsAt).getTime();
  const end = new Date(s.endsAt).getTime();
  const started = s.startedAt ? new Date(s.startedAt).getTime() : null;
  const length = Math.max(1, end - start);
  const from = started ?? start;
  return {
    elapsedMs: started === null ? null : Math.max(0, now - started),
    remainingMs: Math.max(0, end - now),
    overrunMs: started !== null && now > end ? now - end : null,
    dueInMs: now < start ? start - now : null,
    progress: started === null ? 0 : Math.min(1, Math.max(0, (now - from) / length)),
  };
}

/**
 * The difference between the server's clock and this browser's, from a response that carries the server's time:
 * add it to `Date.now()` so that a browser whose clock is a few minutes out still counts down correctly.
 */
export function clockSkew(serverTime: string | Date, receivedAt: number): number {
  const skew = new Date(serverTime).getTime() - receivedAt;
  // A skew under two seconds is network delay, not a wrong clock: ignoring it keeps the seconds steady.
  return Math.abs(skew) < 2 * SECOND ? 0 : skew;
}
