import {
  DEFAULT_OPENING_HOURS,
  figureWeeks,
  median,
  reportDueDate,
  retentionDate,
  type AttendanceOutcome,
  type ObservationStatus,
  type SessionStatus,
} from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { seedBasics, sessionFor, type Basics } from '../../test/fixtures.js';
import { countStatements } from '../../test/statements.js';
import { collect, wsClient } from '../../test/ws.js';
import { recordEvent } from '../realtime/event-log.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import { Centre } from '../centres/centre.entity.js';
import { make } from '../db/make.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Observation } from '../observations/observation.entity.js';
import { Child, ChildCase } from '../people/child.entity.js';
import { FlagAcknowledgement, SafeguardingFlag } from '../safeguarding/flag.entity.js';
import { Attendance } from '../sessions/session.entity.js';

// Wednesday 18 November 2026, noon: the figures' current week began on Monday 16 November.
const NOW = new Date('2026-11-18T12:00:00Z');
const OTHER_MANAGER = 'oona.other@figures.example';
const OPEN_HOURS_A_WEEK = 7 * 16; // the fixtures' centre is open 07:00 to 23:00 every day

const FIGURES = `query($c: ID!, $w: Int) { centreFigures(centreId: $c, weeks: $w) {
  centreId centreName
  weeks { ...P }
  total { ...P }
} }
fragment P on FiguresPeriod {
  from to attendanceRate sessionsAttended sessionsRecorded unexplainedAbsences
  medianDaysToFirstSession agreementsStarted reportsOnTimeRate reportsOnTime reportsDue
  medianMinutesToAcknowledge flagsAcknowledged flagsUnacknowledged
  allRooms { roomId roomName bookedHours openHours rate }
  rooms { roomId roomName bookedHours openHours rate }
}`;

interface Period {
  from: string;
  to: string;
  attendanceRate: number | null;
  sessionsAttended: number;
  sessionsRecorded: number;
  unexplainedAbsences: number;
  medianDaysToFirstSession: number | null;
  agreementsStarted: number;
  reportsOnTimeRate: number | null;
  reportsOnTime: number;
  reportsDue: number;
  medianMinutesToAcknowledge: number | null;
  flagsAcknowledged: number;
  flagsUnacknowledged: number;
  allRooms: {
    roomId: string | null;
    roomName: string;
    bookedHours: number;
    openHours: number;
    rate: number | null;
  };
  rooms: {
    roomId: string | null;
    roomName: string;
    bookedHours: number;
    openHours: number;
    rate: number | null;
  }[];
}
interface Figures {
  centreFigures: { centreId: string; centreName: string; weeks: Period[]; total: Period };
}

