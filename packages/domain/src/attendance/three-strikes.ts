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
  const sorted = chronological(history);
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

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function countInWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
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
      'Your contact agreement says that if you miss three sessions in a row without telling us the reason beforehand, contact will be stopped.',
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
