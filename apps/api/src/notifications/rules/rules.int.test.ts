import { retentionDate } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { seedBasics, sessionFor, type Basics } from '../../../test/fixtures.js';
import { countStatements } from '../../../test/statements.js';
import { AgreementParticipant, ContactAgreement } from '../../agreements/agreement.entity.js';
import { AgreementService } from '../../agreements/agreement.service.js';
import { applyThreeStrikes } from '../../agreements/three-strikes.service.js';
import type { Viewer } from '../../auth/viewer.js';
import { make } from '../../db/make.js';
import { Observation } from '../../observations/observation.entity.js';
import { Carer, Child, ChildCase, ChildFamilyMember, FamilyMember } from '../../people/child.entity.js';
import { StaffUser } from '../../people/staff-user.entity.js';
import { EVENT_COLUMNS, toLiveEvent, type LiveEvent } from '../../realtime/live-event.js';
import { escalateOverdueFlags } from '../../safeguarding/escalation.job.js';
import { FlagService } from '../../safeguarding/flag.service.js';
import { AttendanceService } from '../../sessions/attendance.service.js';
import { Attendance, Session } from '../../sessions/session.entity.js';
import { recordSessionEvent } from '../../sessions/session-events.js';
import { SessionService } from '../../sessions/session.service.js';
import type { PlannedMessage } from '../purposes.js';
import { planDue, planForEvents } from './index.js';

// Wednesday 18 November 2026, noon in London (GMT).
const NOW = new Date('2026-11-18T12:00:00Z');
const HOUR = 3_600_000;
const every = { supports: () => true };
const none = { supports: () => false };

let db: TestDatabase;
let b: Basics;
let manager: Viewer;
let worker: Viewer;
let secondManager: StaffUser;
// Every session gets an hour of its own in the week after NOW, so that no two hold a room or a supervisor at once.
let nextSlot = 0;
const slot = () => new Date(Date.parse('2026-11-23T08:00:00Z') + 3 * HOUR * nextSlot++);

interface Family {
  child: Child;
  agreement: ContactAgreement;
  carer: Carer;
  /** Holds parental responsibility; email and address; prefers email. */
  pat: FamilyMember;
  /** No parental responsibility; a mobile number only. */
  quin: FamilyMember;
  /** The child's open case, with an independent reviewing officer who has an email. */
  childCase: ChildCase;
}

const em = () => db.orm.em.fork();

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedBasics(em(), 'Messages Council');
  const e = em();
  secondManager = make(StaffUser, {
    councilId: b.council.id,
    centreId: b.centre.id,
    name: 'Meg Second',
    email: 'meg.second@messages.example',
    role: 'centre_manager',
  });
  e.persist(secondManager);
  await e.nativeUpdate(StaffUser, { id: b.manager.id }, { mobile: '07700 900001' });
  await e.flush();
  manager = {
    userId: b.manager.id,
    councilId: b.council.id,
    role: 'centre_manager',
    centreId: b.centre.id,
    name: b.manager.name,
  };
  worker = {
    userId: b.socialWorker.id,
    councilId: b.council.id,
    role: 'social_worker',
    centreId: b.centre.id,
    name: b.socialWorker.name,
  };
});
afterAll(() => db.drop());

