/**
 * The three-strikes rule and its written notice (docs/domain.md rule 8).
 */
import { formatLondonDate, formatLondonDateTime } from '../time/london.js';
import { countsAsStrike, resetsStrikes, type AttendanceOutcome } from './attendance.js';

/** Consecutive unexplained no-shows that suspend contact (rule 8). */
export const STRIKES_TO_SUSPEND = 3;

/** One past session of a contact agreement, as far as attendance goes. */
export interface AttendanceHistoryEntry {
  sessionId: string;
  scheduledStart: Date;
  outcome: AttendanceOutcome;
}

/**
 * The dated written notice that goes with a suspension. Its parts mirror what Care Planning, Placement and
 * Case Review (England) Regulations 2010 reg 8 requires when a council refuses contact: the decision, the
 * reasons, how long it lasts, and what the parent can do about it.
 */
export interface SuspensionNotice {
  /** When the notice was issued (the `now` the rule was evaluated at). */
  issuedAt: Date;
  decision: string;
  reasons: string[];
  /** The unexplained no-shows that led to the decision, oldest first. */
  missedSessions: { sessionId: string; scheduledStart: Date }[];
  duration: string;
  parentActions: string[];
}

/** The verdict of {@link evaluateThreeStrikes}. */
export interface ThreeStrikesResult {
  /** Length of the current run of unexplained no-shows, skipping neutral outcomes. */
  consecutiveUnexplained: number;
  suspended: boolean;
  /** The entries making up that run, oldest first. */
  strikeSessions: AttendanceHistoryEntry[];
  /** The written notice, present exactly when `suspended`. */
  notice: SuspensionNotice | null;
}

function chronological(history: readonly AttendanceHistoryEntry[]): AttendanceHistoryEntry[] {
  // Ties on the start are broken by id so the verdict never depends on the order storage returned rows in.
  return [...history].sort(
    (a, b) =>
      a.scheduledStart.getTime() - b.scheduledStart.getTime() ||
      (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0),
  );
}

/**
 * Applies the three-strikes rule (rule 8) to an agreement's attendance history, given in any order.
 *
 * Walking back from the most recent session: unexplained no-shows are counted, explained absences and
 * centre cancellations are skipped (they neither count nor reset), and the first attended session
 * (on time or within the grace period) ends the run. Contact is suspended when that run reaches
 * {@link STRIKES_TO_SUSPEND}; a suspension comes with a {@link SuspensionNotice} issued at `now`, its dates
 * written in Europe/London.
 *
 * The history should be the sessions of the current agreement: a new agreement (the only thing that
 * restarts contact) starts a fresh history. Each outcome is the one on record: as `classifyAttendance` gave it
 * (where only a notice received and recorded before the start explains an absence, rule 7), or as the centre
 * manager later corrected it with a reason (`checkAttendanceCorrection`); a late notice alone changes nothing.
 */
export function evaluateThreeStrikes(
  history: readonly AttendanceHistoryEntry[],
  now: Date,
): ThreeStrikesResult {
  const sorted = sinceLastReset(history);
  const run: AttendanceHistoryEntry[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const entry = sorted[i];
    if (entry === undefined) continue;
    if (resetsStrikes(entry.outcome)) break;
    if (countsAsStrike(entry.outcome)) run.unshift(entry);
  }
  const suspended = run.length >= STRIKES_TO_SUSPEND;
  return {
    consecutiveUnexplained: run.length,
    suspended,
    strikeSessions: run,
    notice: suspended ? suspensionNotice(run, now) : null,
  };
}

/**
 * The part of a history the rule can still see, oldest first: from the start of the most recent session that resets
 * the run (attended, on time or within the grace period) on, that session and any starting at the same moment
 * included; the whole history when nothing resets it. Walking back from the newest session, the rule stops at that
 * reset, so nothing before it can change the verdict: a store may hand the rule only this part. The API's SQL twin
 * of this walk-back (`apps/api/src/agreements/three-strikes.service.ts`) is tested against it on PostgreSQL.
 */
