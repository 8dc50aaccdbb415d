import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysToDateKey, fromLondonDateKey } from '../time/london.js';
import { checkSchedule } from './check-schedule.js';
import { findFreeSlots, slotClashes, type BusySpan } from './free-slots.js';
import { roomOccupancy } from './stagger.js';
import { overlaps } from './time-range.js';

const day = '2026-12-08'; // a Tuesday
const now = new Date('2026-12-01T09:00:00Z');
const at = (clock: string, key = day) => fromLondonDateKey(key, clock);
const booked = (
  start: string,
  end: string,
  roomId: string,
  staffIds: string[],
  ref: string,
): BusySpan<string> => ({
  held: roomOccupancy({ start: at(start), end: at(end) }),
  roomId,
  staffIds,
  childId: null,
  ref,
});

describe('slotClashes (rule 3)', () => {
  const choice = {
    session: { start: at('16:00'), end: at('17:30') },
    roomId: 'r1',
    supervisorId: 's1',
    secondStaffId: 's2',
  };

  it('names the room, each person and the child held twice', () => {
    const busy = [{ ...booked('15:00', '16:00', 'r1', ['s2', 's1'], 'a'), childId: 'c1' }];
    expect(slotClashes(choice, busy, { childId: 'c1' }).map((c) => [c.kind, c.staffId])).toEqual([
      ['room', null],
      ['supervisor', 's1'],
      ['second_staff', 's2'],
      ['child', null],
    ]);
  });

  it('lets spans that only touch pass, and ignores the sessions being moved', () => {
    // Ours is held from 15:45 (the parent arrives); one whose child leaves at 15:15 is held until 15:45: touching.
    expect(slotClashes(choice, [booked('14:00', '15:15', 'r1', ['s1'], 'a')])).toEqual([]);
    expect(slotClashes(choice, [booked('14:00', '15:16', 'r1', [], 'a')])).toHaveLength(1);
    expect(
      slotClashes(choice, [booked('16:00', '17:30', 'r1', ['s1'], 'a')], { except: new Set(['a']) }),
    ).toEqual([]);
  });
});

describe('findFreeSlots', () => {
  const base = {
    days: [day, addDaysToDateKey(day, 1)],
    durationMinutes: 90,
    now,
    roomIds: ['r1', 'r2'],
    supervisorIds: ['s1', 's2'],
    turnoverMinutes: 15,
    limit: 5,
  };

  it('offers the usual supervisor and room first, then the earliest', () => {
    const busy = [booked('07:15', '12:00', 'r1', ['s1'], 'x')];
    const slots = findFreeSlots({ ...base, busy, prefer: { supervisorId: 's1', roomId: 'r1' } });
    expect(slots[0]).toMatchObject({
      roomId: 'r1',
      supervisorId: 's1',
      preferredRoom: true,
      preferredSupervisor: true,
    });
    // The first time both are free: 12:00 + 15 + 15 = 12:30 held until, so the next parent arrives 12:30, child 12:45.
    expect(slots[0]?.start).toEqual(at('12:45'));
    expect(slots.map((s) => s.start.getTime())).toEqual(
      [...slots].map((s) => s.start.getTime()).sort((a, b) => a - b),
    );
  });

  it('keeps a supervisor when only one is given, and falls back to another room', () => {
    const busy = [booked('07:15', '22:00', 'r1', [], 'x')];
    const slots = findFreeSlots({
      ...base,
      days: [day],
      supervisorIds: ['s2'],
      busy,
      prefer: { supervisorId: 's2', roomId: 'r1' },
    });
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots)
      expect(s).toMatchObject({ supervisorId: 's2', roomId: 'r2', preferredRoom: false });
  });

  it('ranks by nearness to a wanted time when asked', () => {
    const slots = findFreeSlots({ ...base, busy: [], around: at('16:00'), limit: 3 });
    expect(slots.map((s) => s.start)).toEqual([at('16:00'), at('15:45'), at('16:15')]);
  });

  it('offers nothing on a closed day, at school time or in the past', () => {
    const hours = { 0: null, 1: null, 2: null, 3: null, 4: null, 5: null, 6: null } as const;
    expect(findFreeSlots({ ...base, busy: [], schedule: { openingHours: hours } })).toEqual([]);
    const school = [{ weekday: 2, start: '08:00', end: '15:00' }];
    const slots = findFreeSlots({
      ...base,
      days: [day],
      busy: [],
      schedule: { childSchool: school },
      limit: 100,
    });
    for (const s of slots) expect(s.start.getTime()).toBeGreaterThanOrEqual(at('15:00').getTime());
    expect(findFreeSlots({ ...base, days: [day], busy: [], now: at('23:00') })).toEqual([]);
  });

  const arbitraryBusy = fc.array(
    fc.record({
      startMinute: fc.integer({ min: 7 * 60, max: 21 * 60 }),
      length: fc.integer({ min: 30, max: 240 }),
      roomId: fc.constantFrom('r1', 'r2', 'r3'),
      staffIds: fc.subarray(['s1', 's2', 's3']),
      childId: fc.constantFrom('c1', 'c2', null),
      dayOffset: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 12 },
  );

  it('suggests only times that pass checkSchedule and clash with nothing booked', () => {
    fc.assert(
      fc.property(arbitraryBusy, fc.integer({ min: 30, max: 180 }), fc.boolean(), (raw, duration, second) => {
        const busy: BusySpan<number>[] = raw.map((b, i) => {
          const start = new Date(
            fromLondonDateKey(addDaysToDateKey(day, b.dayOffset), '00:00').getTime() + b.startMinute * 60_000,
          );
          return {
            held: roomOccupancy({ start, end: new Date(start.getTime() + b.length * 60_000) }),
            roomId: b.roomId,
            staffIds: b.staffIds,
            childId: b.childId,
            ref: i,
          };
        });
        const schedule = { childSchool: [{ weekday: 3, start: '09:00', end: '15:00' }] };
        const secondStaffId = second ? 's3' : null;
        const slots = findFreeSlots({
          days: [day, addDaysToDateKey(day, 1), addDaysToDateKey(day, 2)],
          durationMinutes: duration,
          now,
          schedule,
          roomIds: ['r1', 'r2'],
          supervisorIds: ['s1', 's2'],
          secondStaffId,
          childId: 'c1',
          busy,
          prefer: { supervisorId: 's1', roomId: 'r1' },
          stepMinutes: 30,
          limit: 20,
        });
        for (const s of slots) {
          expect(checkSchedule({ ...schedule, session: s, now })).toEqual([]);
          const held = roomOccupancy(s);
          for (const b of busy) {
            if (!overlaps(held, b.held)) continue;
            expect(b.roomId).not.toBe(s.roomId);
            expect(b.staffIds).not.toContain(s.supervisorId);
            if (secondStaffId) expect(b.staffIds).not.toContain(secondStaffId);
            expect(b.childId).not.toBe('c1');
          }
        }
        const ranks = slots.map((s) => (s.preferredSupervisor ? 0 : 2) + (s.preferredRoom ? 0 : 1));
        expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
      }),
      { numRuns: 40 },
    );
  });
});
