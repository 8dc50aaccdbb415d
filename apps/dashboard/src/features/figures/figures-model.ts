import type { FiguresPeriodFieldsFragment } from '@kinroom/schema';
import { calendarDate } from '../../shared/london-time';

/**
 * What the figures screen shows of `centreFigures` (docs/figures.md): for each figure, the number charted week by
 * week, and a table of the same numbers with what they are out of. The chart and the table are made from the same
 * figure, so they never disagree; the table is what a screen reader reads.
 */

export type Period = FiguresPeriodFieldsFragment;

export interface CentreFigures {
  centreId: string;
  centreName: string;
  /** When the figures were worked out. */
  at: string;
  weeks: Period[];
  total: Period;
}

/** A share (0 to 1, drawn against 100%) or a count, a number of days or of minutes (drawn against the largest). */
export type Scale = 'share' | 'amount';

export interface Column {
  header: string;
  cell: (p: Period) => string;
}

export interface Figure {
  key: string;
  title: string;
  /** What the figure means, in a sentence (its full definition is docs/figures.md). */
  about: string;
  scale: Scale;
  /** The number charted for a week; null when there is none (nothing to divide, nothing to take the middle of). */
  value: (p: Period) => number | null;
  /** The charted number in words, as its column shows it. */
  format: (v: number | null) => string;
  columns: (f: CentreFigures) => Column[];
}

const NONE = 'None';

/** "75%"; "None" when there was nothing to divide by. */
export function percent(v: number | null): string {
  return v === null ? NONE : `${Math.round(v * 100)}%`;
}

/** "3", "2.5"; "None" when there was nothing to count. */
export function amount(v: number | null): string {
  if (v === null) return NONE;
  return String(Math.round(v * 10) / 10);
}

/** "12.5 h". */
export function hours(v: number): string {
  return `${Math.round(v * 10) / 10} h`;
}

const count = (n: number) => String(n);

export const FIGURES: readonly Figure[] = [
  {
    key: 'attendance',
    title: 'Attendance rate',
    about:
      'Sessions attended, on time or late within the grace period, out of sessions whose attendance was recorded. Sessions the centre cancelled are left out.',
    scale: 'share',
    value: (p) => p.attendanceRate ?? null,
    format: percent,
    columns: () => [
      { header: 'Attended', cell: (p) => count(p.sessionsAttended) },
      { header: 'Recorded', cell: (p) => count(p.sessionsRecorded) },
      { header: 'Attendance rate', cell: (p) => percent(p.attendanceRate ?? null) },
    ],
  },
  {
    key: 'unexplained',
    title: 'Unexplained absences',
    about: 'Sessions a parent missed without giving notice before the start.',
    scale: 'amount',
    value: (p) => p.unexplainedAbsences,
    format: amount,
    columns: () => [{ header: 'Unexplained absences', cell: (p) => count(p.unexplainedAbsences) }],
  },
  {
    key: 'first-session',
    title: 'Days from signing to first contact',
    about:
      'The median number of days from an agreement being signed to its first contact session, for agreements whose first session took place that week.',
    scale: 'amount',
    value: (p) => p.medianDaysToFirstSession ?? null,
    format: amount,
    columns: () => [
      { header: 'Agreements started', cell: (p) => count(p.agreementsStarted) },
      { header: 'Median days', cell: (p) => amount(p.medianDaysToFirstSession ?? null) },
    ],
  },
  {
    key: 'reports',
    title: 'Reports on time',
    about:
      'Observation records final by their due date (5 working days after the session) out of records due that week.',
    scale: 'share',
    value: (p) => p.reportsOnTimeRate ?? null,
    format: percent,
    columns: () => [
      { header: 'Due', cell: (p) => count(p.reportsDue) },
      { header: 'On time', cell: (p) => count(p.reportsOnTime) },
      { header: 'Reports on time', cell: (p) => percent(p.reportsOnTimeRate ?? null) },
    ],
  },
  {
    key: 'flags',
    title: 'Time to acknowledge a flag',
    about:
      'The median minutes from a safeguarding flag being raised to its first acknowledgement, for flags raised that week, and how many nobody has acknowledged yet.',
    scale: 'amount',
    value: (p) => p.medianMinutesToAcknowledge ?? null,
    format: amount,
    columns: () => [
      { header: 'Acknowledged', cell: (p) => count(p.flagsAcknowledged) },
      { header: 'Median minutes', cell: (p) => amount(p.medianMinutesToAcknowledge ?? null) },
      { header: 'Not acknowledged yet', cell: (p) => count(p.flagsUnacknowledged) },
    ],
  },
  {
    key: 'rooms',
    title: 'Room use',
    about:
      'Hours booked out of the hours the centre was open, for each room and for all rooms together. Cancelled sessions are left out.',
    scale: 'share',
    value: (p) => p.allRooms.rate ?? null,
    format: percent,
    columns: (f) => [
      ...f.total.rooms.map((room, i) => ({
        header: room.roomName,
        cell: (p: Period) => {
          const r = p.rooms[i];
          return r ? `${percent(r.rate ?? null)} (${hours(r.bookedHours)})` : NONE;
        },
      })),
      {
        header: 'All rooms',
        cell: (p) =>
          `${percent(p.allRooms.rate ?? null)} (${hours(p.allRooms.bookedHours)} of ${hours(p.allRooms.openHours)})`,
      },
    ],
  },
];