let api: TestApi;
let b: Basics;
let otherCentreId: string;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  api = await startTestApi({ now: NOW, clock: () => NOW });
  const em = api.db.orm.em.fork();
  b = await seedBasics(em, 'Figures Council');
  const [willow, oak] = b.rooms as [Basics['rooms'][0], Basics['rooms'][0]];

  // Two more families: one signed on Tuesday 10 November who first met on Thursday 12, one whose first session
  // was before the range.
  const family = (name: string, signedAt: Date) => {
    const child = make(Child, {
      councilId: b.council.id,
      firstName: name,
      lastName: 'Figures',
      dateOfBirth: '2018-05-05',
      retainUntil: retentionDate({ dateOfBirth: '2018-05-05' }),
    });
    const a = b.agreement;
    const agreement = make(ContactAgreement, {
      councilId: a.councilId,
      childId: child.id,
      centreId: a.centreId,
      contactType: a.contactType,
      supervisionLevel: a.supervisionLevel,
      supervisionReasons: a.supervisionReasons,
      riskFactors: a.riskFactors,
      sessionsPerWeek: a.sessionsPerWeek,
      sessionMinutes: a.sessionMinutes,
      transportPlan: a.transportPlan,
      signedAt,
      signedBy: a.signedBy,
      status: 'active',
      reviewDate: a.reviewDate,
      createdById: a.createdById,
    });
    em.persist([
      child,
      agreement,
      make(ChildCase, { councilId: b.council.id, childId: child.id, socialWorkerId: b.socialWorker.id }),
    ]);
    return { ...b, child, agreement };
  };
  const second = family('Second', at('2026-11-10T09:00:00Z'));
  const earlier = family('Earlier', at('2026-10-01T09:00:00Z'));

  const held = (
    who: Basics,
    startsAt: string,
    status: SessionStatus,
    outcome: AttendanceOutcome | null,
    room = willow,
    report?: { status: ObservationStatus; finalisedAt?: string },
  ) => {
    const took = status === 'ended';
    const s = sessionFor(who, at(startsAt), 60, { roomId: room.id, status });
    if (took) Object.assign(s, { startedAt: s.startsAt, endedAt: s.endsAt });
    if (status === 'cancelled')
      Object.assign(s, {
        cancelledAt: s.startsAt,
        cancellationReason: 'other',
        cancelledById: who.manager.id,
      });
    em.persist(s);
    if (outcome) em.persist(make(Attendance, { councilId: b.council.id, sessionId: s.id, outcome }));
    if (report) {
      em.persist(
        make(Observation, {
          councilId: b.council.id,
          sessionId: s.id,
          childId: s.childId,
          authorId: s.supervisorId,
          status: report.status,
          dueAt: reportDueDate(s.endsAt, 'england_and_wales'),
          finalisedAt: report.finalisedAt ? at(report.finalisedAt) : null,
          contentHash: report.status === 'final' ? 'seeded' : null,
        }),
      );
    }
    return s;
  };

  // Friday 27 March 2026, before Easter: its report was due on Tuesday 7 April, after Good Friday and Easter Monday.
  held(earlier, '2026-03-27T10:00:00Z', 'ended', 'attended');
  // Before the range: its report, due on Monday 2 November, was final in time.
  held(earlier, '2026-10-26T10:00:00Z', 'ended', 'attended', willow, {
    status: 'final',
    finalisedAt: '2026-10-30T12:00:00Z',
  });
  // Week of 2 November.
  held(b, '2026-11-02T10:00:00Z', 'ended', 'attended', willow, {
    status: 'final',
    finalisedAt: '2026-11-06T12:00:00Z', // due Monday 9 November: on time
  });
  held(b, '2026-11-03T10:00:00Z', 'ended', 'late_within_grace', willow, {
    status: 'final',
    finalisedAt: '2026-11-12T12:00:00Z', // due Tuesday 10 November: late
  });
  held(b, '2026-11-04T10:00:00Z', 'not_attended', 'unexplained_no_show');
  held(b, '2026-11-05T10:00:00Z', 'cancelled', 'centre_cancelled');
  // Week of 9 November.
  held(b, '2026-11-09T10:00:00Z', 'ended', 'attended'); // report never opened, due Monday 16: overdue now
  held(b, '2026-11-11T14:00:00Z', 'ended', 'attended', oak, { status: 'draft' }); // due Wednesday 18: not yet
  held(second, '2026-11-10T16:00:00Z', 'cancelled', null); // never took place: not a first session
  held(second, '2026-11-12T10:00:00Z', 'ended', 'attended');
  // This week: a booking still to come.
  held(b, '2026-11-19T10:00:00Z', 'scheduled', null, oak);

  const flag = (raisedAt: string, acknowledged: string[]) => {
    const f = make(SafeguardingFlag, {
      councilId: b.council.id,
      centreId: b.centre.id,
      childId: b.child.id,
      category: 'other',
      severity: 'low',
      description: 'A concern',
      raisedById: b.supervisors[0]!.id,
      raisedAt: at(raisedAt),
      acknowledgeBy: at('2026-12-31T00:00:00Z'),
      status: acknowledged.length ? 'acknowledged' : 'open',
    });
    em.persist(f);
    acknowledged.forEach((when, i) =>
      em.persist(
        make(FlagAcknowledgement, {
          councilId: b.council.id,
          flagId: f.id,
          userId: i === 0 ? b.manager.id : b.socialWorker.id,
          acknowledgedAt: at(when),
        }),
      ),
    );
  };
  flag('2026-11-03T09:00:00Z', ['2026-11-03T09:05:00Z']); // 5 minutes
  flag('2026-11-10T09:00:00Z', ['2026-11-10T09:20:00Z', '2026-11-10T10:00:00Z']); // 20: the first counts
  flag('2026-11-11T12:00:00Z', ['2026-11-11T13:00:00Z']); // 60 minutes
  flag('2026-11-12T08:00:00Z', []); // still unacknowledged
  // Either side of midnight at the end of Sunday 12 July, in summer time: 23:30 and 00:30 in London.
  flag('2026-07-12T22:30:00Z', []);
  flag('2026-07-12T23:30:00Z', []);
  // The manager of the council's other centre.
  const otherCentre = make(Centre, {
    councilId: b.council.id,
    name: 'Figures Council Other Centre',
    address: '2 Test Street',
    openingHours: DEFAULT_OPENING_HOURS,
  });
  otherCentreId = otherCentre.id;
  em.persist([
    otherCentre,
    make(StaffUser, {
      councilId: b.council.id,
      centreId: otherCentre.id,
      name: 'Oona Other',
      email: OTHER_MANAGER,
      role: 'centre_manager',
    }),
  ]);
  await em.flush();
});
afterAll(() => api.close());

