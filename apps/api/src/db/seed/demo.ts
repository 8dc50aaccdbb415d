import {
  acknowledgementDeadline,
  DEFAULT_OPENING_HOURS,
  evaluateThreeStrikes,
  fromLondonDateKey,
  addDaysToDateKey,
  londonDateKey,
  OBSERVATION_SECTIONS,
  reportDueDate,
  retentionDate,
  supervisionLevelFor,
  type AttendanceHistoryEntry,
  type AttendanceOutcome,
  type ObservationSection,
  type SessionStatus,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ContactAgreement,
  AgreementParticipant,
  SuspensionNoticeRecord,
} from '../../agreements/agreement.entity.js';
import { Centre, Council } from '../../centres/centre.entity.js';
import { sealLink } from '../../observations/evidence-chain.js';
import { amendmentEvidence, evidenceHash, observationEvidence } from '../../observations/evidence-hash.js';
import type { EvidenceKeyring } from '../../observations/evidence-keys.js';
import { Observation, ObservationAmendment } from '../../observations/observation.entity.js';
import { Carer, Child, ChildCase, ChildFamilyMember, FamilyMember } from '../../people/child.entity.js';
import { StaffUser } from '../../people/staff-user.entity.js';
import { Room } from '../../rooms/room.entity.js';
import { FlagAcknowledgement, SafeguardingFlag } from '../../safeguarding/flag.entity.js';
import { Attendance, Session } from '../../sessions/session.entity.js';
import { make } from '../make.js';
import { DEMO_CHILDREN, DEMO_ROOMS, DEMO_USERS, SCHOOL_HOURS, type DemoChild } from './demo-cast.js';

export { DEMO_USERS } from './demo-cast.js';

const OUTCOME_BY_LETTER: Record<string, AttendanceOutcome> = {
  A: 'attended',
  L: 'late_within_grace',
  E: 'explained_absence',
  C: 'centre_cancelled',
  N: 'unexplained_no_show',
};

const MINUTE = 60_000;
const DAY_SLOTS = ['16:00', '17:45'];

/**
 * Loads a realistic week at the Coxford Road centre into an empty database, around `now`: past sessions with
 * attendance and observations, sessions in progress, families near or at suspension, and open safeguarding flags.
 * Returns false, changing nothing, when any council already exists. Final records are signed with `evidenceKeys`
 * as the service signs them; without keys they stay unsealed, and the chain check reports them so.
 */
export async function loadDemoDataIfEmpty(
  em: EntityManager,
  now: Date,
  evidenceKeys?: EvidenceKeyring,
): Promise<boolean> {
  if ((await em.count(Council, {})) > 0) return false;
  await em.transactional(async (tx) => {
    const w = new DemoWriter(tx, now, evidenceKeys);
    w.build();
    await tx.flush();
  });
  return true;
}

class DemoWriter {
  private readonly council = make(Council, { name: 'Coxford City Council' });
  private readonly centre: Centre;
  private readonly rooms: Room[];
  private readonly staff = new Map<string, StaffUser>();
  private readonly chainHead = new Map<string, string | null>();

  constructor(
    private readonly em: EntityManager,
    private readonly now: Date,
    private readonly evidenceKeys: EvidenceKeyring | undefined,
  ) {
    this.centre = make(Centre, {
      councilId: this.council.id,
      name: 'Coxford Road Family Contact Centre',
      address: '12 Coxford Road, Coxford CX1 4RD',
      openingHours: DEFAULT_OPENING_HOURS,
      turnoverMinutes: 15,
    });
    this.rooms = DEMO_ROOMS.map((r) =>
      make(Room, { councilId: this.council.id, centreId: this.centre.id, ...r }),
    );
  }

  build(): void {
    const other = this.buildOtherCouncil();
    this.em.persist([this.council, this.centre, ...this.rooms]);
    for (const u of DEMO_USERS) {
      if (u.otherCouncil) continue;
      const user = make(StaffUser, {
        councilId: this.council.id,
        centreId:
          u.role === 'social_worker' || u.role === 'integrator' || u.role === 'admin' ? null : this.centre.id,
        name: u.name,
        email: u.email,
        role: u.role,
      });
      this.staff.set(u.key, user);
      this.em.persist(user);
    }
    this.em.persist(other);
    DEMO_CHILDREN.forEach((c, i) => this.buildFamily(c, i));
    this.rooms[3]!.condition = 'needs_tidying';
    this.rooms[5]!.condition = 'out_of_service';
    this.rooms[5]!.conditionNote = 'Radiator fault: engineer booked';
  }