/** "Week of 16 Nov 2026". */
export function weekLabel(p: Pick<Period, 'from'>): string {
  return `Week of ${calendarDate(p.from)}`;
}

export interface FigureTable {
  headers: string[];
  rows: { key: string; label: string; cells: string[] }[];
  /** The whole range's row. */
  total: { label: string; cells: string[] };
}

/** A figure's table: a row per week, oldest first, then the whole range's. */
export function figureTable(figure: Figure, figures: CentreFigures): FigureTable {
  const columns = figure.columns(figures);
  const cells = (p: Period) => columns.map((c) => c.cell(p));
  const n = figures.weeks.length;
  return {
    headers: ['Week', ...columns.map((c) => c.header)],
    rows: figures.weeks.map((p) => ({ key: p.from, label: weekLabel(p), cells: cells(p) })),
    total: { label: `All ${n} ${n === 1 ? 'week' : 'weeks'}`, cells: cells(figures.total) },
  };
}

export interface Bar {
  key: string;
  label: string;
  /** The bar's text, as the table words it. */
  text: string;
  x: number;
  width: number;
  y: number;
  height: number;
  /** Whether the week has no figure (drawn as a mark on the axis, not as a bar). */
  empty: boolean;
  /** Whether the axis names this week (every week when there is room, else every few). */
  labelled: boolean;
}

export interface BarChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: Bar[];
  yTicks: { y: number; label: string }[];
}

const MARGIN = { left: 44, right: 8, top: 12, bottom: 30 };
// An axis label needs about this many pixels ("16 Nov").
const LABEL_WIDTH = 44;

/** A round top for the axis of amounts: 1, 2, 5 or 10 times a power of ten, at least the largest value. */
export function niceMax(largest: number): number {
  if (!(largest > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  for (const step of [1, 2, 5, 10]) if (step * power >= largest) return step * power;
  return 10 * power;
}

/** Lays out one bar per week, oldest on the left; a share against 0–100%, an amount against a round maximum. */
export function barChart(
  figure: Figure,
  weeks: readonly Period[],
  formatDay: (dateKey: string) => string,
  size = { width: 560, height: 200 },
): BarChart {
  const plot = {
    left: MARGIN.left,
    right: size.width - MARGIN.right,
    top: MARGIN.top,
    bottom: size.height - MARGIN.bottom,
  };
  const values = weeks.map((p) => figure.value(p));
  const top =
    figure.scale === 'share'
      ? Math.max(1, ...values.map((v) => v ?? 0))
      : niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
  const slot = (plot.right - plot.left) / Math.max(1, weeks.length);
  const every = Math.max(1, Math.ceil(LABEL_WIDTH / slot));
  const yOf = (v: number) => plot.bottom - (v / top) * (plot.bottom - plot.top);
  const bars = weeks.map((p, i): Bar => {
    const v = values[i] ?? null;
    const y = round(yOf(v ?? 0));
    return {
      key: p.from,
      label: formatDay(p.from),
      text: figure.format(v),
      x: round(plot.left + i * slot + slot * 0.15),
      width: round(slot * 0.7),
      y,
      height: round(plot.bottom - y),
      empty: v === null,
      labelled: (weeks.length - 1 - i) % every === 0,
    };
  });
  const tickValues = figure.scale === 'share' ? [0, 0.5, 1] : [0, top / 2, top];
  const yTicks = tickValues.map((v) => ({
    y: round(yOf(v)),
    label: figure.scale === 'share' ? percent(v) : amount(v),
  }));
  return { width: size.width, height: size.height, plot, bars, yTicks };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
