/**
 * Safeguarding flags: raised, acknowledged, escalated and resolved (docs/domain.md rule 10).
 */

/** How serious a flag is. */
export type FlagSeverity = 'low' | 'medium' | 'high' | 'critical';

/** Every {@link FlagSeverity}, least serious first. */
export const FLAG_SEVERITIES = [
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly FlagSeverity[];

/** Words for each {@link FlagSeverity}. */
export const FLAG_SEVERITY_LABELS: Readonly<Record<FlagSeverity, string>> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/** What a flag is about. */
export type FlagCategory =
  | 'physical_harm'
  | 'emotional_harm'
  | 'neglect'
  | 'sexual_harm'
  | 'abduction_attempt'
  | 'inappropriate_conversation'
  | 'intoxication'
  | 'disclosure'
  | 'other';

/** Every {@link FlagCategory}. */
export const FLAG_CATEGORIES = [
  'physical_harm',
  'emotional_harm',
  'neglect',
  'sexual_harm',
  'abduction_attempt',
  'inappropriate_conversation',
  'intoxication',
  'disclosure',
  'other',
] as const satisfies readonly FlagCategory[];

/** Words for each {@link FlagCategory}. */
export const FLAG_CATEGORY_LABELS: Readonly<Record<FlagCategory, string>> = {
  physical_harm: 'Physical harm',
  emotional_harm: 'Emotional harm',
  neglect: 'Neglect',
  sexual_harm: 'Sexual harm',
  abduction_attempt: 'Attempted abduction',
  inappropriate_conversation: 'Inappropriate conversation',
  intoxication: 'Parent under the influence of drink or drugs',
  disclosure: 'Disclosure by the child',
  other: 'Other concern',
};

/** Where a flag is in its handling. */
export type FlagStatus = 'open' | 'acknowledged' | 'escalated' | 'resolved';

/** Every {@link FlagStatus}. */
export const FLAG_STATUSES = [
  'open',
  'acknowledged',
  'escalated',
  'resolved',
] as const satisfies readonly FlagStatus[];

/** What can be done to a flag. */
export type FlagAction = 'acknowledge' | 'escalate' | 'resolve';

/** Every {@link FlagAction}. */
export const FLAG_ACTIONS = ['acknowledge', 'escalate', 'resolve'] as const satisfies readonly FlagAction[];

/**
 * Minutes within which a flag of each severity must be acknowledged before it is escalated. docs/domain.md rule 10
 * says flags are escalated "if not acknowledged in time" without saying how long; these windows are Kinroom's
 * policy: a critical flag (a child in danger now) gets 15 minutes, high 1 hour, medium 4 hours, low 24 hours.
 */
export const ACKNOWLEDGEMENT_WINDOW_MINUTES: Readonly<Record<FlagSeverity, number>> = {
  critical: 15,
  high: 60,
  medium: 240,
  low: 1440,
};

/**
 * The instant by which a flag must be acknowledged (rule 10), by Kinroom's windows in
 * {@link ACKNOWLEDGEMENT_WINDOW_MINUTES}. Elapsed time, not working hours: a child's safety does not wait
 * for Monday.
 */
export function acknowledgementDeadline(raisedAt: Date, severity: FlagSeverity): Date {
  return new Date(raisedAt.getTime() + ACKNOWLEDGEMENT_WINDOW_MINUTES[severity] * 60_000);
}

/** The result of asking whether a flag may move on. */
export type FlagTransition =
  { ok: true; to: FlagStatus } | { ok: false; reason: string; code: 'safeguarding/invalid-transition' };

function refuse(reason: string): FlagTransition {
  return { ok: false, reason, code: 'safeguarding/invalid-transition' };
}

/**
 * How a flag moves through its handling (rule 10):
 *
 * - `open` → `acknowledged` when someone takes it on (the API records who and when), or → `escalated`,
 *   by hand or because its acknowledgement window passed ({@link needsEscalation}).
 * - `acknowledged` → `escalated` when whoever took it on decides it needs someone more senior.
 * - `escalated` → `acknowledged` when the person it was escalated to takes it on.
 * - `acknowledged` or `escalated` → `resolved`. The outcome is required; the API checks it.
 *   An open flag cannot be resolved straight away: someone must first acknowledge it, so that who saw each
 *   flag, and when, is always on record.
 * - `resolved` is terminal: a new concern is a new flag.
 */
export function transitionFlag(from: FlagStatus, action: FlagAction): FlagTransition {
  switch (from) {
    case 'open':
      if (action === 'acknowledge') return { ok: true, to: 'acknowledged' };
      if (action === 'escalate') return { ok: true, to: 'escalated' };
      return refuse(
        'A flag must be acknowledged before it is resolved, so that who saw it and when is recorded',
      );
    case 'acknowledged':
      if (action === 'escalate') return { ok: true, to: 'escalated' };
      if (action === 'resolve') return { ok: true, to: 'resolved' };
      return refuse('This flag has already been acknowledged');
    case 'escalated':
      if (action === 'acknowledge') return { ok: true, to: 'acknowledged' };
      if (action === 'resolve') return { ok: true, to: 'resolved' };
      return refuse('This flag has already been escalated');
    case 'resolved':
      return refuse('A resolved flag cannot change; raise a new flag for a new concern');
  }
  return refuse(`Unknown flag status: ${String(from)}`);
}

/**
 * Whether a flag must be escalated now (rule 10): it is still `open` – nobody has acknowledged it – and its
 * acknowledgement deadline has passed (strictly: at the deadline itself it is still in time).
 */
export function needsEscalation(
  flag: { status: FlagStatus; raisedAt: Date; severity: FlagSeverity },
  now: Date,
): boolean {
  return (
    flag.status === 'open' && now.getTime() > acknowledgementDeadline(flag.raisedAt, flag.severity).getTime()
  );
}