  private user(key: string): StaffUser {
    const u = this.staff.get(key);
    if (!u) throw new Error(`demo user ${key} missing`);
    return u;
  }

  private supervisorFor(i: number): StaffUser {
    return this.user(`sup${(i % 6) + 1}`);
  }

  private buildFamily(c: DemoChild, i: number): void {
    const councilId = this.council.id;
    const carer = make(Carer, {
      councilId,
      name: c.carer.name,
      address: c.carer.address,
      phone: '01632 960' + (100 + i),
    });
    const child = make(Child, {
      councilId,
      firstName: c.first,
      lastName: c.last,
      dateOfBirth: c.dob,
      carerId: carer.id,
      schoolPattern: SCHOOL_HOURS,
      retainUntil: retentionDate({ dateOfBirth: c.dob }),
    });
    const parent = make(FamilyMember, {
      councilId,
      firstName: c.parent.first,
      lastName: c.parent.last,
      phone: '07700 900' + (200 + i),
      workPattern: c.parent.work,
    });
    const socialWorker = this.user(c.socialWorker);
    const decision = supervisionLevelFor(c.risks);
    const signedAt = new Date(this.now.getTime() - 40 * 24 * 60 * MINUTE);
    const agreement = make(ContactAgreement, {
      councilId,
      childId: child.id,
      centreId: this.centre.id,
      contactType: decision.level === 'supported' ? 'supported' : 'supervised',
      supervisionLevel: decision.level,
      supervisionReasons: decision.reasons,
      riskFactors: c.risks,
      sessionsPerWeek: 2,
      sessionMinutes: 60,
      transportPlan: `The social worker arranges ${c.first}'s taxi from and to the carers; ${c.parent.first} travels by bus.`,
      travelSupport: i % 3 === 0 ? 'Bus fare refunded on receipt' : null,
      conditions: [
        'Arrive 15 minutes before the session and stay 15 minutes after it ends',
        'Tell the centre before the session if you cannot attend',
        'No alcohol or drugs before or during contact',
        'Follow the guidance of the contact supervisor',
        'Help tidy the room after use',
      ],
      signedAt,
      signedBy: `${c.parent.first} ${c.parent.last}`,
      status: 'active',
      reviewDate: addDaysToDateKey(londonDateKey(this.now), 60 + i),
      createdById: socialWorker.id,
    });
    this.em.persist([
      carer,
      child,
      parent,
      make(ChildFamilyMember, {
        councilId,
        childId: child.id,
        familyMemberId: parent.id,
        relationship: c.parent.relationship,
      }),
      make(ChildCase, { councilId, childId: child.id, socialWorkerId: socialWorker.id, openedAt: signedAt }),
      agreement,
      make(AgreementParticipant, { councilId, agreementId: agreement.id, familyMemberId: parent.id }),
    ]);

    const history = this.buildPastSessions(c, i, child, agreement);
    const verdict = evaluateThreeStrikes(history, this.now);
    if (verdict.notice) {
      agreement.status = 'suspended';
      const n = verdict.notice;
      this.em.persist(
        make(SuspensionNoticeRecord, {
          councilId,
          agreementId: agreement.id,
          issuedAt: n.issuedAt,
          decision: n.decision,
          reasons: n.reasons,
          missedSessionIds: n.missedSessions.map((m) => m.sessionId),
          duration: n.duration,
          parentActions: n.parentActions,
        }),
      );
    } else {
      this.buildTodayAndUpcoming(i, child, agreement);
    }
    this.buildFlags(i, child);
  }

  private session(
    i: number,
    child: Child,
    agreement: ContactAgreement,
    startsAt: Date,
    minutes: number,
    room: Room,
    status: SessionStatus,
  ): Session {
    const supervisor = this.supervisorFor(i);
    const s = make(Session, {
      councilId: this.council.id,
      centreId: this.centre.id,
      roomId: room.id,
      supervisorId: supervisor.id,
      secondStaffId: agreement.supervisionLevel === 'high_vigilance' ? this.user('sup4').id : null,
      agreementId: agreement.id,
      childId: child.id,
      kind: 'contact',
      startsAt,
      endsAt: new Date(startsAt.getTime() + minutes * MINUTE),
      turnoverMinutes: this.centre.turnoverMinutes,
      status,
    });
    this.em.persist(s);
    return s;
  }

