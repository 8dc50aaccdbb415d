import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedBasics, sessionFor, type Basics } from '../../test/fixtures.js';
import { startSmtpServer, type SmtpTestServer } from '../../test/support/mail-servers.js';
import { AgreementParticipant } from '../agreements/agreement.entity.js';
import { make } from '../db/make.js';
import { FamilyMember } from '../people/child.entity.js';
import { AbsenceNotice, Session } from '../sessions/session.entity.js';
import type { Channels } from './channel.js';
import { channelsFromConfig } from './channels/index.js';
import { storePlanned } from './planner.js';
import { planDue } from './rules/index.js';
import { sendMessage } from './sender.js';

/**
 * A family's reminder planned the day before, and then the session stops happening as planned before it is sent: it
 * is recorded as not sent (no longer needed), and nothing reaches the family.
 */

let db: TestDatabase;
let smtp: SmtpTestServer;
let channels: Channels;
let b: Basics;
let parent: FamilyMember;

const em = () => db.orm.em.fork();
// Thursday 26 November 2026, 16:00 London; reminders fall due from 10:00 the day before.
const NOW = new Date('2026-11-25T12:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpServer();
  channels = channelsFromConfig({
    smtp: { url: smtp.url, from: 'Kinroom <kinroom@council.example>' },
    notify: null,
    emailVia: 'smtp',
  });
  const e = em();
  b = await seedBasics(e, 'Reminder Council');
  parent = make(FamilyMember, {
    councilId: b.council.id,
    firstName: 'Pat',
    lastName: 'Parent',
    email: 'pat@family.example',
  });
  e.persist(parent);
  e.persist(
    make(AgreementParticipant, {
      councilId: b.council.id,
      agreementId: b.agreement.id,
      familyMemberId: parent.id,
    }),
  );
  await e.flush();
});
afterAll(async () => {
  await channels.close();
  await smtp.close();
  await db.drop();
});

/** Books a session tomorrow at `hour` (UTC), plans the day's reminders, and returns the new reminder's id. */
async function remindedSession(hour: number): Promise<{ session: Session; messageId: string }> {
  const e = em();
  const session = sessionFor(b, new Date(`2026-11-26T${String(hour).padStart(2, '0')}:00:00Z`));
  e.persist(session);
  await e.flush();
  const planned = (await planDue(em(), NOW, channels)).filter(
    (p) => p.purpose === 'session_reminder_family' && p.about.sessionId === session.id,
  );
  expect(planned).toHaveLength(1);
  const [stored] = await em().transactional((tx) => storePlanned(tx, planned));
  return { session, messageId: stored!.id };
}

async function send(messageId: string) {
  return sendMessage(em(), channels, { messageId, lastAttempt: false, leaseSeconds: 60 });
}

async function row(messageId: string) {
  return (await db.sql('select status, not_sent_reason from message where id = $1', [messageId])).rows[0] as {
    status: string;
    not_sent_reason: string | null;
  };
}

describe('a reminder for a session no longer happening as planned', () => {
  it('is sent for the session as planned', async () => {
    const { messageId } = await remindedSession(9);
    expect((await send(messageId)).outcome).toBe('sent');
    expect(await row(messageId)).toEqual({ status: 'sent', not_sent_reason: null });
    const [email] = await smtp.waitFor(1);
    expect(email?.messageId).toBe(`<${messageId}@council.example>`);
  });

  it('cancelled after it was planned: not sent, no longer needed', async () => {
    const { session, messageId } = await remindedSession(11);
    await em().nativeUpdate(
      Session,
      { id: session.id },
      {
        status: 'cancelled',
        cancelledAt: NOW,
        cancellationReason: 'child_ill',
        cancelledById: b.manager.id,
      },
    );
    expect(await send(messageId)).toEqual({ outcome: 'not_sent', reason: 'no_longer_needed' });
    expect(await row(messageId)).toEqual({ status: 'not_sent', not_sent_reason: 'no_longer_needed' });
  });

  it('moved after it was planned: not sent, and the reminder for the new start is planned and sent', async () => {
    const { session, messageId } = await remindedSession(13);
    await em().nativeUpdate(
      Session,
      { id: session.id },
      { startsAt: new Date('2026-11-26T14:30:00Z'), endsAt: new Date('2026-11-26T15:30:00Z') },
    );
    expect(await send(messageId)).toEqual({ outcome: 'not_sent', reason: 'no_longer_needed' });
    const again = (await planDue(em(), NOW, channels)).filter((p) => p.about.sessionId === session.id);
    const [stored] = await em().transactional((tx) => storePlanned(tx, again));
    expect(stored?.status).toBe('queued');
    expect((await send(stored!.id)).outcome).toBe('sent');
  });

  it('the family said they cannot come after it was planned: not sent, no longer needed', async () => {
    const { session, messageId } = await remindedSession(17);
    const e = em();
    e.persist(
      make(AbsenceNotice, {
        councilId: b.council.id,
        sessionId: session.id,
        receivedAt: NOW,
        recordedAt: NOW,
        receivedById: b.manager.id,
        givenBy: 'Pat Parent',
        reason: 'Bus strike',
      }),
    );
    await e.flush();
    expect(await send(messageId)).toEqual({ outcome: 'not_sent', reason: 'no_longer_needed' });
    expect(await row(messageId)).toEqual({ status: 'not_sent', not_sent_reason: 'no_longer_needed' });
    // Only the reminders for sessions as they stand reached the family: the first, and the moved one's new one.
    const received = await smtp.waitFor(2);
    expect(smtp.messages).toHaveLength(2);
    expect(received.every((m) => m.to.includes('pat@family.example'))).toBe(true);
  });
});
