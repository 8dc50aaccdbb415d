/**
 * The stable error codes of the API, sent as `extensions.code`. Integrators switch on these, so they are part of
 * the published contract: add new ones freely, never rename one.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'The request is malformed or a value is not allowed.',
  UNAUTHENTICATED: 'No valid sign-in token was sent, or it has expired.',
  FORBIDDEN: 'Signed in, but not allowed to do this.',
  NOT_FOUND: 'There is no such record, or it is not yours to see.',
  STALE_VERSION: 'Someone else changed this record since you read it.',
  SESSION_ROOM_DOUBLE_BOOKED:
    'The room is already booked at that time (including arrival, departure and tidying).',
  SESSION_SUPERVISOR_DOUBLE_BOOKED: 'The supervisor is already booked at that time.',
  SESSION_STAFF_DOUBLE_BOOKED:
    'A member of staff is already booked at that time, as supervisor or second member of staff.',
  SESSION_STAFF_NOT_ELIGIBLE:
    'A session’s supervisor and second member of staff must be active contact supervisors of its centre.',
  SESSION_NOT_YET: 'The session’s time has not come yet, so this step cannot be recorded.',
  SESSION_ILLEGAL_TRANSITION: 'The session is not in a state that allows this.',
  SESSION_SCHEDULE_CONFLICT: 'The time breaks a scheduling rule (opening hours, school, work, length).',
  SERIES_CONFLICT:
    'Some sessions of a series cannot be booked, so none was; `occurrences` lists each with its problems.',
  FAMILY_INFORMED_METHOD_REQUIRED:
    'A time the family was told was given without how they were told (`familyInformedVia`).',
  ATTENDANCE_NOT_CORRECTABLE:
    'Only a recorded absence can be corrected, and only to the other kind of absence (explained or not).',
  AGREEMENT_NOT_ACTIVE: 'The contact agreement is not active and signed.',
  AGREEMENT_SUSPENDED: 'Contact is suspended under this agreement; only a new agreement restarts it.',
  AGREEMENT_ILLEGAL_TRANSITION: 'The agreement is not in a state that allows this.',
  SUSPENSION_MEETING_REQUIRED:
    'After a suspension, the parent must meet the social worker before a new agreement restarts contact.',
  ROOM_UNAVAILABLE: 'The room is out of service.',
  ROOM_OCCUPIED: 'A session is using the room now, so it cannot be taken out of service.',
  OBSERVATION_ILLEGAL_TRANSITION: 'The observation record is not in a state that allows this.',
  OBSERVATION_INCOMPLETE: 'The observation record is missing required sections.',
  OBSERVATION_FINAL: 'A final observation record cannot be changed; add an amendment.',
  OBSERVATION_NOT_REQUIRED: 'Only supervised contact that took place has an observation record.',
  OBSERVATION_SESSION_NOT_STARTED: 'The session has not started yet, so there is nothing to observe.',
  PARENTS_COPY_NOT_FINAL: 'Only a final observation record has a parents’ copy to withhold from or share.',
  FLAG_ILLEGAL_TRANSITION: 'The safeguarding flag is not in a state that allows this.',
  CONFLICT: 'Another record already holds this value (a name or email that must be unique).',
  LAST_ADMIN: 'The council would be left without an active admin.',
  NO_ACCOUNT:
    'Signed in at the council’s identity provider, but nobody in Kinroom has that identity yet: an admin adds them.',
  RATE_LIMITED: 'Too many requests; wait a moment and try again.',
  CURSOR_STALE:
    'This cursor is not one of this server’s changes (its database was restored from a backup): read the view again and subscribe without `after`.',
  SERVICE_UNAVAILABLE: 'Kinroom is temporarily unavailable; try again shortly.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A refusal a person can act on: a stable code, a plain message, and optional details (never internals). */
export class KinroomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KinroomError';
  }
}

export const notFound = (what: string) =>
  new KinroomError('NOT_FOUND', `No ${what} with that id is visible to you.`);
export const forbidden = (why = 'You are not allowed to do this.') => new KinroomError('FORBIDDEN', why);
export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new KinroomError('BAD_USER_INPUT', message, details);

/** A unique value another record already holds (a name, an email, a case-system id): a plain message, naming the field. */
export function conflict(message: string, field: string): KinroomError {
  return new KinroomError('CONFLICT', message, { field });
}
