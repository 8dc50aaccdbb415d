import { KinroomError } from '../common/errors.js';

interface PgLikeError {
  code?: string;
  constraint?: string;
  hint?: string;
  message?: string;
  cause?: unknown;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** The PostgreSQL error inside `err` (a driver's or ORM's wrapping of it), if it is one. */
export function pgError(err: unknown): PgLikeError | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const candidate = e as PgLikeError;
    if (
      typeof candidate.code === 'string' &&
      (candidate.constraint || /^[0-9A-Z]{5}$/.test(candidate.code) || CONNECTION_CODES.has(candidate.code))
    ) {
      return candidate;
    }
    e = candidate.cause ?? (candidate as { original?: unknown }).original;
  }
  return null;
}

/** The unique index a database error names, when it is a unique violation (23505): a race a check before it lost. */
export function uniqueViolation(err: unknown): string | null {
  const e = pgError(err);
  return e?.code === '23505' && e.constraint ? e.constraint : null;
}

/** Turns the database's own refusals (exclusion constraints, evidence triggers, lost connections) into API errors. */
export function translateDatabaseError(err: unknown): KinroomError | null {
  const e = pgError(err);
  if (!e) {
    const message = (err as Error | undefined)?.message ?? '';
    if (/Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message)) {
      return new KinroomError('SERVICE_UNAVAILABLE');
    }
    return null;
  }
  if (e.code && CONNECTION_CODES.has(e.code)) return new KinroomError('SERVICE_UNAVAILABLE');
  if (e.code === '23P01') {
    if (e.constraint === 'session_room_no_double_booking')
      return new KinroomError('SESSION_ROOM_DOUBLE_BOOKED');
    if (e.constraint === 'session_supervisor_no_double_booking')
      return new KinroomError('SESSION_SUPERVISOR_DOUBLE_BOOKED');
    // A person in two sessions at once in any other pairing of parts (second staff and supervisor, or second
    // staff twice): session_staff holds each person once per session.
    if (
      e.constraint === 'session_staff_no_double_booking' ||
      e.constraint === 'session_second_staff_no_double_booking'
    )
      return new KinroomError('SESSION_STAFF_DOUBLE_BOOKED');
  }
  if (e.code === 'P0001' && e.hint === 'session/staff-not-eligible')
    return new KinroomError('SESSION_STAFF_NOT_ELIGIBLE');
  if (e.code === 'P0001' && e.hint === 'observation/final-immutable')
    return new KinroomError('OBSERVATION_FINAL');
  // A value the database cannot read as its type (most often a malformed id): the client's mistake, not ours.
  if (e.code === '22P02') {
    return new KinroomError('BAD_USER_INPUT', 'A value is not in the expected form (an id must be a UUID).');
  }
  // Text the database will not store (a NUL character), or a date or number beyond what it can hold.
  if (e.code === '22021' || e.code === '22P05') {
    return new KinroomError(
      'BAD_USER_INPUT',
      'A text value contains a character that cannot be stored (such as NUL).',
    );
  }
  if (e.code === '22008' || e.code === '22003') {
    return new KinroomError(
      'BAD_USER_INPUT',
      'A date, time or number is outside the range that can be stored.',
    );
  }
  return null;
}