export function sinceLastReset(history: readonly AttendanceHistoryEntry[]): AttendanceHistoryEntry[] {
  const sorted = chronological(history);
  const last = sorted.findLast((e) => resetsStrikes(e.outcome));
  return last ? sorted.filter((e) => e.scheduledStart.getTime() >= last.scheduledStart.getTime()) : sorted;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A small count in words ("three"), as notices and screens write it; digits past ten. */
export function countInWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The rule's words, for every screen and message that states it, so that they follow {@link STRIKES_TO_SUSPEND}.
 */
export const STRIKES_WORDING = {
  /** The rule's name: "three strikes". */
  ruleName: `${countInWords(STRIKES_TO_SUSPEND)} strikes`,
  /** The rule named before a noun: "the three-strikes rule", "a three-strikes suspension". */
  ruleAdjective: `${countInWords(STRIKES_TO_SUSPEND)}-strikes`,
  /** What suspends contact: "three unexplained absences", as in "suspended after three unexplained absences". */
  absences: `${countInWords(STRIKES_TO_SUSPEND)} unexplained absences`,
  /** "Three in a row suspend contact; explained absences do not count." */
  inBrief: `${capitalised(countInWords(STRIKES_TO_SUSPEND))} in a row suspend contact; explained absences do not count.`,
  /** "Contact suspended after three unexplained absences", for what a suspension did. */
  suspended: `Contact suspended after ${countInWords(STRIKES_TO_SUSPEND)} unexplained absences`,
} as const;

/**
 * Where a run of unexplained absences stands, in words: "None in a row", "1 in a row: two more would suspend
 * contact", "2 in a row: one more suspends contact", and past the rule "5 in a row". `toGo` is how many more would
 * suspend contact (0 once the run has reached the rule), for screens that mark the last one before it.
 */
export function strikeRunInWords(consecutive: number): { text: string; toGo: number } {
  const toGo = Math.max(0, STRIKES_TO_SUSPEND - consecutive);
  if (consecutive <= 0) return { text: 'None in a row', toGo };
  if (toGo === 0) return { text: `${consecutive} in a row`, toGo };
  const more = toGo === 1 ? 'one more suspends contact' : `${countInWords(toGo)} more would suspend contact`;
  return { text: `${consecutive} in a row: ${more}`, toGo };
}

/** "Contact suspended after 3 unexplained absences in a row": the run that suspended it, at least the rule's number. */
export function suspendedAfterRunText(consecutive: number): string {
  return `Contact suspended after ${Math.max(consecutive, STRIKES_TO_SUSPEND)} unexplained absences in a row`;
}

/**
 * Writes the suspension notice for a run of unexplained no-shows (rule 8, mirroring Care Planning Regs 2010
 * reg 8): decision, reasons, duration and what the parent can do. Dates are Europe/London.
 */
export function suspensionNotice(
  missed: readonly AttendanceHistoryEntry[],
  issuedAt: Date,
): SuspensionNotice {
  const when = missed.map((m) => formatLondonDateTime(m.scheduledStart));
  return {
    issuedAt,
    decision: `Contact under your contact agreement is suspended from ${formatLondonDate(issuedAt)}. No further contact sessions will take place under this agreement.`,
    reasons: [
      `You did not attend ${countInWords(missed.length)} contact sessions in a row and did not tell the centre before they started that you could not come.`,
      `The sessions you missed were: ${when.join('; ')}.`,
      `Your contact agreement says that if you miss ${countInWords(STRIKES_TO_SUSPEND)} sessions in a row without telling us the reason beforehand, contact will be stopped.`,
    ],
    missedSessions: missed.map((m) => ({ sessionId: m.sessionId, scheduledStart: m.scheduledStart })),
    duration:
      'Until a new contact agreement is made with your child’s social worker. Contact will not restart on its own.',
    parentActions: [
      'Contact your child’s social worker to arrange a meeting. The social worker must meet you before contact can restart.',
      'At that meeting you can agree a new contact agreement with the social worker. Contact restarts once the new agreement is signed.',
      'If you disagree with this decision you can ask the social worker or their manager to review it, raise it with your child’s Independent Reviewing Officer, or make a complaint through the council’s complaints procedure.',
      'You can also apply to the family court for an order about contact with your child (Children Act 1989, section 34). You may be entitled to free legal advice from a family solicitor.',
    ],
  };
}
