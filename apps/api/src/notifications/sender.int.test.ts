import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../test/database.js';
import { messageRows, messagesDatabase, raiseFlags } from '../../test/messages.js';
import { startSmtpServer, type SmtpTestServer } from '../../test/support/mail-servers.js';
import type { Channels } from './channel.js';
import { channelsFromConfig } from './channels/index.js';
import { MessageEngine } from './engine.js';
import { storePlanned } from './planner.js';
import { safeError, sendMessage } from './sender.js';

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

describe('messages stranded by a process that stopped at the wrong moment', () => {
  /** A message to a demo flag's social worker, stored as a plan stores it, with no send job (no outbox event). */
  async function storedWithoutJob(key: string): Promise<string> {
    const f = (
      await db.sql(
        `select f.id, f.council_id, f.centre_id, f.child_id, cc.social_worker_id from safeguarding_flag f
           join child_case cc on cc.child_id = f.child_id and cc.closed_at is null
           join staff_user u on u.id = cc.social_worker_id and u.email is not null and u.active
          order by f.id limit 1`,
      )
    ).rows[0];
    const [row] = await db.orm.em.fork().transactional((tx) =>
      storePlanned(tx, [
        {
          councilId: f.council_id,
          dedupeKey: `test:${key}`,
          eventId: null,
          purpose: 'flag_raised_social_worker',
          recipientKind: 'staff',
          recipientId: f.social_worker_id,
          channel: 'email',
          languages: 'en',
          about: { centreId: f.centre_id, childId: f.child_id, flagId: f.id },
        },
      ]),
    );
    return row!.id;
  }
  const finished = (id: string) =>
    eventually(
      async () => (await messageRows(db, 'id = $1', [id]))[0]!,
      (m) => !['queued', 'sending'].includes(m.status),
    );

  it('a message stored without its send job is given one by the sweep, and sent', async () => {
    const id = await storedWithoutJob('no-job');
    // As if the process died between the plan's commit and adding the job, a while ago.
    await db.sql(`update message set planned_at = now() - interval '5 minutes' where id = $1`, [id]);
    await engine.sweep();
    expect(await finished(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.messages.filter((e) => e.messageId.includes(id))).toHaveLength(1);
  });

  it('a message left unfinished long after its last attempt is failed, so that a manager sees it', async () => {
    const id = await storedWithoutJob('given-up');
    await db.sql(
      `update message set status = 'sending', attempts = 8, sending_at = now() - interval '4 hours' where id = $1`,
      [id],
    );
    await engine.sweep();
    const m = await finished(id);
    expect(m).toMatchObject({ status: 'failed', attempts: 8 });
    expect(m.last_error).toMatch(/interrupted/);
  });
});

describe('the person’s details, read when the message is sent', () => {
  it('a do-not-contact set after the message was planned stops it: not sent, and nothing leaves', async () => {
    const s = (
      await db.sql(
        `select s.id as session_id, s.council_id, s.centre_id, s.child_id, s.agreement_id, p.family_member_id
           from session s join agreement_participant p on p.agreement_id = s.agreement_id
          order by s.starts_at desc limit 1`,
      )
    ).rows[0];
    const [stored] = await db.orm.em.fork().transactional((tx) =>
      storePlanned(tx, [
        {
          councilId: s.council_id,
          dedupeKey: `test:do-not-contact:${s.session_id}`,
          eventId: null,
          purpose: 'session_reminder_family',
          recipientKind: 'family_member',
          recipientId: s.family_member_id,
          channel: 'email',
          languages: 'en',
          about: {
            centreId: s.centre_id,
            childId: s.child_id,
            sessionId: s.session_id,
            agreementId: s.agreement_id,
          },
        },
      ]),
    );
    await db.sql(
      `update family_member set email = 'parent@family.example', do_not_contact = true,
         do_not_contact_reason = 'Injunction' where id = $1`,
      [s.family_member_id],
    );
    try {
      const before = smtp.messages.length;
      const r = await sendMessage(db.orm.em, channels, {
        messageId: stored!.id,
        lastAttempt: false,
        leaseSeconds: 15,
      });
      expect(r).toEqual({ outcome: 'not_sent', reason: 'do_not_contact' });
      const [m] = await messageRows(db, 'id = $1', [stored!.id]);
      expect(m).toMatchObject({
        status: 'not_sent',
        not_sent_reason: 'do_not_contact',
        attempts: 1,
        provider: null,
      });
      expect(smtp.messages.length).toBe(before);
    } finally {
      await db.sql(
        'update family_member set email = null, do_not_contact = false, do_not_contact_reason = null where id = $1',
        [s.family_member_id],
      );
    }
  });
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
