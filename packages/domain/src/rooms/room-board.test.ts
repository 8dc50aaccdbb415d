import { describe, expect, it } from 'vitest';
import { LATENESS_GRACE_MINUTES } from '../attendance/attendance.js';
import {
  CHILD_WAITING_WARNING_MINUTES,
  computeRoomBoard,
  isAbsenceNotified,
  sessionStatusAt,
  sessionWarning,
  type BoardNames,
  type BoardRoomInput,
  type BoardSessionInput,
} from './room-board.js';

// A Wednesday in March: London is on GMT, so London clock times equal UTC ones.
const NOW = new Date('2026-03-11T15:00:00Z');
const min = (m: number) => new Date(NOW.getTime() + m * 60_000);

function room(id: string, over: Partial<BoardRoomInput> = {}): BoardRoomInput {
  return {
    id,
    centreId: 'centre',
    name: id,
    capacity: 6,
    facilities: ['toys'],
    condition: 'ready',
    conditionNote: null,
    conditionChangedAt: null,
    version: 1,
    ...over,
  };
}

let seq = 0;
function session(roomId: string, startMin: number, over: Partial<BoardSessionInput> = {}): BoardSessionInput {
  seq += 1;
  return {
    id: `s${seq}`,
    roomId,
    kind: 'contact',
    status: 'scheduled',
    startsAt: min(startMin),
    endsAt: min(startMin + 60),
    turnoverMinutes: 15,
    parentArrivedAt: null,
    childArrivedAt: null,
    startedAt: null,
    endedAt: null,
    cancelledAt: null,
    supervisorId: 'sup',
    secondStaffId: null,
    agreementId: 'agr',
    childId: 'child',
    version: 3,
    ...over,
  };
}

const names: BoardNames = {
  children: new Map([['child', { firstName: 'Maisie', lastInitial: 'C' }]]),
  staff: new Map([
    ['sup', { name: 'Tom Okafor', role: 'supervisor' as const }],
    ['second', { name: 'Ruth Evans', role: 'supervisor' as const }],
  ]),
};
const agreements = [{ id: 'agr', supervisionLevel: 'high_vigilance' as const }];

function board(rooms: BoardRoomInput[], sessions: BoardSessionInput[], at: Date = NOW) {
  return computeRoomBoard(rooms, sessions, agreements, names, at);
}
function only(rooms: BoardRoomInput[], sessions: BoardSessionInput[], at: Date = NOW) {
  const b = board(rooms, sessions, at);
  return b.rooms[0]!;
}

/** A session that is in progress now: parent came 16 minutes before, child 1 minute before the start. */
function inProgress(roomId: string, startMin: number, over: Partial<BoardSessionInput> = {}) {
  return session(roomId, startMin, {
    status: 'in_progress',
    parentArrivedAt: min(startMin - 16),
    childArrivedAt: min(startMin - 1),
    startedAt: min(startMin),
    ...over,
  });
}