/** A child of the social worker's caseload with a carer, and an active agreement with two family members. */
async function family(): Promise<Family> {
  const e = em();
  const carer = make(Carer, {
    councilId: b.council.id,
    name: 'Carys Carer',
    address: '9 Foster Row',
    email: 'carys@carers.example',
    phone: '07700 900200',
  });
  const child = make(Child, {
    councilId: b.council.id,
    firstName: 'Alex',
    lastName: 'Brook',
    dateOfBirth: '2018-03-01',
    retainUntil: retentionDate({ dateOfBirth: '2018-03-01' }),
    carerId: carer.id,
  });
  const pat = make(FamilyMember, {
    councilId: b.council.id,
    firstName: 'Pat',
    lastName: 'Parent',
    email: 'pat@family.example',
    address: '2 High Street, Newtown, NT1 2AB',
  });
  const quin = make(FamilyMember, {
    councilId: b.council.id,
    firstName: 'Quin',
    lastName: 'Aunt',
    phone: '07700 900300',
  });
  const agreement = make(ContactAgreement, {
    councilId: b.council.id,
    childId: child.id,
    centreId: b.centre.id,
    contactType: 'supervised',
    supervisionLevel: b.agreement.supervisionLevel,
    supervisionReasons: b.agreement.supervisionReasons,
    riskFactors: b.agreement.riskFactors,
    sessionsPerWeek: 2,
    sessionMinutes: 60,
    transportPlan: 'Taxi',
    signedAt: new Date('2026-01-01T10:00:00Z'),
    signedBy: 'Pat Parent',
    status: 'active',
    reviewDate: '2027-06-01',
    createdById: b.socialWorker.id,
  });
  e.persist([carer, child, pat, quin, agreement]);
  const childCase = make(ChildCase, {
    councilId: b.council.id,
    childId: child.id,
    socialWorkerId: b.socialWorker.id,
    reviewingOfficerName: 'Rae Reviewer',
    reviewingOfficerEmail: 'rae.iro@council.example',
  });
  e.persist(childCase);
  for (const [m, pr] of [
    [pat, true],
    [quin, false],
  ] as const) {
    e.persist(
      make(AgreementParticipant, {
        councilId: b.council.id,
        agreementId: agreement.id,
        familyMemberId: m.id,
      }),
    );
    e.persist(
      make(ChildFamilyMember, {
        councilId: b.council.id,
        childId: child.id,
        familyMemberId: m.id,
        relationship: pr ? 'mother' : 'aunt',
        parentalResponsibility: pr,
      }),
    );
  }
  await e.flush();
  return { child, agreement, carer, pat, quin, childCase };
}

async function book(f: Family, startsAt = slot(), over: Partial<Session> = {}): Promise<Session> {
  const e = em();
  const s = sessionFor({ ...b, child: f.child, agreement: f.agreement }, startsAt, 60, over);
  e.persist(s);
  await e.flush();
  return s;
}

async function lastEventId(): Promise<string> {
  const r = await db.sql('select coalesce(max(id), 0)::text as id from event');
  return r.rows[0].id as string;
}

/** The outbox events written by `change`, in order. */
async function eventsOf(change: () => Promise<unknown>): Promise<LiveEvent[]> {
  const from = await lastEventId();
  await change();
  const r = await db.sql(`select ${EVENT_COLUMNS} from event where id > $1 order by id`, [from]);
  return r.rows.map(toLiveEvent);
}

/** A plan as `purpose recipient channel [not sent reason]` lines, sorted, for exact comparison. */
function lines(plan: readonly PlannedMessage[], names: Record<string, string>): string[] {
  return plan
    .map((p) =>
      [p.purpose, names[p.recipientId] ?? p.recipientId, p.channel, p.notSentReason ?? ''].join(' ').trim(),
    )
    .sort();
}

function namesOf(f: Family): Record<string, string> {
  return {
    [f.pat.id]: 'pat',
    [f.quin.id]: 'quin',
    [f.carer.id]: 'carer',
    [f.childCase.id]: 'iro',
    [b.socialWorker.id]: 'worker',
    [b.manager.id]: 'manager',
    [secondManager.id]: 'meg',
  };
}

let suspensions = 0;

/**
 * Three unexplained no-shows in a row, then the three-strikes rule applied: the agreement suspended, its two booked
 * sessions cancelled. The outbox events it wrote, in order.
 */
