/**
 * The life of one session, from booking to its end (docs/domain.md rules 2, 6, 7 and 8).
 */

/** Where a session is in its life. */
export type SessionStatus =
  'scheduled' | 'parent_arrived' | 'child_arrived' | 'in_progress' | 'ended' | 'cancelled' | 'not_attended';

/** Every {@link SessionStatus}, in the order a session normally passes through them. */
export const SESSION_STATUSES = [
  'scheduled',
  'parent_arrived',
  'child_arrived',
  'in_progress',
  'ended',
  'cancelled',
  'not_attended',
] as const satisfies readonly SessionStatus[];

/** What can happen to a session. */
export type SessionEvent =
  'record_parent_arrival' | 'record_child_arrival' | 'start' | 'end' | 'cancel' | 'record_no_show';

/** Every {@link SessionEvent}. */
export const SESSION_EVENTS = [
  'record_parent_arrival',
  'record_child_arrival',
  'start',
  'end',
  'cancel',
  'record_no_show',
] as const satisfies readonly SessionEvent[];

/**
 * Why the centre cancelled a session. Rule 6 names the child being ill and a medical or school appointment;
 * `other` covers the rest (a room flood, a supervisor off sick) and the API should require a note with it.
 */
export type CancellationReason = 'child_ill' | 'medical_appointment' | 'school_appointment' | 'other';

/** Every {@link CancellationReason}. */
export const CANCELLATION_REASONS = [
  'child_ill',
  'medical_appointment',
  'school_appointment',
  'other',
] as const satisfies readonly CancellationReason[];

/** Words for each {@link CancellationReason}, for notices and screens. */
export const CANCELLATION_REASON_LABELS: Readonly<Record<CancellationReason, string>> = {
  child_ill: 'The child is ill',
  medical_appointment: 'The child has a medical appointment',
  school_appointment: 'The child has a school appointment',
  other: 'Another reason',
};

/**
 * What a session is for (docs/domain.md "Session kinds"): a contact session, a pre-contact visit so the child
 * or family can get familiar with the centre, or a planning meeting where particulars and expectations are
 * agreed before contact starts.
 */
export type SessionKind = 'contact' | 'pre_contact_visit' | 'planning_meeting';

/** Every {@link SessionKind}. */
export const SESSION_KINDS = [
  'contact',
  'pre_contact_visit',
  'planning_meeting',
] as const satisfies readonly SessionKind[];

/** Words for each {@link SessionKind}. */
export const SESSION_KIND_LABELS: Readonly<Record<SessionKind, string>> = {
  contact: 'Contact session',
  pre_contact_visit: 'Pre-contact visit',
  planning_meeting: 'Planning meeting',
};

/** The result of asking whether a session may move on. `code` is stable, `reason` is for people. */
export type SessionTransition =
  { ok: true; to: SessionStatus } | { ok: false; reason: string; code: 'session/invalid-transition' };

const TERMINAL: ReadonlySet<SessionStatus> = new Set(['ended', 'cancelled', 'not_attended']);
const IN_THE_ROOM: ReadonlySet<SessionStatus> = new Set(['parent_arrived', 'child_arrived', 'in_progress']);

/** Whether a session has finished for good: `ended`, `cancelled` and `not_attended` never change again. */
export function isTerminal(s: SessionStatus): boolean {
  return TERMINAL.has(s);
}

/**
 * Whether someone from the session is at the centre, holding its room: from the parent's arrival
 * (rule 2: the parent arrives first) until the session ends. The live room board shows these rooms as occupied.
 */
export function occupiesRoom(s: SessionStatus): boolean {
  return IN_THE_ROOM.has(s);
}