  /** Sessions every three days before today, at the child's regular after-school slot and room. */
  private buildPastSessions(
    c: DemoChild,
    i: number,
    child: Child,
    agreement: ContactAgreement,
  ): AttendanceHistoryEntry[] {
    const letters = [...c.history];
    const today = londonDateKey(this.now);
    const room = this.rooms[i % 6]!;
    const history: AttendanceHistoryEntry[] = [];
    letters.forEach((letter, k) => {
      const daysAgo = (letters.length - k - 1) * 3 + 1 + (i % 3);
      const startsAt = fromLondonDateKey(addDaysToDateKey(today, -daysAgo), DAY_SLOTS[i < 6 ? 0 : 1]!);
      const outcome = OUTCOME_BY_LETTER[letter]!;
      const status: SessionStatus =
        outcome === 'centre_cancelled'
          ? 'cancelled'
          : outcome === 'attended' || outcome === 'late_within_grace'
            ? 'ended'
            : 'not_attended';
      const s = this.session(i, child, agreement, startsAt, 60, room, status);
      this.fillPastSession(s, outcome);
      history.push({ sessionId: s.id, scheduledStart: s.startsAt, outcome });
      this.em.persist(
        make(Attendance, {
          councilId: this.council.id,
          sessionId: s.id,
          outcome,
          minutesLate: outcome === 'late_within_grace' ? 9 : null,
          recordedById: s.supervisorId,
          recordedAt: s.endsAt,
          note:
            outcome === 'explained_absence' ? 'Parent phoned the centre the morning before: unwell.' : null,
        }),
      );
      if (
        (outcome === 'attended' || outcome === 'late_within_grace') &&
        agreement.contactType === 'supervised'
      ) {
        this.buildObservation(s, child, daysAgo, k === 0 && i === 0);
      }
    });
    return history;
  }

  private fillPastSession(s: Session, outcome: AttendanceOutcome): void {
    const start = s.startsAt.getTime();
    if (outcome === 'centre_cancelled') {
      s.cancelledAt = new Date(start - 6 * 60 * MINUTE);
      s.cancelledById = this.user('manager').id;
      s.cancellationReason = 'child_ill';
      s.cancellationNote = 'Carer rang: child has a temperature.';
      s.familyInformedAt = new Date(start - 5.5 * 60 * MINUTE);
      return;
    }
    if (outcome === 'attended' || outcome === 'late_within_grace') {
      const late = outcome === 'late_within_grace' ? 9 : -15;
      s.parentArrivedAt = new Date(start + late * MINUTE);
      s.childArrivedAt = new Date(start + Math.max(late, 0) * MINUTE + MINUTE);
      s.startedAt = new Date(s.childArrivedAt.getTime() + MINUTE);
      s.endedAt = s.endsAt;
    }
  }

  private buildObservation(s: Session, child: Child, daysAgo: number, amend: boolean): void {
    const reviewer = this.supervisorFor(this.supervisorIndex(s.supervisorId) + 1);
    const sections: ObservationSection[] = OBSERVATION_SECTIONS.map(({ key }) => ({
      key,
      facts: OBSERVATION_FACTS[key]?.replaceAll('{child}', child.firstName) ?? 'Nothing to record',
      opinion: OBSERVATION_OPINIONS[key]?.replaceAll('{child}', child.firstName) ?? '',
    }));
    const o = make(Observation, {
      councilId: this.council.id,
      sessionId: s.id,
      childId: child.id,
      authorId: s.supervisorId,
      sections,
      dueAt: reportDueDate(s.endsAt, this.council.bankHolidayNation),
      status: 'draft',
    });
    // Older reports have been through review; the latest are still with their authors, and one is overdue.
    if (daysAgo >= 7 && !(child.firstName === 'Ellis' && daysAgo < 12)) {
      o.status = 'final';
      o.reviewerId = reviewer.id;
      o.submittedAt = new Date(s.endsAt.getTime() + 20 * 60 * MINUTE);
      o.approvedAt = new Date(s.endsAt.getTime() + 44 * 60 * MINUTE);
      o.finalisedAt = o.approvedAt;
      o.previousHash = this.chainHead.get(child.id) ?? null;
      o.contentHash = evidenceHash(observationEvidence(o), o.previousHash);
      if (this.evidenceKeys) Object.assign(o, sealLink(this.evidenceKeys, o));
      this.chainHead.set(child.id, o.contentHash);
    } else if (daysAgo >= 3) {
      o.status = 'submitted';
      o.submittedAt = new Date(s.endsAt.getTime() + 22 * 60 * MINUTE);
    }
    this.em.persist(o);
    if (amend && o.status === 'final') {
      const a = make(ObservationAmendment, {
        councilId: this.council.id,
        observationId: o.id,
        childId: child.id,
        authorId: o.authorId,
        reason: 'Correction of fact',
        text: `${child.firstName}'s grandmother also joined for the last ten minutes, with the social worker's agreement.`,
        createdAt: new Date(o.finalisedAt!.getTime() + 24 * 60 * MINUTE),
        previousHash: o.contentHash,
      });
      a.contentHash = evidenceHash(amendmentEvidence(a), a.previousHash);
      if (this.evidenceKeys) Object.assign(a, sealLink(this.evidenceKeys, a));
      this.chainHead.set(child.id, a.contentHash);
      this.em.persist(a);
    }
  }