async function suspend(f: Family): Promise<LiveEvent[]> {
  const e = em();
  // Each family's missed sessions three hours apart from every other's, so that none holds a room at once.
  const shift = suspensions++ * 3 * HOUR;
  const past = [-9, -7, -5].map((d) => new Date(NOW.getTime() + d * 24 * HOUR + shift));
  for (const startsAt of past) {
    const s = sessionFor({ ...b, child: f.child, agreement: f.agreement }, startsAt, 60, {
      status: 'not_attended',
      roomId: b.rooms[1]!.id,
      supervisorId: b.supervisors[1]!.id,
    });
    e.persist(s);
    e.persist(make(Attendance, { councilId: b.council.id, sessionId: s.id, outcome: 'unexplained_no_show' }));
  }
  await e.flush();
  // Spread the test families' past sessions apart.
  await book(f);
  await book(f);
  return eventsOf(() =>
    em().transactional(async (tx) => {
      expect(await applyThreeStrikes(tx, manager, f.agreement.id, NOW)).toBe(true);
      await tx.flush();
    }),
  );
}

const cancel = (s: Session, reason: 'child_ill' | 'other' = 'child_ill') =>
  new SessionService(em(), manager, NOW).cancel({
    sessionId: s.id,
    expectedVersion: s.version,
    reason,
    note: reason === 'other' ? 'Room flooded' : null,
  });

describe('planForEvents: a session cancelled by the centre', () => {
  it('tells each family member, the carer and the social worker, each once, by their channel', async () => {
    const f = await family();
    const s = await book(f);
    const events = await eventsOf(() => cancel(s));
    const plan = await planForEvents(em(), events, every);
    expect(lines(plan, namesOf(f))).toEqual([
      'session_cancelled_carer carer email',
      'session_cancelled_family pat email',
      'session_cancelled_family quin sms',
      'session_cancelled_social_worker worker email',
    ]);
    const event = events.find((e) => e.kind === 'cancelled')!;
    for (const p of plan) {
      expect(p).toMatchObject({
        councilId: b.council.id,
        eventId: event.id,
        languages: 'en',
        about: { centreId: b.centre.id, childId: f.child.id, sessionId: s.id, agreementId: f.agreement.id },
      });
      expect(p.dedupeKey).toContain(`event:${event.id}`);
    }
    expect(new Set(plan.map((p) => p.dedupeKey)).size).toBe(plan.length);
    // Planned again (a retry after a crash): the very same keys, so nothing is stored twice.
    const again = await planForEvents(em(), events, every);
    expect(again.map((p) => p.dedupeKey).sort()).toEqual(plan.map((p) => p.dedupeKey).sort());
  });

  it('follows a preference it can use, and the council’s Welsh', async () => {
    const f = await family();
    const s = await book(f);
    await em().nativeUpdate(FamilyMember, { id: f.pat.id }, { contactBy: 'letter' });
    await em().nativeUpdate(Carer, { id: f.carer.id }, { contactBy: 'sms' });
    await db.sql(`update council set message_languages = 'cy_en' where id = $1`, [b.council.id]);
    try {
      const plan = await planForEvents(em(), await eventsOf(() => cancel(s)), every);
      expect(lines(plan, namesOf(f))).toEqual([
        'session_cancelled_carer carer sms',
        'session_cancelled_family pat letter',
        'session_cancelled_family quin sms',
        'session_cancelled_social_worker worker email',
      ]);
      expect(new Set(plan.map((p) => p.languages))).toEqual(new Set(['cy_en']));
    } finally {
      await db.sql(`update council set message_languages = 'en' where id = $1`, [b.council.id]);
    }
  });

  it('records do not contact, no contact details and channels not configured as not sent', async () => {
    const f = await family();
    const s = await book(f);
    await em().nativeUpdate(
      FamilyMember,
      { id: f.pat.id },
      { doNotContact: true, doNotContactReason: 'Court order' },
    );
    await em().nativeUpdate(FamilyMember, { id: f.quin.id }, { phone: '01632 960000' });
    const events = await eventsOf(() => cancel(s));
    expect(lines(await planForEvents(em(), events, every), namesOf(f))).toEqual([
      'session_cancelled_carer carer email',
      'session_cancelled_family pat email do_not_contact',
      'session_cancelled_family quin email no_contact_details',
      'session_cancelled_social_worker worker email',
    ]);
    expect(lines(await planForEvents(em(), events, none), namesOf(f))).toEqual([
      'session_cancelled_carer carer email channel_not_configured',
      'session_cancelled_family pat email do_not_contact',
      'session_cancelled_family quin email no_contact_details',
      'session_cancelled_social_worker worker email channel_not_configured',
    ]);
  });
});