describe('room states', () => {
  it('a ready room with nobody in it is free', () => {
    const r = only([room('Willow')], []);
    expect(r).toMatchObject({ state: 'free', current: null, next: null, warnings: [] });
    expect(r.elapsedMinutes).toBeNull();
    expect(r.remainingMinutes).toBeNull();
  });

  it.each(['parent_arrived', 'child_arrived', 'in_progress'] as const)(
    'a session whose status is %s occupies the room',
    (status) => {
      const s = session('Willow', 5, {
        status,
        parentArrivedAt: min(-10),
        childArrivedAt: status === 'parent_arrived' ? null : min(-2),
        startedAt: status === 'in_progress' ? min(-1) : null,
      });
      const r = only([room('Willow')], [s]);
      expect(r.state).toBe('occupied');
      expect(r.current?.id).toBe(s.id);
      expect(r.current?.status).toBe(status);
    },
  );

  it('scheduled, ended, not attended and cancelled sessions do not occupy the room', () => {
    const sessions = [
      session('Willow', 30),
      session('Willow', -120, {
        status: 'ended',
        parentArrivedAt: min(-136),
        childArrivedAt: min(-121),
        startedAt: min(-120),
        endedAt: min(-60),
      }),
      session('Willow', -240, { status: 'not_attended' }),
      session('Willow', -20, { status: 'cancelled', cancelledAt: min(-300) }),
    ];
    const r = only([room('Willow')], sessions);
    expect(r.state).toBe('free');
    expect(r.current).toBeNull();
  });

  it('a room staff marked as needing tidying, with nobody in it, needs tidying', () => {
    expect(only([room('Hazel', { condition: 'needs_tidying' })], []).state).toBe('needs_tidying');
  });

  it('occupied wins over needs tidying', () => {
    const r = only([room('Hazel', { condition: 'needs_tidying' })], [inProgress('Hazel', -10)]);
    expect(r.state).toBe('occupied');
  });

  it('out of service wins over everything, and the session in it is still shown', () => {
    const s = inProgress('Maple', -10);
    const r = only([room('Maple', { condition: 'out_of_service', conditionNote: 'Radiator fault' })], [s]);
    expect(r.state).toBe('out_of_service');
    expect(r.current?.id).toBe(s.id);
    expect(r.room.conditionNote).toBe('Radiator fault');
  });

  it('counts rooms per state and warnings across the centre, keeping the rooms in the order given', () => {
    const b = board(
      [
        room('A'),
        room('B'),
        room('C', { condition: 'needs_tidying' }),
        room('D', { condition: 'out_of_service' }),
        room('E'),
      ],
      [inProgress('B', -70), inProgress('E', -10), session('A', 3)],
    );
    expect(b.rooms.map((r) => r.room.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(b.counts).toEqual({ free: 1, occupied: 2, needsTidying: 1, outOfService: 1, warnings: 2 });
    expect(b.at).toBe(NOW);
  });

  it('ignores sessions of rooms that are not on the board', () => {
    const r = only([room('Willow')], [inProgress('Elsewhere', -10)]);
    expect(r.state).toBe('free');
  });
});

describe('the session in a room', () => {
  it('shows the child by first name and initial, the supervisors, the supervision level and arrivals', () => {
    const s = inProgress('Willow', -25, { secondStaffId: 'second' });
    const r = only([room('Willow')], [s]);
    expect(r.current).toMatchObject({
      id: s.id,
      kind: 'contact',
      status: 'in_progress',
      child: { id: 'child', firstName: 'Maisie', lastInitial: 'C' },
      supervisor: { id: 'sup', name: 'Tom Okafor', role: 'supervisor' },
      secondStaff: { id: 'second', name: 'Ruth Evans' },
      supervisionLevel: 'high_vigilance',
      parentArrivedAt: min(-41),
      childArrivedAt: min(-26),
      startedAt: min(-25),
      parentArriveBy: min(-40),
      version: 3,
    });
  });

  it('counts elapsed minutes from the start of contact and remaining minutes to the booked end', () => {
    const r = only([room('Willow')], [inProgress('Willow', -25)]);
    expect(r.elapsedMinutes).toBe(25);
    expect(r.remainingMinutes).toBe(35);
  });

  it('has no elapsed time before contact starts, but shows the time left of the booking', () => {
    const s = session('Oak', 5, { status: 'parent_arrived', parentArrivedAt: min(-8) });
    const r = only([room('Oak')], [s]);
    expect(r.elapsedMinutes).toBeNull();
    expect(r.remainingMinutes).toBe(65);
  });

  it('never shows negative time remaining: an overrun is a warning instead', () => {
    const r = only([room('Willow')], [inProgress('Willow', -70)]);
    expect(r.remainingMinutes).toBe(0);
    expect(r.elapsedMinutes).toBe(70);
  });

  it('falls back to blanks for names it was not given, and to supervised for an unknown agreement', () => {
    const s = inProgress('Willow', -5, { childId: 'ghost', supervisorId: 'nobody', agreementId: 'gone' });
    const r = only([room('Willow')], [s]);
    expect(r.current?.child).toEqual({ id: 'ghost', firstName: '', lastInitial: '' });
    expect(r.current?.supervisor.name).toBe('');
    expect(r.current?.supervisionLevel).toBe('supervised');
  });
});

describe('the next session', () => {
  it('is the earliest session today nobody has arrived for, after the current one', () => {
    const later = session('Willow', 120);
    const sooner = session('Willow', 60);
    const r = only([room('Willow')], [later, inProgress('Willow', -25), sooner]);
    expect(r.next?.id).toBe(sooner.id);
  });

  it('is never a session of another day', () => {
    const tomorrow = session('Willow', 0, {
      startsAt: new Date('2026-03-12T09:00:00Z'),
      endsAt: new Date('2026-03-12T10:00:00Z'),
    });
    expect(only([room('Willow')], [tomorrow]).next).toBeNull();
  });

  it('skips a session whose booked time has passed without anyone arriving', () => {
    const missed = session('Willow', -90);
    const upcoming = session('Willow', 90);
    expect(only([room('Willow')], [missed, upcoming]).next?.id).toBe(upcoming.id);
  });

  it('includes a session cancelled only after the board’s moment', () => {
    const s = session('Willow', 60, { status: 'cancelled', cancelledAt: min(30) });
    expect(only([room('Willow')], [s]).next?.id).toBe(s.id);
    expect(only([room('Willow')], [s], min(31)).next).toBeNull();
  });
});

describe('the board at another moment', () => {
  const ended = () =>
    session('Hazel', -95, {
      status: 'ended',
      parentArrivedAt: min(-112),
      childArrivedAt: min(-95),
      startedAt: min(-94),
      endedAt: min(-35),
    });

  it('replays a session from its recorded times', () => {
    const s = ended();
    expect(sessionStatusAt(s, min(-120))).toBe('scheduled');
    expect(sessionStatusAt(s, min(-112))).toBe('parent_arrived');
    expect(sessionStatusAt(s, min(-95))).toBe('child_arrived');
    expect(sessionStatusAt(s, min(-60))).toBe('in_progress');
    expect(sessionStatusAt(s, min(-35))).toBe('ended');
    expect(sessionStatusAt(s, min(600))).toBe('ended');
  });

  it('counts a no-show from the booked start, and a cancellation from when it was made', () => {
    const noShow = session('Willow', -30, { status: 'not_attended' });
    expect(sessionStatusAt(noShow, min(-31))).toBe('scheduled');
    expect(sessionStatusAt(noShow, min(-30))).toBe('not_attended');
    const cancelled = session('Willow', 60, { status: 'cancelled', cancelledAt: min(-10) });
    expect(sessionStatusAt(cancelled, min(-11))).toBe('scheduled');
    expect(sessionStatusAt(cancelled, min(-10))).toBe('cancelled');
  });

  it('shows in the past a room occupied by a session that has since ended, without later arrivals', () => {
    const r = only([room('Hazel')], [ended()], min(-100));
    expect(r.state).toBe('occupied');
    expect(r.current).toMatchObject({ status: 'parent_arrived', parentArrivedAt: min(-112) });
    expect(r.current?.childArrivedAt).toBeNull();
    expect(r.current?.startedAt).toBeNull();
    expect(r.elapsedMinutes).toBeNull();
  });

  it('shows elapsed and remaining time as they were', () => {
    const r = only([room('Hazel')], [ended()], min(-60));
    expect(r.current?.status).toBe('in_progress');
    expect(r.elapsedMinutes).toBe(34);
    expect(r.remainingMinutes).toBe(25);
  });

  it('in the future, keeps a running session running, so that it shows as overrunning', () => {
    const r = only([room('Willow')], [inProgress('Willow', -25)], min(60));
    expect(r.state).toBe('occupied');
    expect(r.warnings.map((w) => w.kind)).toEqual(['session_overrunning']);
    expect(r.warnings[0]!.minutes).toBe(25);
  });
});

describe('warnings', () => {
  it('warns that the family member has not arrived from 5 minutes before the child is due', () => {
    const s = session('Birch', 10);
    expect(only([room('Birch')], [s], min(4)).warnings).toEqual([]);
    const at = only([room('Birch')], [s], min(5)).warnings;
    expect(at).toHaveLength(1);
    expect(at[0]).toMatchObject({ kind: 'parent_not_arrived', sessionId: s.id, minutes: 0 });
    expect(at[0]!.message).toBe('Maisie C. is due in Birch at 15:10 and the family member has not arrived.');
    const late = only([room('Birch')], [s], min(22)).warnings[0]!;
    expect(late.minutes).toBe(12);
  });

  it('does not warn once the family member has arrived', () => {
    const s = session('Birch', 3, { status: 'parent_arrived', parentArrivedAt: min(-10) });
    expect(only([room('Birch')], [s]).warnings).toEqual([]);
  });

  it('warns about a session running past its booked end, and not before', () => {
    const s = inProgress('Willow', -60);
    expect(only([room('Willow')], [s]).warnings).toEqual([]);
    const w = only([room('Willow')], [s], min(1)).warnings;
    expect(w).toEqual([
      {
        kind: 'session_overrunning',
        sessionId: s.id,
        minutes: 1,
        message: "Maisie C.'s session in Willow should have ended at 15:00 and is 1 min over.",
      },
    ]);
  });

  it('does not call a session overrunning before contact has started, even past its end', () => {
    const s = session('Oak', -70, {
      status: 'child_arrived',
      parentArrivedAt: min(-90),
      childArrivedAt: min(-71),
    });
    // The child is waiting (its own warning), but contact that never started is not running over.
    expect(only([room('Oak')], [s]).warnings.map((w) => w.kind)).toEqual(['child_waiting']);
  });

  it('warns to tidy a room when its next family arrives within the turnover gap', () => {
    // The family arrives 15 minutes before the child; the turnover gap is 15 minutes: warn from 30 minutes before.
    const next = session('Hazel', 31);
    const hazel = room('Hazel', { condition: 'needs_tidying' });
    expect(only([hazel], [next]).warnings).toEqual([]);
    const w = only([hazel], [next], min(1)).warnings;
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ kind: 'tidy_before_next_booking', sessionId: next.id, minutes: 15 });
    expect(w[0]!.message).toBe("Hazel needs tidying before Maisie C.'s family arrives at 15:16.");
  });

  it('uses the booking’s own turnover gap', () => {
    const next = session('Hazel', 31, { turnoverMinutes: 30 });
    const w = only([room('Hazel', { condition: 'needs_tidying' })], [next]).warnings;
    expect(w.map((x) => x.kind)).toEqual(['tidy_before_next_booking']);
  });

  it('does not ask to tidy a ready room, or one with no booking soon', () => {
    expect(only([room('Hazel')], [session('Hazel', 10)], min(-20)).warnings).toEqual([]);
    expect(only([room('Hazel', { condition: 'needs_tidying' })], [session('Hazel', 120)]).warnings).toEqual(
      [],
    );
  });

  it('warns about every child still to come today in a room that is out of service', () => {
    const inRoom = inProgress('Maple', -10);
    const later = session('Maple', 180);
    const tomorrow = session('Maple', 0, {
      startsAt: new Date('2026-03-12T09:00:00Z'),
      endsAt: new Date('2026-03-12T10:00:00Z'),
    });
    const r = only([room('Maple', { condition: 'out_of_service' })], [inRoom, later, tomorrow]);
    expect(r.warnings.map((w) => [w.kind, w.sessionId])).toEqual([
      ['out_of_service_with_booking', inRoom.id],
      ['out_of_service_with_booking', later.id],
    ]);
    expect(r.warnings[1]!.minutes).toBe(180);
    expect(r.warnings[1]!.message).toBe(
      'Maisie C. is due in Maple at 18:00, but Maple is out of service: move the session.',
    );
  });

  it('gives a late family’s warning alongside an out-of-service one', () => {
    const s = session('Maple', 2);
    const r = only([room('Maple', { condition: 'out_of_service' })], [s]);
    expect(r.warnings.map((w) => w.kind)).toEqual(['out_of_service_with_booking', 'parent_not_arrived']);
  });

  it('writes times in Europe/London, also in summer time', () => {
    const summer = new Date('2026-07-01T15:00:00Z');
    const s = session('Birch', 0, { startsAt: summer, endsAt: new Date(summer.getTime() + 3_600_000) });
    const w = only([room('Birch')], [s], summer).warnings[0]!;
    expect(w.message).toContain('at 16:00');
  });
});

