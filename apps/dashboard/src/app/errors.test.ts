import { describe, expect, it } from 'vitest';
import { humanError } from './errors';

const gqlError = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  graphQLErrors: [{ message, extensions: { code, ...extra } }],
});

describe('API errors in plain words', () => {
  it('keeps the server’s own sentence for a rule refusal', () => {
    expect(
      humanError(gqlError('SESSION_ROOM_DOUBLE_BOOKED', 'The room is already booked for a session from …')),
    ).toBe('The room is already booked for a session from …');
  });

  it('says why a specific action was refused, but hides a bare role refusal behind advice', () => {
    expect(humanError(gqlError('FORBIDDEN', 'Only the centre manager can cancel a session.'))).toBe(
      'Only the centre manager can cancel a session.',
    );
    expect(humanError(gqlError('FORBIDDEN', 'Your role does not allow this.'))).toMatch(
      /Ask your centre manager/,
    );
  });

  it('gives the reference of an unexpected error and reassures about a lost connection', () => {
    expect(humanError(gqlError('INTERNAL_SERVER_ERROR', 'x', { correlationId: 'abc-123' }))).toMatch(
      /reference abc-123/,
    );
    expect(humanError({ networkError: new Error('offline') })).toMatch(/nothing you entered has been lost/);
  });
});