const TERMINAL_REFUSAL: Record<'ended' | 'cancelled' | 'not_attended', Record<SessionEvent, string>> = {
  ended: {
    record_parent_arrival: 'A session that has ended cannot record a new arrival',
    record_child_arrival: 'A session that has ended cannot record a new arrival',
    start: 'A session that has ended cannot be started again',
    end: 'This session has already ended',
    cancel: 'A session that has ended cannot be cancelled',
    record_no_show: 'A session that has ended cannot be recorded as a no-show',
  },
  cancelled: {
    record_parent_arrival: 'A cancelled session cannot record arrivals; book a new session instead',
    record_child_arrival: 'A cancelled session cannot record arrivals; book a new session instead',
    start: 'A cancelled session cannot be started; book a new session instead',
    end: 'A cancelled session never started, so it cannot end',
    cancel: 'This session has already been cancelled',
    record_no_show: 'A cancelled session cannot be recorded as a no-show',
  },
  not_attended: {
    record_parent_arrival: 'This session is already recorded as not attended; the parent cannot arrive now',
    record_child_arrival: 'This session is already recorded as not attended',
    start: 'A session recorded as not attended cannot be started',
    end: 'A session recorded as not attended never started, so it cannot end',
    cancel: 'A session recorded as not attended cannot be cancelled',
    record_no_show: 'This session is already recorded as not attended',
  },
};

function refuse(reason: string): SessionTransition {
  return { ok: false, reason, code: 'session/invalid-transition' };
}

/**
 * The next status of a session after an event, or a plain-words reason why the event is not allowed.
 *
 * The normal path follows the staggered arrivals of rule 2:
 * `scheduled` → `parent_arrived` → `child_arrived` → `in_progress` → `ended`.
 *
 * - **The parent arrives first.** The child is only brought from the carers once the parent is at the centre
 *   (rule 2), so a child's arrival cannot be recorded before the parent's. This is also what stops a child
 *   being brought in and left waiting for a parent who does not come.
 * - **A session starts only when both are there** (`start` from `child_arrived` only), and ends only once
 *   started.
 * - **Cancellation** (rule 6) is possible until the session starts: from `scheduled`, `parent_arrived` or
 *   `child_arrived` (e.g. the child turns out to be ill on arrival). A session that has started is ended,
 *   not cancelled, so that what happened in it stays on record.
 * - **A no-show** (rules 7 and 8) means the parent did not come, so it can only be recorded from `scheduled`:
 *   once the parent has arrived they have attended, even if the session is then cancelled. Whether the
 *   no-show is explained or not is decided separately by `classifyAttendance`.
 * - `ended`, `cancelled` and `not_attended` are terminal: nothing moves a session out of them.
 */
export function transitionSession(from: SessionStatus, event: SessionEvent): SessionTransition {
  switch (from) {
    case 'ended':
    case 'cancelled':
    case 'not_attended':
      return refuse(TERMINAL_REFUSAL[from][event]);
    case 'scheduled':
      switch (event) {
        case 'record_parent_arrival':
          return { ok: true, to: 'parent_arrived' };
        case 'record_child_arrival':
          return refuse(
            "The parent's arrival must be recorded first: the child is only brought in once the parent is at the centre",
          );
        case 'start':
          return refuse('A session cannot start until both the parent and the child have arrived');
        case 'end':
          return refuse('A session that has not started cannot end; cancel it or record a no-show instead');
        case 'cancel':
          return { ok: true, to: 'cancelled' };
        case 'record_no_show':
          return { ok: true, to: 'not_attended' };
      }
      break;
    case 'parent_arrived':
      switch (event) {
        case 'record_parent_arrival':
          return refuse("The parent's arrival has already been recorded");
        case 'record_child_arrival':
          return { ok: true, to: 'child_arrived' };
        case 'start':
          return refuse('A session cannot start until the child has arrived');
        case 'end':
          return refuse('A session that has not started cannot end; cancel it instead');
        case 'cancel':
          return { ok: true, to: 'cancelled' };
        case 'record_no_show':
          return refuse('The parent has arrived, so this session cannot be recorded as a no-show');
      }
      break;
    case 'child_arrived':
      switch (event) {
        case 'record_parent_arrival':
          return refuse("The parent's arrival has already been recorded");
        case 'record_child_arrival':
          return refuse("The child's arrival has already been recorded");
        case 'start':
          return { ok: true, to: 'in_progress' };
        case 'end':
          return refuse('A session that has not started cannot end; start it or cancel it');
        case 'cancel':
          return { ok: true, to: 'cancelled' };
        case 'record_no_show':
          return refuse('The parent has arrived, so this session cannot be recorded as a no-show');
      }
      break;
    case 'in_progress':
      switch (event) {
        case 'record_parent_arrival':
        case 'record_child_arrival':
          return refuse('The session is already under way; arrivals were recorded before it started');
        case 'start':
          return refuse('The session has already started');
        case 'end':
          return { ok: true, to: 'ended' };
        case 'cancel':
          return refuse('A session that has started cannot be cancelled; end it instead');
        case 'record_no_show':
          return refuse('A session that has started cannot be recorded as a no-show');
      }
      break;
  }
  // Unreachable for well-typed input; kept for values that arrive untyped from storage.
  return refuse(`Unknown session status or event: ${String(from)} / ${String(event)}`);
}

