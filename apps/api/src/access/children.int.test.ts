import { retentionDate, type ObservationStatus, type SessionStatus } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedBasics, type Basics } from '../../test/fixtures.js';
import { ContactAgreement, type AgreementStatus } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { make } from '../db/make.js';
import { Observation } from '../observations/observation.entity.js';
import { Child, ChildCase } from '../people/child.entity.js';
import { StaffUser, type StaffRole } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Session } from '../sessions/session.entity.js';
import {
  childReadableSql,
  hasCurrentWork,
  MANAGER_CURRENT_WORK_SQL,
  mayReadChildWork,
  type ChildWork,
} from './index.js';

// Each rule of who reaches a child is written as SQL (to list and check children in the database) and as TypeScript
// (over rows already loaded, such as a live event). Here both are asked about the same children, built of every
// kind that decides the answer, for every kind of viewer, and must agree on each.

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Where = 'own' | 'other';
interface AgreementCase {
  at: Where;
  status: AgreementStatus;
}
interface SessionCase {
  at: Where;
  status: SessionStatus;
  /** When it ends, from now: 13 or 15 days ago, or upcoming. */
  endsIn: number;
  observation: ObservationStatus | null;
}
interface Case {
  name: string;
  agreement: AgreementCase | null;
  session: SessionCase | null;
  /** The social worker's case of the child: open, closed, or none. */
  caseload: 'open' | 'closed' | 'none';
  otherCouncil: boolean;
}

const AGREEMENTS: (AgreementCase | null)[] = [
  null,
  ...(['own', 'other'] as const).flatMap((at) =>
    (['draft', 'active', 'suspended', 'ended'] as const).map((status) => ({ at, status })),
  ),
];
const SESSION_SHAPES: [SessionStatus, number][] = [
  ['ended', -13 * DAY],
  ['ended', -15 * DAY],
  ['not_attended', -13 * DAY],
  ['cancelled', -13 * DAY],
  ['scheduled', 2 * DAY],
];
const SESSIONS: (SessionCase | null)[] = [
  null,
  ...(['own', 'other'] as const).flatMap((at) =>
    SESSION_SHAPES.flatMap(([status, endsIn]) =>
      ([null, 'submitted', 'final'] as const).map((observation) => ({ at, status, endsIn, observation })),
    ),
  ),
];
const CASELOADS = ['open', 'closed', 'none'] as const;

function cases(): Case[] {
  const all: Case[] = [];
  let i = 0;
  for (const agreement of AGREEMENTS) {
    for (const session of SESSIONS) {
      const caseload = CASELOADS[i % CASELOADS.length]!;
      all.push({
        name: `${i}: agreement ${agreement ? `${agreement.status} at ${agreement.at}` : 'none'}, session ${
          session
            ? `${session.status} ending ${Math.round(session.endsIn / DAY)}d at ${session.at} with observation ${session.observation ?? 'none'}`
            : 'none'
        }, case ${caseload}`,
        agreement,
        session,
        caseload,
        otherCouncil: false,
      });
      i += 1;
    }
  }
  // A child of another council, with current work of every kind at that council's own centre.
  all.push({
    name: 'another council’s child',
    agreement: { at: 'own', status: 'active' },
    session: { at: 'own', status: 'ended', endsIn: -13 * DAY, observation: 'submitted' },
    caseload: 'open',
    otherCouncil: true,
  });
  return all;
}

