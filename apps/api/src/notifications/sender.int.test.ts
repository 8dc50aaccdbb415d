import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../test/database.js';
import { messageRows, messagesDatabase, raiseFlags } from '../../test/messages.js';
import { startSmtpServer, type SmtpTestServer } from '../../test/support/mail-servers.js';
import type { Channels } from './channel.js';
import { channelsFromConfig } from './channels/index.js';
import { MessageEngine } from './engine.js';
import { safeError } from './sender.js';

/**
 * Sending through the real queue (pg-boss on the test database) to a real mail server: a temporary refusal is tried
 * again until the email is accepted, once; a refusal for good fails at once; the last attempt's failure fails it.
 */

let db: TestDatabase;
let smtp: SmtpTestServer;
let channels: Channels;
let engine: MessageEngine;

/** Waits until `check` holds, asking again every 100 ms; fails after a minute saying what it last saw. */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`still not as expected: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function messageFor(flagId: string) {
  const m = await eventually(
    async () => (await messageRows(db, 'flag_id = $1', [flagId]))[0],
    (row) => !!row && !['queued', 'sending'].includes(row.status),
  );
  return m!;
}

async function socialWorkerOf(flagId: string): Promise<string> {
  return (
    await db.sql(
      `select u.email from safeguarding_flag f join child_case c on c.child_id = f.child_id and c.closed_at is null
         join staff_user u on u.id = c.social_worker_id where f.id = $1`,
      [flagId],
    )
  ).rows[0].email;
}

beforeAll(async () => {
  db = await messagesDatabase();
  smtp = await startSmtpServer();
  channels = channelsFromConfig({
    smtp: { url: smtp.url, from: 'Kinroom <kinroom@council.example>' },
    notify: null,
    emailVia: 'smtp',
  });
  engine = new MessageEngine(db.orm, channels, {
    sendAttempts: 3,
    sendRetryDelaySeconds: 1,
    pollingIntervalSeconds: 0.5,
    log: () => {},
  });
  await engine.start();
});
afterAll(async () => {
  await engine.stop();
  await channels.close();
  await smtp.close();
  await db.drop();
});

describe('sending a message', () => {
  it('sends the email once, under the message id, and records it sent', async () => {
    const before = smtp.messages.length;
    const [flagId] = await raiseFlags(db, 1);
    engine.wake();
    const m = await messageFor(flagId!);
    expect(m).toMatchObject({
      purpose: 'flag_raised_social_worker',
      status: 'sent',
      attempts: 1,
      provider: 'smtp',
    });
    const received = smtp.messages.slice(before).filter((e) => e.messageId.includes(m.id));
    expect(received).toHaveLength(1);
    expect(received[0]!.messageId).toBe(m.provider_ref);
    expect(received[0]!.to).toEqual([await socialWorkerOf(flagId!)]);
  });

  it('tries again after a temporary refusal, and the email arrives once', async () => {
    smtp.refuseNext(2);
    const [flagId] = await raiseFlags(db, 1);
    engine.wake();
    const m = await messageFor(flagId!);
    expect(m).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(smtp.messages.filter((e) => e.messageId.includes(m.id))).toHaveLength(1);
  });

  it('after the last attempt fails, the message is failed with a readable reason', async () => {
    smtp.refuseNext(3);
    const [flagId] = await raiseFlags(db, 1);
    engine.wake();
    const m = await messageFor(flagId!);
    expect(m).toMatchObject({ status: 'failed', attempts: 3 });
    expect(m.last_error).toMatch(/\S/);
    expect(m.last_error).not.toMatch(/\n|\bat .*\(/);
    expect(smtp.messages.filter((e) => e.messageId.includes(m.id))).toHaveLength(0);
  });

  it('a refusal for good fails the message at once, without trying again', async () => {
    const [flagId] = await raiseFlags(db, 1);
    smtp.refuseRecipient(await socialWorkerOf(flagId!));
    engine.wake();
    const m = await messageFor(flagId!);
    expect(m).toMatchObject({ status: 'failed', attempts: 1 });
    expect(m.last_error).toMatch(/\S/);
  });
});

describe('the reason a message failed', () => {
  it('is the first line only, with no credential, and at most 500 characters', () => {
    const key = `kinroom_live-${'1'.repeat(8)}-aaaa-bbbb-cccc-${'2'.repeat(12)}-${'3'.repeat(8)}-dddd-eeee-ffff-${'4'.repeat(12)}`;
    const err = new Error(
      `connect failed to smtp://kinroom:s3cret@mail.council.example with ${key}\n    at x (y.js:1:1)`,
    );
    const text = safeError(err);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('2222');
    expect(text).not.toContain('at x');
    expect(safeError(new Error('x'.repeat(900)))).toHaveLength(500);
  });
});