/** The events that {@link transitionSession} accepts from a status (for offering buttons on screen). */
export function allowedSessionEvents(from: SessionStatus): SessionEvent[] {
  return SESSION_EVENTS.filter((e) => transitionSession(from, e).ok);
}

/**
 * How long before a session's booked start its arrivals can be recorded, in minutes. Families are asked to arrive
 * 15 minutes early (docs/domain.md rule 2) and some come earlier still; an hour leaves room for that and for the
 * supervisor getting the room ready, while a session booked for another day stays out of reach.
 */
export const STEPS_OPEN_MINUTES_BEFORE_START = 60;

/** The result of asking whether a session's step may be recorded at a time. `code` is stable, `reason` is for people. */
export type SessionStepTiming =
  { ok: true } | { ok: false; reason: string; code: 'session/not-yet'; opensAt: Date };

/**
 * When a step of a session can first be recorded (docs/domain.md rules 2, 7 and 8). Arrivals and the start are possible
 * from {@link STEPS_OPEN_MINUTES_BEFORE_START} minutes before the booked start. The end and a no-show record the
 * session's outcome (attended, or not), and an outcome is only known once the booked start has come: before it, the
 * family may still come or send notice. Cancelling has no such limit (rule 6: the centre cancels ahead).
 *
 * There is deliberately no latest time: a step the supervisor could not record as it happened (a lost connection,
 * a busy room) is recorded afterwards, with the time it happened.
 */
export function stepOpensAt(event: SessionEvent, scheduledStart: Date): Date | null {
  switch (event) {
    case 'record_parent_arrival':
    case 'record_child_arrival':
    case 'start':
      return new Date(scheduledStart.getTime() - STEPS_OPEN_MINUTES_BEFORE_START * 60_000);
    case 'end':
    case 'record_no_show':
      return scheduledStart;
    case 'cancel':
      return null;
  }
}

/**
 * Whether a step of a session may be recorded now, as having happened at `at` (see {@link stepOpensAt}). Both
 * must have reached the opening: neither a step recorded ahead of time nor one dated before the opening counts.
 * This is what stops a session booked for next week being "attended" today, which would reset a run of
 * unexplained absences (rule 8).
 */
export function checkStepTiming(input: {
  event: SessionEvent;
  scheduledStart: Date;
  now: Date;
  at?: Date;
}): SessionStepTiming {
  const opensAt = stepOpensAt(input.event, input.scheduledStart);
  if (opensAt === null) return { ok: true };
  const earliest = Math.min(input.now.getTime(), (input.at ?? input.now).getTime());
  if (earliest >= opensAt.getTime()) return { ok: true };
  const outcome = input.event === 'end' || input.event === 'record_no_show';
  return {
    ok: false,
    code: 'session/not-yet',
    opensAt,
    reason: outcome
      ? 'The session’s booked start has not come yet, so its outcome cannot be recorded.'
      : `The session’s time has not come yet: arrivals and the start can be recorded from ${STEPS_OPEN_MINUTES_BEFORE_START} minutes before the booked start.`,
  };
}