async function figures(weeks = 3, email = b.manager.email) {
  return api.gql<Figures>(await api.tokenFor(email), FIGURES, { c: b.centre.id, w: weeks });
}

describe('centreFigures: a small known range', () => {
  it('has one period per London week, oldest first, and the range', async () => {
    const r = await figures();
    expect(r.errors).toBeUndefined();
    const f = r.data!.centreFigures;
    expect(f).toMatchObject({ centreId: b.centre.id, centreName: 'Figures Council Centre' });
    expect(f.weeks.map((w) => [w.from, w.to])).toEqual([
      ['2026-11-02', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-22'],
    ]);
    expect([f.total.from, f.total.to]).toEqual(['2026-11-02', '2026-11-22']);
  });

  it('counts attendance over recorded sessions, leaving out the centre’s cancellation', async () => {
    const [w1, w2, w3] = (await figures()).data!.centreFigures.weeks;
    const total = (await figures()).data!.centreFigures.total;
    expect(w1).toMatchObject({ sessionsAttended: 2, sessionsRecorded: 3, unexplainedAbsences: 1 });
    expect(w1!.attendanceRate).toBeCloseTo(2 / 3);
    expect(w2).toMatchObject({
      sessionsAttended: 3,
      sessionsRecorded: 3,
      attendanceRate: 1,
      unexplainedAbsences: 0,
    });
    expect(w3).toMatchObject({ sessionsRecorded: 0, attendanceRate: null, unexplainedAbsences: 0 });
    expect(total).toMatchObject({ sessionsAttended: 5, sessionsRecorded: 6, unexplainedAbsences: 1 });
  });

  it('measures signing to the first contact that took place, in the week of that session', async () => {
    const f = (await figures()).data!.centreFigures;
    expect(f.weeks[0]).toMatchObject({ agreementsStarted: 1, medianDaysToFirstSession: 305 });
    expect(f.weeks[1]).toMatchObject({ agreementsStarted: 1, medianDaysToFirstSession: 2 });
    expect(f.weeks[2]).toMatchObject({ agreementsStarted: 0, medianDaysToFirstSession: null });
    // The agreement whose first session came before the range is not counted in it.
    expect(f.total).toMatchObject({ agreementsStarted: 2, medianDaysToFirstSession: median([305, 2]) });
  });

  it('counts reports by their due week: final in time, late, and one nobody opened; not one still to fall due', async () => {
    const f = (await figures()).data!.centreFigures;
    expect(f.weeks[0]).toMatchObject({ reportsDue: 1, reportsOnTime: 1, reportsOnTimeRate: 1 });
    expect(f.weeks[1]).toMatchObject({ reportsDue: 2, reportsOnTime: 1, reportsOnTimeRate: 0.5 });
    expect(f.weeks[2]).toMatchObject({ reportsDue: 1, reportsOnTime: 0, reportsOnTimeRate: 0 });
    expect(f.total).toMatchObject({ reportsDue: 4, reportsOnTime: 2, reportsOnTimeRate: 0.5 });
  });

  it('takes the median minutes to the first acknowledgement, and counts the flags nobody acknowledged', async () => {
    const f = (await figures()).data!.centreFigures;
    expect(f.weeks[0]).toMatchObject({
      medianMinutesToAcknowledge: 5,
      flagsAcknowledged: 1,
      flagsUnacknowledged: 0,
    });
    expect(f.weeks[1]).toMatchObject({
      medianMinutesToAcknowledge: 40,
      flagsAcknowledged: 2,
      flagsUnacknowledged: 1,
    });
    expect(f.weeks[2]).toMatchObject({ medianMinutesToAcknowledge: null, flagsAcknowledged: 0 });
    expect(f.total).toMatchObject({
      medianMinutesToAcknowledge: median([5, 20, 60]),
      flagsAcknowledged: 3,
      flagsUnacknowledged: 1,
    });
  });

  it('sets each room’s booked hours against the hours the centre was open, cancelled sessions left out', async () => {
    const f = (await figures()).data!.centreFigures;
    const use = (p: Period) => p.rooms.map((r) => [r.roomName, r.bookedHours, r.openHours]);
    expect(use(f.weeks[0]!)).toEqual([
      ['Oak', 0, OPEN_HOURS_A_WEEK],
      ['Willow', 3, OPEN_HOURS_A_WEEK],
    ]);
    expect(use(f.weeks[1]!)).toEqual([
      ['Oak', 1, OPEN_HOURS_A_WEEK],
      ['Willow', 2, OPEN_HOURS_A_WEEK],
    ]);
    expect(use(f.weeks[2]!)).toEqual([
      ['Oak', 1, OPEN_HOURS_A_WEEK],
      ['Willow', 0, OPEN_HOURS_A_WEEK],
    ]);
    expect(f.weeks[0]!.rooms[1]!.rate).toBeCloseTo(3 / OPEN_HOURS_A_WEEK);
    expect(f.total.allRooms).toMatchObject({ roomId: null, roomName: 'All rooms', bookedHours: 7 });
    expect(f.total.allRooms.openHours).toBe(3 * 2 * OPEN_HOURS_A_WEEK);
    expect(f.total.allRooms.rate).toBeCloseTo(7 / (3 * 2 * OPEN_HOURS_A_WEEK));
  });

  it('puts each record in its London week, as the domain counts weeks, in summer time too', async () => {
    const weeks = (await figures(52)).data!.centreFigures.weeks;
    expect(weeks.map((w) => w.from)).toEqual(figureWeeks(NOW, 52));
    const unacknowledged = (from: string) => weeks.find((w) => w.from === from)!.flagsUnacknowledged;
    expect(unacknowledged('2026-07-06')).toBe(1);
    expect(unacknowledged('2026-07-13')).toBe(1);
  });

  it('counts a report’s working days without bank holidays, as the domain does', async () => {
    const weeks = (await figures(52)).data!.centreFigures.weeks;
    const due = (from: string) => weeks.find((w) => w.from === from)!.reportsDue;
    expect(due('2026-03-30')).toBe(0);
    expect(due('2026-04-06')).toBe(1);
  });

  it('asks the database the same number of statements for 3 weeks as for 52', async () => {
    const token = await api.tokenFor(b.manager.email);
    const run = (w: number) => countStatements(api, () => api.gql(token, FIGURES, { c: b.centre.id, w }));
    const few = await run(3);
    const many = await run(52);
    expect(many.length).toBe(few.length);
    expect(few.length).toBeLessThanOrEqual(12);
  });
});

describe('centreFigures: need to know', () => {
  it('is NOT_FOUND for the manager of the council’s other centre', async () => {
    const r = await figures(3, OTHER_MANAGER);
    expect(r.data?.centreFigures ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is NOT_FOUND for another council’s manager, as for a centre that does not exist', async () => {
    const other = await api.gql(await api.tokenFor(DEMO.manager), FIGURES, { c: b.centre.id, w: 3 });
    const none = await api.gql(await api.tokenFor(DEMO.manager), FIGURES, {
      c: '00000000-0000-4000-8000-000000000000',
      w: 3,
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(other.errors?.[0]?.message).toBe(none.errors?.[0]?.message);
  });

  it.each([
    ['a supervisor of the centre', () => b.supervisors[0]!.email],
    ['the child’s social worker', () => b.socialWorker.email],
    ['the council’s admin', () => DEMO.admin],
    ['an integration', () => DEMO.integrator],
  ])('is refused to %s', async (_who, email) => {
    const r = await figures(3, email());
    expect(r.data?.centreFigures ?? null).toBeNull();
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(r.errors?.[0]?.extensions?.code);
  });

  it.each([0, 53, -2])('refuses %s weeks with BAD_USER_INPUT', async (w) => {
    const r = await figures(w);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers the demo manager for their own centre, twelve weeks by default', async () => {
    const token = await api.tokenFor(DEMO.manager);
    const centre = await api.gql<{ myCentres: { id: string }[] }>(token, '{ myCentres { id } }');
    const r = await api.gql<Figures>(token, FIGURES, { c: centre.data!.myCentres[0]!.id });
    expect(r.errors).toBeUndefined();
    expect(r.data!.centreFigures.weeks).toHaveLength(12);
  });
});

describe('centreFiguresChanged', () => {
  const CHANGED = `subscription($c: ID!, $after: String) {
    centreFiguresChanged(centreId: $c, after: $after) { cursor topic occurredAt }
  }`;

  it('tells the manager of each change at their centre that the figures count, naming no record', async () => {
    const client = wsClient(api.url, await api.tokenFor(b.manager.email));
    const em = api.db.orm.em.fork();
    const event = (centreId: string, topic: 'session' | 'flag' | 'observation', payload: never) =>
      recordEvent(em, {
        councilId: b.council.id,
        centreId,
        childId: b.child.id,
        topic,
        kind: 'changed',
        subjectId: b.child.id,
        payload,
      });
    event(otherCentreId, 'session', {
      status: 'ended',
      roomId: b.rooms[0]!.id,
      supervisorId: b.supervisors[0]!.id,
      secondStaffId: null,
      endsAt: NOW.toISOString(),
    } as never);
    event(b.centre.id, 'flag', { status: 'acknowledged', severity: 'low', category: 'other' } as never);
    event(b.centre.id, 'observation', { status: 'final' } as never);
    await em.flush();
    // Replayed from the start of the council's log: only this centre's changes, in order.
    const got = collect<{ centreFiguresChanged: Record<string, unknown> }>(client, CHANGED, {
      c: b.centre.id,
      after: '0',
    });
    try {
      const items = await got.waitFor(2);
      expect(items.map((i) => i.centreFiguresChanged.topic)).toEqual(['flag', 'observation']);
      expect(Object.keys(items[0]!.centreFiguresChanged).sort()).toEqual(['cursor', 'occurredAt', 'topic']);
    } finally {
      got.stop();
      await client.dispose();
    }
  });

  it('is NOT_FOUND for the manager of another centre', async () => {
    const client = wsClient(api.url, await api.tokenFor(OTHER_MANAGER));
    const got = collect(client, CHANGED, { c: b.centre.id });
    try {
      await expect(got.waitFor(1)).rejects.toThrow(/NOT_FOUND/);
    } finally {
      got.stop();
      await client.dispose();
    }
  });
});