describe('a family that has said it cannot come', () => {
  it('is not next: the next line moves on to the following family, and the notified session is listed apart', () => {
    const notified = session('Willow', 30, { absenceNoticeRecordedAt: min(-5) });
    const after = session('Willow', 120);
    const r = only([room('Willow')], [notified, after]);
    expect(r.next?.id).toBe(after.id);
    expect(r.notComing.map((s) => s.id)).toEqual([notified.id]);
  });

  it('is next until the notice is recorded, when the board is asked for an earlier moment', () => {
    const notified = session('Willow', 30, { absenceNoticeRecordedAt: min(10) });
    expect(only([room('Willow')], [notified]).next?.id).toBe(notified.id);
    expect(only([room('Willow')], [notified], min(10)).next).toBeNull();
  });

  it('raises no lateness warning and no out-of-service warning', () => {
    const notified = session('Maple', -30, { absenceNoticeRecordedAt: min(-60) });
    const r = only([room('Maple', { condition: 'out_of_service' })], [notified]);
    expect(r.warnings).toEqual([]);
  });

  it('is a booked session with a notice, until its outcome is recorded', () => {
    expect(isAbsenceNotified({ status: 'scheduled', absenceNotified: true })).toBe(true);
    expect(isAbsenceNotified({ status: 'scheduled', absenceNotified: false })).toBe(false);
    expect(isAbsenceNotified({ status: 'not_attended', absenceNotified: true })).toBe(false);
  });
});