describe('planForEvents: sessions cancelled because the agreement stopped', () => {
  it('sends the family the suspension notice (letter and email to the parent with parental responsibility), not a message per session', async () => {
    const f = await family();
    const events = await suspend(f);
    expect(events.map((ev) => `${ev.topic} ${ev.kind}`)).toEqual([
      'session cancelled',
      'session cancelled',
      'agreement suspended',
    ]);
    expect(lines(await planForEvents(em(), events, every), namesOf(f))).toEqual([
      'session_cancelled_carer carer email',
      'session_cancelled_carer carer email',
      'session_cancelled_social_worker worker email',
      'session_cancelled_social_worker worker email',
      'suspension_notice_family pat email',
      'suspension_notice_family pat letter',
      'suspension_notice_reviewing_officer iro email',
      'suspension_social_worker worker email',
    ]);
    // Each event planned on its own (a batch boundary between them) gives the same.
    const oneByOne = (await Promise.all(events.map((ev) => planForEvents(em(), [ev], every)))).flat();
    expect(lines(oneByOne, namesOf(f))).toEqual(lines(await planForEvents(em(), events, every), namesOf(f)));
  });

  it('tells the child’s reviewing officer by email; recorded as not sent when the case has no IRO email, and none without an open case', async () => {
    const toIro = (plan: PlannedMessage[], f: Family) =>
      lines(plan, namesOf(f)).filter((l) => l.startsWith('suspension_notice_reviewing_officer'));

    const withoutEmail = await family();
    await em().nativeUpdate(ChildCase, { id: withoutEmail.childCase.id }, { reviewingOfficerEmail: null });
    expect(toIro(await planForEvents(em(), await suspend(withoutEmail), every), withoutEmail)).toEqual([
      'suspension_notice_reviewing_officer iro email no_contact_details',
    ]);

    const notSetUp = await family();
    expect(toIro(await planForEvents(em(), await suspend(notSetUp), none), notSetUp)).toEqual([
      'suspension_notice_reviewing_officer iro email channel_not_configured',
    ]);

    const noCase = await family();
    await em().nativeUpdate(ChildCase, { id: noCase.childCase.id }, { closedAt: new Date() });
    const plan = await planForEvents(em(), await suspend(noCase), every);
    expect(toIro(plan, noCase)).toEqual([]);
    expect(lines(plan, namesOf(noCase)).filter((l) => l.startsWith('suspension_notice_family'))).toEqual([
      'suspension_notice_family pat email',
      'suspension_notice_family pat letter',
    ]);
  });

  it('sends the family nothing per session when the social worker ends the agreement', async () => {
    const f = await family();
    await book(f);
    const a = await em().findOneOrFail(ContactAgreement, { id: f.agreement.id });
    const events = await eventsOf(() =>
      new AgreementService(em(), worker, NOW).end(a.id, 'Moving away', a.version),
    );
    expect(lines(await planForEvents(em(), events, every), namesOf(f))).toEqual([
      'session_cancelled_carer carer email',
      'session_cancelled_social_worker worker email',
    ]);
  });

  it('still tells the family of a session the centre cancelled before the agreement ended', async () => {
    const f = await family();
    const s = await book(f);
    await book(f);
    const cancelled = await eventsOf(() => cancel(s, 'other'));
    const a = await em().findOneOrFail(ContactAgreement, { id: f.agreement.id });
    const ended = await eventsOf(() =>
      new AgreementService(em(), worker, new Date(NOW.getTime() + 60_000)).end(
        a.id,
        'Moving away',
        a.version,
      ),
    );
    const toFamily = lines(await planForEvents(em(), [...cancelled, ...ended], every), namesOf(f)).filter(
      (l) => l.startsWith('session_cancelled_family'),
    );
    expect(toFamily).toEqual(['session_cancelled_family pat email', 'session_cancelled_family quin sms']);
  });
});