  private supervisorIndex(id: string): number {
    for (let k = 1; k <= 6; k++) if (this.user(`sup${k}`).id === id) return k - 1;
    return 0;
  }

  /** A few sessions around now so that the board is alive, then each family's next two sessions. */
  private buildTodayAndUpcoming(i: number, child: Child, agreement: ContactAgreement): void {
    const at = (minutes: number) => new Date(this.now.getTime() + minutes * MINUTE);
    const live: Partial<Record<number, () => void>> = {
      0: () => {
        const s = this.session(i, child, agreement, at(-25), 60, this.rooms[0]!, 'in_progress');
        s.parentArrivedAt = at(-41);
        s.childArrivedAt = at(-26);
        s.startedAt = at(-25);
      },
      1: () => {
        // Its booked start has just come, so that the whole session can be run and ended as soon as the demo starts.
        const s = this.session(i, child, agreement, at(-1), 60, this.rooms[1]!, 'parent_arrived');
        s.parentArrivedAt = at(-16);
      },
      4: () => {
        const s = this.session(i, child, agreement, at(-2), 60, this.rooms[2]!, 'child_arrived');
        s.parentArrivedAt = at(-19);
        s.childArrivedAt = at(-2);
      },
      2: () => {
        const s = this.session(i, child, agreement, at(-95), 60, this.rooms[3]!, 'ended');
        s.parentArrivedAt = at(-112);
        s.childArrivedAt = at(-95);
        s.startedAt = at(-94);
        s.endedAt = at(-35);
        this.em.persist(
          make(Attendance, {
            councilId: this.council.id,
            sessionId: s.id,
            outcome: 'attended',
            recordedById: s.supervisorId,
            recordedAt: at(-34),
          }),
        );
      },
      7: () => void this.session(i, child, agreement, at(180), 60, this.rooms[6]!, 'scheduled'),
      // Due within the hour, so that the family can be checked in as soon as the demo starts.
      8: () => void this.session(i, child, agreement, at(45), 60, this.rooms[4]!, 'scheduled'),
    };
    live[i]?.();
    const today = londonDateKey(this.now);
    for (const days of [2 + (i % 3), 5 + (i % 3)]) {
      const startsAt = fromLondonDateKey(addDaysToDateKey(today, days), DAY_SLOTS[i < 6 ? 0 : 1]!);
      this.session(i, child, agreement, startsAt, 60, this.rooms[i % 6]!, 'scheduled');
    }
  }

