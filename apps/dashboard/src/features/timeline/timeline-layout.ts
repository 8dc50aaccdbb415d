import { londonDateKey, londonMinuteOfDay, weekdayOfDateKey } from '@kinroom/domain';

/**
 * Where things go on the timeline: a day's hours across, one row per room, sessions as blocks placed by their
 * London wall-clock times. Positions are percentages of the day window, so the grid can be any width.
 */

/** The part of the day shown, in minutes since London midnight. */
export interface DayWindow {
  startMin: number;
  endMin: number;
  /** True when the centre is closed all day (the default hours are shown so bookings still have a place). */
  closed: boolean;
}

export interface OpeningDayInput {
  weekday: number;
  open: string | null;
  close: string | null;
}

/** 07:00–23:00, the hours of the council that asked for Kinroom, when a centre's hours are not known. */
export const DEFAULT_WINDOW: DayWindow = { startMin: 7 * 60, endMin: 23 * 60, closed: false };

const DAY = 24 * 60;

export function clockToMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function minutesToClock(minutes: number): string {
  const m = Math.round(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The centre's opening hours on a day, as a window. */
export function dayWindow(hours: readonly OpeningDayInput[], dateKey: string): DayWindow {
  const day = hours.find((h) => h.weekday === weekdayOfDateKey(dateKey));
  if (!day) return DEFAULT_WINDOW;
  if (!day.open || !day.close) return { ...DEFAULT_WINDOW, closed: true };
  return { startMin: clockToMinutes(day.open), endMin: clockToMinutes(day.close), closed: false };
}

export interface TimeSpan {
  startsAt: string | Date;
  endsAt: string | Date;
}

/** A span's start and end as minutes of the given London day, clamped to that day (0 to 1440). */
export function minutesOnDay(span: TimeSpan, dateKey: string): { start: number; end: number } {
  const at = (value: string | Date) => {
    const d = new Date(value);
    const key = londonDateKey(d);
    if (key < dateKey) return 0;
    if (key > dateKey) return DAY;
    return londonMinuteOfDay(d);
  };
  return { start: at(span.startsAt), end: at(span.endsAt) };
}

/**
 * The window widened to whole hours that take in every session of the day, so that nothing booked (or left
 * over from before the hours changed) falls off the edge.
 */
export function fitWindow(window: DayWindow, spans: readonly TimeSpan[], dateKey: string): DayWindow {
  let { startMin, endMin } = window;
  for (const s of spans) {
    const m = minutesOnDay(s, dateKey);
    startMin = Math.min(startMin, Math.floor(m.start / 60) * 60);
    endMin = Math.max(endMin, Math.ceil(m.end / 60) * 60);
  }
  return { ...window, startMin: Math.max(0, startMin), endMin: Math.min(DAY, endMin) };
}

/** The hours marked along the top: every whole hour from the window's start up to its end. */
export function hourTicks(window: DayWindow): number[] {
  const ticks: number[] = [];
  for (let m = Math.ceil(window.startMin / 60) * 60; m < window.endMin; m += 60) ticks.push(m);
  return ticks;
}

/** How far across the window a minute of the day falls, in percent (0 to 100). */
export function offsetPercent(minute: number, window: DayWindow): number {
  const span = Math.max(1, window.endMin - window.startMin);
  return (Math.min(Math.max(minute, window.startMin), window.endMin) - window.startMin) * (100 / span);
}

export interface Placed<T> {
  item: T;
  /** Left edge, percent of the window. */
  left: number;
  /** Width, percent of the window. */
  width: number;
  /** Which line of its row the block sits on: overlapping blocks (a cancelled session and its replacement) stack. */
  lane: number;
  /** The block starts before, or ends after, the window shown. */
  clippedStart: boolean;
  clippedEnd: boolean;
}

/**
 * Places one row's blocks. Blocks that overlap in time go on separate lanes, each on the first lane free at its
 * start, so a row is only as tall as its busiest moment needs.
 */
export function placeBlocks<T extends TimeSpan>(
  items: readonly T[],
  dateKey: string,
  window: DayWindow,
): { placed: Placed<T>[]; lanes: number } {
  const sorted = items
    .map((item) => ({ item, m: minutesOnDay(item, dateKey) }))
    .sort((a, b) => a.m.start - b.m.start || a.m.end - b.m.end);
  const laneEnds: number[] = [];
  const placed = sorted.map(({ item, m }) => {
    let lane = laneEnds.findIndex((end) => end <= m.start);
    if (lane === -1) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = Math.max(m.end, m.start);
    const left = offsetPercent(m.start, window);
    return {
      item,
      left,
      width: Math.max(0, offsetPercent(m.end, window) - left),
      lane,
      clippedStart: m.start < window.startMin,
      clippedEnd: m.end > window.endMin,
    };
  });
  return { placed, lanes: Math.max(1, laneEnds.length) };
}

/** Where "now" is drawn, in percent, or null when the day shown is not today or now is outside the window. */
export function nowPercent(now: number, dateKey: string, window: DayWindow): number | null {
  const d = new Date(now);
  if (londonDateKey(d) !== dateKey) return null;
  const m = londonMinuteOfDay(d);
  if (m < window.startMin || m > window.endMin) return null;
  return offsetPercent(m, window);
}

/** The time under a point of a row, rounded down to a quarter of an hour (clicking an empty slot to book). */
export function minuteAt(fraction: number, window: DayWindow, stepMinutes = 15): number {
  const raw = window.startMin + Math.min(1, Math.max(0, fraction)) * (window.endMin - window.startMin);
  return Math.floor(raw / stepMinutes) * stepMinutes;
}