describe('planForEvents: absence notices and flags', () => {
  it('tells the social worker of an absence notice', async () => {
    const f = await family();
    const s = await book(f);
    const events = await eventsOf(() =>
      new AttendanceService(em(), manager, NOW).recordAbsenceNotice({
        sessionId: s.id,
        receivedAt: NOW,
        givenBy: 'Pat Parent',
        reason: 'Bus strike',
      }),
    );
    expect(lines(await planForEvents(em(), events, every), namesOf(f))).toEqual([
      'absence_notice_social_worker worker email',
    ]);
  });

  it('tells the social worker of a flag raised, and every manager of the centre by email and text when it escalates', async () => {
    const f = await family();
    const raisedAt = new Date(Date.now() - HOUR);
    const raised = await eventsOf(() =>
      new FlagService(em(), manager, raisedAt).raise({
        childId: f.child.id,
        category: 'neglect',
        severity: 'high',
        description: 'Concern',
      }),
    );
    expect(lines(await planForEvents(em(), raised, every), namesOf(f))).toEqual([
      'flag_raised_social_worker worker email',
    ]);
    expect(raised[0]!.subjectId).toBeTruthy();
    const escalated = await eventsOf(() => escalateOverdueFlags(em(), new Date(Date.now() + 24 * HOUR)));
    const mine = escalated.filter((ev) => ev.subjectId === raised[0]!.subjectId);
    expect(mine).toHaveLength(1);
    expect(lines(await planForEvents(em(), mine, every), namesOf(f))).toEqual([
      'flag_escalated_manager manager email',
      'flag_escalated_manager manager sms',
      'flag_escalated_manager meg email',
      'flag_escalated_manager meg sms no_contact_details',
    ]);
  });

  it('plans nothing, and reads nothing, for events no message is about', async () => {
    const f = await family();
    const s = await book(f);
    const events = await eventsOf(() =>
      em().transactional(async (tx) => {
        recordSessionEvent(tx, await tx.findOneOrFail(Session, { id: s.id }), 'booked');
        await tx.flush();
      }),
    );
    expect(events).toHaveLength(1);
    const seen = await countStatements({ db }, () => planForEvents(em(), events, every));
    expect(seen).toEqual([]);
  });
});

describe('planForEvents: one batch, a bounded number of statements', () => {
  it('reads the same number of statements for twelve cancellations as for one', async () => {
    const one = await family();
    const lone = await book(one);
    const first = await eventsOf(() => cancel(lone));
    const many: LiveEvent[] = [];
    for (let i = 0; i < 4; i++) {
      const f = await family();
      for (let j = 0; j < 3; j++) many.push(...(await eventsOf(async () => cancel(await book(f)))));
    }
    const few = await countStatements({ db }, () => planForEvents(em(), first, every));
    const lots = await countStatements({ db }, () => planForEvents(em(), many, every));
    expect(lots.length).toBe(few.length);
    expect(few.length).toBeLessThanOrEqual(6);
    expect((await planForEvents(em(), many, every)).length).toBe(12 * 4);
  });
});

