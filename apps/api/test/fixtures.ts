import { DEFAULT_OPENING_HOURS, retentionDate, supervisionLevelFor } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ContactAgreement } from '../src/agreements/agreement.entity.js';
import { Centre, Council } from '../src/centres/centre.entity.js';
import { make } from '../src/db/make.js';
import { Child, ChildCase } from '../src/people/child.entity.js';
import { StaffUser, type StaffRole } from '../src/people/staff-user.entity.js';
import { Room } from '../src/rooms/room.entity.js';
import { Session } from '../src/sessions/session.entity.js';

export interface Basics {
  council: Council;
  centre: Centre;
  rooms: Room[];
  manager: StaffUser;
  supervisors: StaffUser[];
  socialWorker: StaffUser;
  child: Child;
  agreement: ContactAgreement;
}

/** A council with one centre, two rooms, staff, and a child with an active agreement. */
export async function seedBasics(em: EntityManager, name = 'Test Council'): Promise<Basics> {
  const council = make(Council, { name });
  const centre = make(Centre, {
    councilId: council.id,
    name: `${name} Centre`,
    address: '1 Test Street',
    openingHours: DEFAULT_OPENING_HOURS,
  });
  const rooms = ['Willow', 'Oak'].map((n) =>
    make(Room, { councilId: council.id, centreId: centre.id, name: n, capacity: 6 }),
  );
  const staff = (role: StaffRole, who: string) =>
    make(StaffUser, {
      councilId: council.id,
      centreId: centre.id,
      name: who,
      email: `${who.toLowerCase().replace(/\W+/g, '.')}.${council.id.slice(0, 8)}@test.example`,
      role,
    });
  const manager = staff('centre_manager', 'Mo Manager');
  const supervisors = [staff('supervisor', 'Sue Pervisor'), staff('supervisor', 'Sid Second')];
  const socialWorker = staff('social_worker', 'Sol Worker');
  const child = make(Child, {
    councilId: council.id,
    firstName: 'Test',
    lastName: 'Child',
    dateOfBirth: '2017-01-01',
    retainUntil: retentionDate({ dateOfBirth: '2017-01-01' }),
  });
  const level = supervisionLevelFor(['inadequate_parenting']);
  const agreement = make(ContactAgreement, {
    councilId: council.id,
    childId: child.id,
    centreId: centre.id,
    contactType: 'supervised',
    supervisionLevel: level.level,
    supervisionReasons: level.reasons,
    riskFactors: ['inadequate_parenting'],
    sessionsPerWeek: 2,
    sessionMinutes: 60,
    transportPlan: 'Taxi arranged by the social worker',
    signedAt: new Date('2026-01-01T10:00:00Z'),
    signedBy: 'Pat Parent',
    status: 'active',
    reviewDate: '2027-01-01',
    createdById: socialWorker.id,
  });
  em.persist([council, centre, ...rooms, manager, ...supervisors, socialWorker, child, agreement]);
  em.persist(make(ChildCase, { councilId: council.id, childId: child.id, socialWorkerId: socialWorker.id }));
  await em.flush();
  return { council, centre, rooms, manager, supervisors, socialWorker, child, agreement };
}

/** A session for the basics' child, not yet flushed. */
export function sessionFor(b: Basics, startsAt: Date, minutes = 60, over: Partial<Session> = {}): Session {
  return make(Session, {
    councilId: b.council.id,
    centreId: b.centre.id,
    roomId: b.rooms[0]!.id,
    supervisorId: b.supervisors[0]!.id,
    agreementId: b.agreement.id,
    childId: b.child.id,
    kind: 'contact',
    startsAt,
    endsAt: new Date(startsAt.getTime() + minutes * 60_000),
    turnoverMinutes: b.centre.turnoverMinutes,
    ...over,
  });
}
