import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { AttendanceOutcome } from '@kinroom/schema';
import AttendanceChart from './AttendanceChart.vue';
import { attendanceSeries, chartModel, type ChartSession } from './attendance-chart';

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 16)).toISOString();
const s = (id: string, n: number, outcome: AttendanceOutcome | null): ChartSession => ({
  id,
  startsAt: day(n),
  outcome,
});
const label = (iso: string) => iso.slice(0, 10);

describe('attendanceSeries', () => {
  it('orders sessions oldest first and leaves off those without attendance', () => {
    const series = attendanceSeries([s('c', 9, 'ATTENDED'), s('next', 12, null), s('a', 3, 'ATTENDED')]);
    expect(series.map((p) => p.id)).toEqual(['a', 'c']);
  });

  it('counts late-within-grace as attended and a no-show against', () => {
    const series = attendanceSeries([
      s('1', 1, 'ATTENDED'),
      s('2', 2, 'LATE_WITHIN_GRACE'),
      s('3', 3, 'UNEXPLAINED_NO_SHOW'),
      s('4', 4, 'UNEXPLAINED_NO_SHOW'),
    ]);
    expect(series.map((p) => p.rate)).toEqual([1, 1, 2 / 3, 0.5]);
    expect(series.at(-1)).toMatchObject({ attendedSoFar: 2, countedSoFar: 4 });
  });

  it('leaves explained absences and centre cancellations out of the rate (docs/domain.md rule 8)', () => {
    const series = attendanceSeries([
      s('1', 1, 'EXPLAINED_ABSENCE'),
      s('2', 2, 'CENTRE_CANCELLED'),
      s('3', 3, 'ATTENDED'),
      s('4', 4, 'EXPLAINED_ABSENCE'),
    ]);
    expect(series.map((p) => p.counts)).toEqual([false, false, true, false]);
    // Nothing counts before the first attended session: no rate yet, rather than 0%.
    expect(series.map((p) => p.rate)).toEqual([null, null, 1, 1]);
  });

  it('ends at the same figure as the API summary for the demo pattern AANEAN', () => {
    const pattern: AttendanceOutcome[] = [
      'ATTENDED',
      'ATTENDED',
      'UNEXPLAINED_NO_SHOW',
      'EXPLAINED_ABSENCE',
      'ATTENDED',
      'UNEXPLAINED_NO_SHOW',
    ];
    const series = attendanceSeries(pattern.map((o, i) => s(String(i), i + 1, o)));
    expect(series.at(-1)?.rate).toBeCloseTo(3 / 5);
  });
});

describe('chartModel', () => {
  const size = { width: 400, height: 200 };

  it('places sessions on a time axis between the plot edges and rates between bottom and top', () => {
    const m = chartModel(
      [s('a', 1, 'ATTENDED'), s('b', 3, 'UNEXPLAINED_NO_SHOW'), s('c', 11, 'ATTENDED')],
      label,
      size,
    );
    const [a, b, c] = m.points;
    expect(a!.x).toBe(m.plot.left);
    expect(c!.x).toBe(m.plot.right);
    // Day 3 is a fifth of the way from day 1 to day 11.
    expect(b!.x).toBeCloseTo(m.plot.left + (m.plot.right - m.plot.left) / 5, 0);
    expect(a!.y).toBe(m.plot.top); // 100%
    expect(b!.y).toBeCloseTo((m.plot.top + m.plot.bottom) / 2, 0); // 50%
    expect(m.line).toMatch(/^M\d/);
    expect(m.line.split(' L').length).toBe(3);
    expect(m.rate).toBeCloseTo(2 / 3);
    expect(m.yTicks.map((t) => t.label)).toEqual(['0%', '50%', '100%']);
  });

  it('puts a single session in the middle and labels at most three dates', () => {
    const one = chartModel([s('a', 1, 'ATTENDED')], label, size);
    expect(one.points[0]!.x).toBe((one.plot.left + one.plot.right) / 2);
    const many = chartModel(
      Array.from({ length: 9 }, (_, i) => s(String(i), i + 1, 'ATTENDED')),
      label,
      size,
    );
    expect(many.xTicks.map((t) => t.label)).toEqual(['2026-11-01', '2026-11-05', '2026-11-09']);
  });

  it('draws no line while nothing counts, and is empty with no sessions', () => {
    expect(chartModel([s('a', 1, 'CENTRE_CANCELLED')], label, size).line).toBe('');
    const empty = chartModel([], label, size);
    expect(empty.points).toEqual([]);
    expect(empty.rate).toBeNull();
  });
});

describe('AttendanceChart', () => {
  it('marks each session and gives the same figures as text for screen readers', () => {
    const w = mount(AttendanceChart, {
      props: {
        sessions: [s('a', 1, 'ATTENDED'), s('b', 4, 'UNEXPLAINED_NO_SHOW'), s('c', 7, 'EXPLAINED_ABSENCE')],
        more: false,
      },
    });
    expect(w.findAll('.mark.attended')).toHaveLength(2); // one on the chart, one in the legend
    expect(w.findAll('tbody tr')).toHaveLength(3);
    const desc = w.find('desc').text();
    expect(desc).toContain('3 sessions');
    expect(desc).toContain('Attendance rate 50% of 2 sessions that count');
    expect(w.find('svg[role="img"]').attributes('aria-labelledby')).toBe('chart-svg-title chart-svg-desc');
  });

  it('says so when nothing is recorded yet', () => {
    const w = mount(AttendanceChart, { props: { sessions: [s('a', 1, null)], more: false } });
    expect(w.find('[data-testid="chart-empty"]').exists()).toBe(true);
    expect(w.find('svg[role="img"]').exists()).toBe(false);
  });
});