describe('planDue: the day-before reminder', () => {
  it('is planned from 10:00 London the day before, for each family member with their channel, once per start', async () => {
    const f = await family();
    // Tuesday 1 December 2026, 16:00 London (GMT).
    const s = await book(f, new Date('2026-12-01T16:00:00Z'));
    const at = (iso: string) =>
      planDue(em(), new Date(iso), every).then((p) => p.filter((m) => m.about.sessionId === s.id));
    expect(await at('2026-11-30T09:59:00Z')).toEqual([]);
    const due = await at('2026-11-30T10:00:00Z');
    expect(lines(due, namesOf(f))).toEqual([
      'session_reminder_family pat email',
      'session_reminder_family quin sms',
    ]);
    for (const p of due) {
      expect(p.eventId).toBeNull();
      expect(p.dedupeKey).toContain(`session:${s.id}@2026-12-01T16:00:00.000Z`);
    }
    // Later the same day: the same keys (nothing new is stored).
    expect((await at('2026-11-30T18:00:00Z')).map((p) => p.dedupeKey)).toEqual(due.map((p) => p.dedupeKey));
    expect(await at('2026-12-01T16:00:00Z')).toEqual([]);
  });

  it('reminds again for a session moved to another time, and never for a cancelled session, a meeting, or a session the family said they cannot come to', async () => {
    const f = await family();
    const s = await book(f, new Date('2026-12-02T15:00:00Z'));
    const meeting = await book(f, new Date('2026-12-02T11:00:00Z'), { kind: 'planning_meeting' });
    const now = new Date('2026-12-01T11:00:00Z');
    const before = (await planDue(em(), now, every)).filter((m) => m.about.sessionId === s.id);
    await em().nativeUpdate(
      Session,
      { id: s.id },
      {
        startsAt: new Date('2026-12-02T17:00:00Z'),
        endsAt: new Date('2026-12-02T18:00:00Z'),
      },
    );
    const after = (await planDue(em(), now, every)).filter((m) => m.about.sessionId === s.id);
    expect(after).toHaveLength(2);
    expect(after.map((p) => p.dedupeKey).filter((k) => before.some((p) => p.dedupeKey === k))).toEqual([]);
    const noticed = await book(f, new Date('2026-12-02T19:00:00Z'));
    await new AttendanceService(em(), manager, now).recordAbsenceNotice({
      sessionId: noticed.id,
      receivedAt: now,
      givenBy: 'Pat Parent',
      reason: 'Working late',
    });
    await cancel(await em().findOneOrFail(Session, { id: s.id }));
    const plan = await planDue(em(), now, every);
    expect(plan.filter((m) => [s.id, meeting.id, noticed.id].includes(m.about.sessionId ?? ''))).toEqual([]);
  });
});

describe('planDue: a record gone overdue', () => {
  it('tells every manager of the centre by email, once per record, and not of records long overdue', async () => {
    const f = await family();
    const e = em();
    const ended = (daysAgo: number) => {
      const startsAt = new Date(NOW.getTime() - daysAgo * 24 * HOUR - 4 * HOUR);
      return sessionFor({ ...b, child: f.child, agreement: f.agreement }, startsAt, 60, {
        status: 'ended',
        startedAt: startsAt,
        endedAt: new Date(startsAt.getTime() + HOUR),
        roomId: b.rooms[1]!.id,
        supervisorId: b.supervisors[1]!.id,
      });
    };
    const recent = ended(10);
    const old = ended(40);
    const unstarted = ended(9);
    e.persist([recent, old, unstarted]);
    for (const s of [recent, old]) {
      e.persist(
        make(Observation, {
          councilId: b.council.id,
          sessionId: s.id,
          childId: f.child.id,
          authorId: b.supervisors[1]!.id,
          dueAt: new Date(s.endsAt.getTime() + 7 * 24 * HOUR),
        }),
      );
    }
    await e.flush();
    const plan = (await planDue(em(), NOW, every)).filter((p) => p.about.childId === f.child.id);
    expect(lines(plan, namesOf(f))).toEqual([
      'record_overdue_manager manager email',
      'record_overdue_manager manager email',
      'record_overdue_manager meg email',
      'record_overdue_manager meg email',
    ]);
    expect(new Set(plan.map((p) => p.about.sessionId))).toEqual(new Set([recent.id, unstarted.id]));
    expect(plan.find((p) => p.about.sessionId === recent.id)?.about.observationId).toBeTruthy();
    expect(plan.find((p) => p.about.sessionId === unstarted.id)?.about.observationId).toBeNull();
    for (const p of plan) expect(p.dedupeKey).toContain(`record:${p.about.sessionId}`);
  });
});