let db: TestDatabase;
let here: Basics;
let away: Basics;
let otherCentre: Centre;
/** Per case: the child, what the TypeScript rules read of it, and the supervisor of its session. */
let built: { c: Case; childId: string; work: ChildWork; supervisorId: string | null }[];

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  here = await seedBasics(em, 'Here Council');
  away = await seedBasics(em, 'Away Council');
  otherCentre = make(Centre, {
    councilId: here.council.id,
    name: 'Other Centre',
    address: '2 Test Street',
    openingHours: here.centre.openingHours,
  });
  em.persist(otherCentre);
  await em.flush();

  const now = Date.now();
  built = [];
  let n = 0;
  for (const c of cases()) {
    n += 1;
    const b = c.otherCouncil ? away : here;
    const centreOf = (at: Where) => (at === 'own' ? b.centre.id : otherCentre.id);
    const staff = (role: StaffRole, centreId: string | null) =>
      make(StaffUser, {
        councilId: b.council.id,
        centreId,
        name: `${role} ${n}`,
        email: `${role}.${n}.${b.council.id.slice(0, 8)}@test.example`,
        role,
      });
    const child = make(Child, {
      councilId: b.council.id,
      firstName: 'Case',
      lastName: String(n),
      dateOfBirth: '2016-01-01',
      retainUntil: retentionDate({ dateOfBirth: '2016-01-01' }),
    });
    em.persist(child);
    if (c.caseload !== 'none') {
      em.persist(
        make(ChildCase, {
          councilId: b.council.id,
          childId: child.id,
          socialWorkerId: b.socialWorker.id,
          openedAt: new Date(now - 60 * DAY),
          closedAt: c.caseload === 'closed' ? new Date(now - DAY) : null,
        }),
      );
    }
    // Every child has an agreement to book under; one that is not the case's is ended at the other centre, which
    // counts for no one.
    const { id: _id, createdAt: _at, ...terms } = b.agreement;
    const agreement = make(ContactAgreement, {
      ...terms,
      childId: child.id,
      centreId: centreOf(c.agreement?.at ?? 'other'),
      status: c.agreement?.status ?? 'ended',
    });
    em.persist(agreement);
    let supervisorId: string | null = null;
    const sessions: ChildWork['sessions'][number][] = [];
    if (c.session) {
      const centreId = centreOf(c.session.at);
      // A room and a supervisor of the session's own, so that no two cases' sessions clash.
      const room = make(Room, { councilId: b.council.id, centreId, name: `Room ${n}`, capacity: 4 });
      const supervisor = staff('supervisor', centreId);
      supervisorId = supervisor.id;
      const endsAt = new Date(now + c.session.endsIn);
      const s = make(Session, {
        councilId: b.council.id,
        centreId,
        roomId: room.id,
        supervisorId: supervisor.id,
        agreementId: agreement.id,
        childId: child.id,
        kind: 'contact',
        startsAt: new Date(endsAt.getTime() - HOUR),
        endsAt,
        turnoverMinutes: 15,
        status: c.session.status,
        ...(c.session.status === 'cancelled'
          ? {
              cancelledAt: new Date(now - 20 * DAY),
              cancellationReason: 'child_ill',
              cancelledById: b.manager.id,
            }
          : {}),
      } as Partial<Session>);
      em.persist([room, supervisor, s]);
      if (c.session.observation) {
        const final = c.session.observation === 'final';
        em.persist(
          make(Observation, {
            councilId: b.council.id,
            sessionId: s.id,
            childId: child.id,
            authorId: supervisor.id,
            status: c.session.observation,
            sections: [],
            dueAt: new Date(endsAt.getTime() + 7 * DAY),
            ...(final ? { finalisedAt: endsAt, contentHash: `case-${n}` } : {}),
          }),
        );
      }
      sessions.push({
        centreId,
        status: c.session.status,
        endsAt,
        supervisorId: supervisor.id,
        secondStaffId: null,
        observationStatus: c.session.observation,
      });
    }
    built.push({
      c,
      childId: child.id,
      supervisorId,
      work: {
        councilId: b.council.id,
        openCaseWorkerIds: c.caseload === 'open' ? [b.socialWorker.id] : [],
        agreements: [{ centreId: agreement.centreId, status: agreement.status }],
        sessions,
      },
    });
  }
  await em.flush();
});
afterAll(() => db?.drop());

