import { describe, expect, it } from 'vitest';
import { loggedError, scrub } from './redact.js';

describe('scrub', () => {
  it('takes out tokens, email addresses, URL passwords and quoted row values', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(scrub(`token ${jwt} sent`)).toBe('token [token] sent');
    expect(scrub('Authorization: Bearer kr_live_abc123')).toBe('Authorization: Bearer [token]');
    expect(scrub('to ruby.carer@familymail.co.uk today')).toBe('to [email] today');
    expect(scrub('postgres://kinroom:s3cret@db.council.example/kinroom')).toBe(
      'postgres://kinroom:[redacted]@db.council.example/kinroom',
    );
    expect(scrub('Key (first_name)=(Ruby) already exists.')).toBe(
      'Key (first_name)=([redacted]) already exists.',
    );
    expect(scrub('Failing row contains (1, Ruby, Brennock).')).toBe('Failing row contains ([redacted]).');
  });

  it('keeps what names no one: an account in a URL, an address of this machine', () => {
    expect(scrub('cannot reach the database at postgres://nobody@127.0.0.1:5432/none')).toBe(
      'cannot reach the database at postgres://nobody@127.0.0.1:5432/none',
    );
    expect(scrub('kinroom: ready at http://127.0.0.1:4000')).toBe('kinroom: ready at http://127.0.0.1:4000');
    expect(scrub('sign in as priya.shah@coxford.example')).toBe('sign in as priya.shah@coxford.example');
  });
});

describe('loggedError', () => {
  it('keeps a database error’s code and constraint, never its message', () => {
    const err = Object.assign(new Error('insert into "child" values ($1) - Failing row contains (Ruby)'), {
      code: '23514',
      constraint: 'child_refused',
      table: 'child',
    });
    const logged = loggedError(err);
    expect(logged).toMatchObject({ code: '23514', constraint: 'child_refused', table: 'child' });
    expect(JSON.stringify(logged)).not.toContain('Ruby');
  });
});
