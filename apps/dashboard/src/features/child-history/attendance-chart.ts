import type { AttendanceOutcome } from '@kinroom/schema';

/**
 * The maths behind the attendance chart: the running attendance rate after each session, placed on a time axis.
 * The rate follows the same rule as the API's summary (docs/domain.md rules 7 and 8): attended and late-within-grace
 * sessions count as attended, unexplained no-shows count against, and explained absences and centre cancellations
 * do not count at all. So the line ends where the summary's figure is, for the same sessions.
 */

export interface ChartSession {
  id: string;
  startsAt: string;
  /** Null while attendance is not recorded (sessions still to come): such sessions are left off the chart. */
  outcome: AttendanceOutcome | null;
}

export interface SeriesPoint {
  id: string;
  startsAt: string;
  time: number;
  outcome: AttendanceOutcome;
  /** Whether this session counts towards the rate. */
  counts: boolean;
  /** Attended so far / counted so far, after this session; null until a session counts. */
  rate: number | null;
  attendedSoFar: number;
  countedSoFar: number;
}

export function countsTowardsRate(o: AttendanceOutcome): boolean {
  return o === 'ATTENDED' || o === 'LATE_WITHIN_GRACE' || o === 'UNEXPLAINED_NO_SHOW';
}

export function isAttended(o: AttendanceOutcome): boolean {
  return o === 'ATTENDED' || o === 'LATE_WITHIN_GRACE';
}

/** Sessions with attendance recorded, oldest first, each with the running rate after it. */
export function attendanceSeries(sessions: readonly ChartSession[]): SeriesPoint[] {
  const recorded = sessions
    .filter((s): s is ChartSession & { outcome: AttendanceOutcome } => s.outcome !== null)
    .map((s) => ({ ...s, time: Date.parse(s.startsAt) }))
    .filter((s) => Number.isFinite(s.time))
    .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  let attended = 0;
  let counted = 0;
  return recorded.map((s) => {
    const counts = countsTowardsRate(s.outcome);
    if (counts) {
      counted += 1;
      if (isAttended(s.outcome)) attended += 1;
    }
    return {
      id: s.id,
      startsAt: s.startsAt,
      time: s.time,
      outcome: s.outcome,
      counts,
      rate: counted === 0 ? null : attended / counted,
      attendedSoFar: attended,
      countedSoFar: counted,
    };
  });
}

export interface PlottedPoint extends SeriesPoint {
  x: number;
  /** Where the rate sits on the rate axis; null until a session counts. */
  y: number | null;
}

export interface ChartModel {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** The row under the plot where each session's outcome is marked. */
  laneY: number;
  points: PlottedPoint[];
  /** SVG path data for the running rate; empty when nothing counts yet. */
  line: string;
  yTicks: { value: number; y: number; label: string }[];
  xTicks: { x: number; label: string; iso: string }[];
  attended: number;
  counted: number;
  /** The rate after the last session shown; null when none counts. */
  rate: number | null;
}

export interface ChartSize {
  width: number;
  height: number;
}

// Room at either side for a centred date label under the first and last sessions.
const MARGIN = { left: 48, right: 36, top: 14, bottom: 58 };

/** Lays the series out in an SVG box: time left to right (oldest first), rate 0–100% bottom to top. */
export function chartModel(
  sessions: readonly ChartSession[],
  formatDate: (iso: string) => string,
  size: ChartSize = { width: 640, height: 240 },
): ChartModel {
  const series = attendanceSeries(sessions);
  const plot = {
    left: MARGIN.left,
    right: size.width - MARGIN.right,
    top: MARGIN.top,
    bottom: size.height - MARGIN.bottom,
  };
  const first = series[0]?.time ?? 0;
  const last = series.at(-1)?.time ?? 0;
  const span = last - first;
  const xOf = (t: number) =>
    span <= 0 ? (plot.left + plot.right) / 2 : plot.left + ((t - first) / span) * (plot.right - plot.left);
  const yOf = (rate: number) => plot.bottom - rate * (plot.bottom - plot.top);

  const points: PlottedPoint[] = series.map((p) => ({
    ...p,
    x: round(xOf(p.time)),
    y: p.rate === null ? null : round(yOf(p.rate)),
  }));
  const line = points
    .filter((p) => p.y !== null)
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`)
    .join(' ');

  const yTicks = [0, 0.5, 1].map((value) => ({ value, y: round(yOf(value)), label: `${value * 100}%` }));
  const xTicks = pickTicks(points).map((p) => ({ x: p.x, label: formatDate(p.startsAt), iso: p.startsAt }));
  const lastPoint = points.at(-1);
  return {
    width: size.width,
    height: size.height,
    plot,
    laneY: plot.bottom + 22,
    points,
    line,
    yTicks,
    xTicks,
    attended: lastPoint?.attendedSoFar ?? 0,
    counted: lastPoint?.countedSoFar ?? 0,
    rate: lastPoint?.rate ?? null,
  };
}

/** First, last and (when there is room) middle sessions label the time axis, so labels never overlap. */
function pickTicks<T>(points: readonly T[]): T[] {
  if (points.length <= 2) return [...points];
  const middle = points[Math.floor((points.length - 1) / 2)]!;
  return [points[0]!, middle, points.at(-1)!];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