function viewer(b: Basics, role: StaffRole, over: Partial<Viewer> = {}): Viewer {
  const who =
    role === 'centre_manager' ? b.manager : role === 'social_worker' ? b.socialWorker : b.supervisors[1]!;
  return {
    userId: who.id,
    councilId: b.council.id,
    role,
    centreId: role === 'centre_manager' || role === 'supervisor' ? b.centre.id : null,
    name: who.name,
    ...over,
  };
}

/** Every kind of viewer, for one case: the session's own supervisor among them when it has one. */
function viewersFor(supervisorId: string | null): [string, Viewer][] {
  const list: [string, Viewer][] = [
    ['the manager of the centre', viewer(here, 'centre_manager')],
    ['the manager of another centre', viewer(here, 'centre_manager', { centreId: otherCentre.id })],
    ['a manager without a centre', viewer(here, 'centre_manager', { centreId: null })],
    ['a supervisor not on the session', viewer(here, 'supervisor')],
    ['the social worker', viewer(here, 'social_worker')],
    ['another social worker', viewer(here, 'social_worker', { userId: here.supervisors[0]!.id })],
    ['an integration', viewer(here, 'integrator', { userId: here.manager.id })],
    ['an admin', viewer(here, 'admin', { userId: here.manager.id })],
    ['another council’s manager', viewer(away, 'centre_manager')],
    ['another council’s social worker', viewer(away, 'social_worker')],
    ['another council’s integration', viewer(away, 'integrator', { userId: away.manager.id })],
  ];
  if (supervisorId) {
    list.push(['the session’s supervisor', viewer(here, 'supervisor', { userId: supervisorId })]);
    list.push([
      'the session’s supervisor, without a centre',
      viewer(here, 'supervisor', { userId: supervisorId, centreId: null }),
    ]);
  }
  return list;
}

async function sqlSays(v: Viewer, childId: string): Promise<boolean> {
  const readable = childReadableSql(v, childId);
  if (!readable) return false;
  // The pool speaks $1, $2 …; the rules are written with ?, as the ORM's connection takes them.
  let k = 0;
  const text = `select ${readable.sql} as ok`.replace(/\?/g, () => `$${(k += 1)}`);
  const { rows } = await db.sql(text, readable.params);
  return rows[0].ok === true;
}

describe('who reaches a child, in SQL and in TypeScript', () => {
  it('gives the same answer for every child, of every kind of current work, to every kind of viewer', async () => {
    const now = new Date();
    const disagreements: string[] = [];
    let compared = 0;
    let readable = 0;
    for (const { c, childId, work, supervisorId } of built) {
      const answers = await Promise.all(
        viewersFor(supervisorId).map(async ([who, v]) => {
          const sql = await sqlSays(v, childId);
          return { who, sql, ts: mayReadChildWork(v, work, now) };
        }),
      );
      for (const { who, sql, ts } of answers) {
        compared += 1;
        if (sql) readable += 1;
        if (sql !== ts) disagreements.push(`${c.name} / ${who}: SQL ${sql}, TypeScript ${ts}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The cases are not all one answer: both sides said yes often, and no often.
    expect(readable).toBeGreaterThan(compared / 10);
    expect(readable).toBeLessThan(compared / 2);
  });

  it('names the same children as current work of a centre, for each centre', async () => {
    const now = new Date();
    for (const centreId of [here.centre.id, otherCentre.id]) {
      const { rows } = await db.sql(
        `select distinct child_id from (${MANAGER_CURRENT_WORK_SQL.replace(/\?/g, '$1')}) w`,
        [centreId],
      );
      const sql = new Set(rows.map((r: { child_id: string }) => r.child_id));
      const ts = new Set(built.filter((b) => hasCurrentWork(centreId, b.work, now)).map((b) => b.childId));
      expect([...ts].sort()).toEqual([...sql].filter((id) => built.some((b) => b.childId === id)).sort());
      expect(ts.size).toBeGreaterThan(0);
    }
  });
});