  private buildFlags(i: number, child: Child): void {
    const at = (minutes: number) => new Date(this.now.getTime() + minutes * MINUTE);
    const flag = (
      raisedMinutesAgo: number,
      f: Pick<SafeguardingFlag, 'category' | 'severity' | 'description'> & Partial<SafeguardingFlag>,
    ) => {
      const raisedAt = at(-raisedMinutesAgo);
      const row = make(SafeguardingFlag, {
        councilId: this.council.id,
        centreId: this.centre.id,
        childId: child.id,
        raisedById: this.supervisorFor(i).id,
        raisedAt,
        acknowledgeBy: acknowledgementDeadline(raisedAt, f.severity),
        ...f,
      });
      this.em.persist(row);
      return row;
    };
    if (i === 0) {
      flag(8, {
        category: 'disclosure',
        severity: 'high',
        description:
          'During play Maisie said "mummy\'s friend shouts at me when I stay over". Recorded verbatim; no questions asked.',
      });
    }
    if (i === 3) {
      const f = flag(6 * 24 * 60, {
        category: 'intoxication',
        severity: 'high',
        description:
          'Parent smelled strongly of alcohol on arrival and was unsteady. Session ended early; child returned to carers.',
        status: 'acknowledged',
      });
      for (const key of ['sw1', 'manager']) {
        this.em.persist(
          make(FlagAcknowledgement, {
            councilId: this.council.id,
            flagId: f.id,
            userId: this.user(key).id,
            acknowledgedAt: at(-6 * 24 * 60 + 25),
            note: key === 'sw1' ? 'Discussed with team manager; strategy meeting booked.' : null,
          }),
        );
      }
    }
    if (i === 2) {
      flag(40, {
        category: 'emotional_harm',
        severity: 'medium',
        description:
          'Parent repeatedly told Amara she would be "coming home next week", which is not in the plan. Amara became upset.',
      });
    }
    if (i === 7) {
      flag(9 * 24 * 60, {
        category: 'inappropriate_conversation',
        severity: 'low',
        description: 'Parent asked Kai where the carers live. Supervisor redirected the conversation.',
        status: 'resolved',
        resolvedAt: at(-8 * 24 * 60),
        resolvedById: this.user('sw2').id,
        outcome: 'Parent reminded of the contact conditions in writing; no further incidents.',
      });
    }
  }

  /** A second council with its own centre and family: nothing of it may ever show at Coxford. */
  private buildOtherCouncil(): object[] {
    const council = make(Council, { name: 'Eastmoor District Council' });
    const centre = make(Centre, {
      councilId: council.id,
      name: 'Eastmoor Family Centre',
      address: '3 Market Street, Eastmoor EM2 7JQ',
      openingHours: DEFAULT_OPENING_HOURS,
    });
    const room = make(Room, { councilId: council.id, centreId: centre.id, name: 'Room 1', capacity: 6 });
    const users = DEMO_USERS.filter((u) => u.otherCouncil).map((u) =>
      make(StaffUser, {
        councilId: council.id,
        centreId: u.role === 'centre_manager' ? centre.id : null,
        name: u.name,
        email: u.email,
        role: u.role,
      }),
    );
    const sw = users.find((u) => u.role === 'social_worker')!;
    const child = make(Child, {
      councilId: council.id,
      firstName: 'Freya',
      lastName: 'Lamb',
      dateOfBirth: '2017-02-02',
      retainUntil: retentionDate({ dateOfBirth: '2017-02-02' }),
    });
    const decision = supervisionLevelFor(['inadequate_parenting']);
    const agreement = make(ContactAgreement, {
      councilId: council.id,
      childId: child.id,
      centreId: centre.id,
      contactType: 'supervised',
      supervisionLevel: decision.level,
      supervisionReasons: decision.reasons,
      riskFactors: ['inadequate_parenting'],
      sessionsPerWeek: 1,
      sessionMinutes: 90,
      transportPlan: 'Social worker arranges transport.',
      signedAt: new Date(this.now.getTime() - 20 * 24 * 60 * MINUTE),
      signedBy: 'Gemma Lamb',
      status: 'active',
      reviewDate: addDaysToDateKey(londonDateKey(this.now), 90),
      createdById: sw.id,
    });
    return [
      council,
      centre,
      room,
      ...users,
      child,
      make(ChildCase, { councilId: council.id, childId: child.id, socialWorkerId: sw.id }),
      agreement,
    ];
  }
}

const OBSERVATION_FACTS: Partial<Record<string, string>> = {
  arrival_and_greetings:
    'Parent arrived 15 minutes before {child}. {child} ran to the parent and they hugged; parent said "I missed you so much".',
  activities:
    'Drawing at the table for 20 minutes, then a board game, then snack time with fruit the parent brought.',
  interactions:
    "Parent praised {child}'s drawing and asked about school. Eye contact and laughter throughout the game.",
  behaviours:
    '{child} stayed close to the parent and showed the supervisor a drawing. No concerning behaviour seen.',
  attitudes: 'Parent spoke warmly about the carers and followed the contact conditions.',
  child_response: '{child} said "can we play the game again next time?" on leaving.',
  interventions_and_guidance:
    'Supervisor suggested giving {child} a five-minute warning before the end; parent did so.',
  suggestions: 'Nothing to record',
};

const OBSERVATION_OPINIONS: Partial<Record<string, string>> = {
  interactions: "In my view the parent was attuned to {child}'s cues and responded warmly.",
  child_response: '{child} appeared relaxed and happy at the end of the session.',
  suggestions: 'Bringing a familiar book from home could help the start of the session.',
};
