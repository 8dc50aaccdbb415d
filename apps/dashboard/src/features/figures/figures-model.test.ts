import { describe, expect, it } from 'vitest';
import {
  amount,
  barChart,
  FIGURES,
  figureTable,
  niceMax,
  percent,
  type CentreFigures,
  type Figure,
  type Period,
} from './figures-model';

function period(from: string, over: Partial<Period> = {}): Period {
  const room = (name: string, booked: number) => ({
    roomId: name,
    roomName: name,
    bookedHours: booked,
    openHours: 112,
    rate: booked / 112,
  });
  return {
    from,
    to: from,
    attendanceRate: 0.75,
    sessionsAttended: 3,
    sessionsRecorded: 4,
    unexplainedAbsences: 1,
    medianDaysToFirstSession: 4.5,
    agreementsStarted: 2,
    reportsOnTimeRate: null,
    reportsOnTime: 0,
    reportsDue: 0,
    medianMinutesToAcknowledge: 12,
    flagsAcknowledged: 3,
    flagsUnacknowledged: 1,
    allRooms: { roomId: null, roomName: 'All rooms', bookedHours: 28, openHours: 224, rate: 0.125 },
    rooms: [room('Birch', 14), room('Oak', 14)],
    ...over,
  };
}

const FIGS: CentreFigures = {
  centreId: 'c',
  centreName: 'Coxford',
  at: '2026-11-18T12:00:00Z',
  weeks: [
    period('2026-11-02', { attendanceRate: 1, sessionsAttended: 2, sessionsRecorded: 2 }),
    period('2026-11-09', { attendanceRate: null, sessionsAttended: 0, sessionsRecorded: 0 }),
    period('2026-11-16'),
  ],
  total: period('2026-11-02', { attendanceRate: 5 / 6, sessionsAttended: 5, sessionsRecorded: 6 }),
};

const figure = (key: string): Figure => FIGURES.find((f) => f.key === key)!;

describe('the figures shown', () => {
  it('has one chart and table for each figure the API gives', () => {
    expect(FIGURES.map((f) => f.key)).toEqual([
      'attendance',
      'unexplained',
      'first-session',
      'reports',
      'flags',
      'rooms',
    ]);
  });
});

describe('figureTable', () => {
  it('has a row per week, oldest first, and the range’s row, with what the rate is out of', () => {
    const t = figureTable(figure('attendance'), FIGS);
    expect(t.headers).toEqual(['Week', 'Attended', 'Recorded', 'Attendance rate']);
    expect(t.rows.map((r) => [r.label, ...r.cells])).toEqual([
      ['Week of 2 Nov 2026', '2', '2', '100%'],
      ['Week of 9 Nov 2026', '0', '0', 'None'],
      ['Week of 16 Nov 2026', '3', '4', '75%'],
    ]);
    expect(t.total).toEqual({ label: 'All 3 weeks', cells: ['5', '6', '83%'] });
  });

  it('gives room use a column per room, in the API’s order, and one for all rooms', () => {
    const t = figureTable(figure('rooms'), FIGS);
    expect(t.headers).toEqual(['Week', 'Birch', 'Oak', 'All rooms']);
    expect(t.rows[0]!.cells).toEqual(['13% (14 h)', '13% (14 h)', '13% (28 h of 224 h)']);
  });

  it('shows the flags’ median and those still unacknowledged', () => {
    const t = figureTable(figure('flags'), FIGS);
    expect(t.headers).toEqual(['Week', 'Acknowledged', 'Median minutes', 'Not acknowledged yet']);
    expect(t.rows[2]!.cells).toEqual(['3', '12', '1']);
  });
});

describe('barChart', () => {
  const day = (key: string) => key.slice(5);

  it('draws each week’s share against 0–100%, and a week with none as a mark, not a bar', () => {
    const c = barChart(figure('attendance'), FIGS.weeks, day, { width: 340, height: 142 });
    // The plot runs from y 12 to y 112: 100 pixels for 100%.
    expect(c.bars.map((b) => [b.label, b.height, b.empty, b.text])).toEqual([
      ['11-02', 100, false, '100%'],
      ['11-09', 0, true, 'None'],
      ['11-16', 75, false, '75%'],
    ]);
    expect(c.yTicks.map((t) => t.label)).toEqual(['0%', '50%', '100%']);
  });

  it('draws amounts against a round maximum at least the largest', () => {
    const weeks = [period('a', { unexplainedAbsences: 3 }), period('b', { unexplainedAbsences: 7 })];
    const c = barChart(figure('unexplained'), weeks, day, { width: 340, height: 142 });
    expect(c.yTicks.map((t) => t.label)).toEqual(['0', '5', '10']);
    expect(c.bars.map((b) => b.height)).toEqual([30, 70]);
  });

  it('places the weeks left to right, oldest first, without overlapping', () => {
    const c = barChart(figure('attendance'), FIGS.weeks, day);
    const xs = c.bars.map((b) => b.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    c.bars.slice(1).forEach((b, i) => expect(b.x).toBeGreaterThanOrEqual(c.bars[i]!.x + c.bars[i]!.width));
  });

  it('names every few weeks on a crowded axis, always the current one', () => {
    const many = Array.from({ length: 52 }, (_, i) => period(`w${i}`));
    const c = barChart(figure('attendance'), many, day);
    const named = c.bars.filter((b) => b.labelled);
    expect(named.length).toBeLessThan(52);
    expect(named.at(-1)!.key).toBe('w51');
  });
});

describe('words for the numbers', () => {
  it('rounds shares to whole percentages and amounts to one decimal place, and says None for no figure', () => {
    expect(percent(2 / 3)).toBe('67%');
    expect(percent(null)).toBe('None');
    expect(amount(153.5)).toBe('153.5');
    expect(amount(40)).toBe('40');
    expect(amount(null)).toBe('None');
  });

  it.each([
    [0, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [305, 500],
  ])('rounds an axis up from %s to %s', (largest, top) => {
    expect(niceMax(largest)).toBe(top);
  });
});