describe('lateness and waiting warnings', () => {
  it('says a family is late once the grace period after the start has run out, and not before', () => {
    const s = session('Birch', -LATENESS_GRACE_MINUTES);
    const before = only([room('Birch')], [s], min(-1)).warnings;
    expect(before.map((w) => w.kind)).toEqual(['parent_not_arrived']);
    const w = only([room('Birch')], [s]).warnings;
    expect(w).toEqual([
      {
        kind: 'family_late',
        sessionId: s.id,
        minutes: 15,
        message:
          "Maisie C.'s family has not arrived in Birch: they were due by 14:30, and the 15 minutes' grace after the 14:45 start ran out at 15:00. Call the family; if they are not coming, record the no-show.",
      },
    ]);
  });

  it('clears the lateness warning as soon as the family is checked in', () => {
    const s = session('Birch', -20, { status: 'parent_arrived', parentArrivedAt: min(-1) });
    expect(only([room('Birch')], [s]).warnings).toEqual([]);
  });

  it('says a child is waiting once contact has not started 10 minutes after the start', () => {
    const s = session('Oak', -CHILD_WAITING_WARNING_MINUTES, {
      status: 'child_arrived',
      parentArrivedAt: min(-30),
      childArrivedAt: min(-12),
    });
    expect(only([room('Oak')], [s], min(-1)).warnings).toEqual([]);
    expect(only([room('Oak')], [s]).warnings).toEqual([
      {
        kind: 'child_waiting',
        sessionId: s.id,
        minutes: 12,
        message:
          'Maisie C. arrived in Oak at 14:48 and has been waiting 12 min: contact was due to start at 14:50 and has not started.',
      },
    ]);
  });

  it('gives a child who arrived late the same 10 minutes from their arrival', () => {
    const s = session('Oak', -30, {
      status: 'child_arrived',
      parentArrivedAt: min(-40),
      childArrivedAt: min(-5),
    });
    expect(only([room('Oak')], [s]).warnings).toEqual([]);
    expect(only([room('Oak')], [s], min(5)).warnings.map((w) => w.kind)).toEqual(['child_waiting']);
  });

  it('clears the waiting warning once contact starts', () => {
    const s = inProgress('Oak', -20, { startedAt: min(-1) });
    expect(only([room('Oak')], [s]).warnings).toEqual([]);
  });

  it('never calls a family that gave notice late, on the supervisor’s card either', () => {
    const late = { status: 'scheduled' as const, startsAt: min(-30), endsAt: min(30), childArrivedAt: null };
    expect(sessionWarning({ ...late, absenceNotified: false }, NOW, 'Kai R.')?.kind).toBe('family_late');
    expect(sessionWarning({ ...late, absenceNotified: true }, NOW, 'Kai R.')).toBeNull();
  });

  it('words the same warning without a room for the supervisor’s own card', () => {
    const w = sessionWarning(
      {
        status: 'child_arrived',
        startsAt: min(-15),
        endsAt: min(45),
        childArrivedAt: min(-15),
        absenceNotified: false,
      },
      NOW,
      'Kai R.',
    );
    expect(w?.message).toBe(
      'Kai R. arrived at 14:45 and has been waiting 15 min: contact was due to start at 14:45 and has not started.',
    );
  });
});
