/**
 * Scenario 4, continued: a weekly series of 24 sessions booked in one `bookSeries`, against one `bookSession`.
 * 200 managers' series for the same room and Saturdays at once: exactly one may win, every other is refused with
 * SERIES_CONFLICT and nothing of it is stored. Then the time of one series against the time of one booking, one
 * request at a time, alternating, so that a busy moment falls on both alike.
 */
import { addDaysToDateKey, fromLondonDateKey, londonDateKey, weekdayOfDateKey } from '@kinroom/domain';
import { bookLoad, type Bench } from '../context.js';
import type { BookLoadResult } from '../load/book.js';
import { BOOK_SERIES, BOOK_SESSION } from '../queries.js';
import { ratio, summary } from '../stats.js';

export const SERIES_LENGTH = 24;
/** Far enough ahead to be clear of every other scenario's bookings (the single bookings end within 15 weeks). */
const FIRST_DAY = 120;
const SATURDAY = 6;
const SUNDAY = 0;

export interface SeriesScenario {
  contention: {
    requests: number;
    succeeded: number;
    codes: Record<string, number>;
    rowsInDatabase: number;
    exactlyOneWon: boolean;
  };
  /** Median, p95 of one request each, sent one at a time and alternating. */
  timing: {
    pairs: number;
    series: { p50: number; p95: number; codes: Record<string, number> };
    one: { p50: number; p95: number; codes: Record<string, number> };
    /** The median series over the median single booking. */
    ratio: number | null;
  };
}

/** The first date on or after `fromDays` ahead that falls on `weekday`. */
function firstOn(now: Date, fromDays: number, weekday: number): string {
  let key = addDaysToDateKey(londonDateKey(now), fromDays);
  while (weekdayOfDateKey(key) !== weekday) key = addDaysToDateKey(key, 1);
  return key;
}

const seriesBody = (p: {
  agreementId: string;
  roomId: string;
  supervisorId: string;
  firstDate: string;
  startTime: string;
}) =>
  JSON.stringify({
    query: BOOK_SERIES,
    variables: {
      input: {
        ...p,
        kind: 'CONTACT',
        weekdays: [weekdayOfDateKey(p.firstDate)],
        durationMinutes: 60,
        weeks: SERIES_LENGTH,
      },
    },
  });

export async function seriesScenario(b: Bench): Promise<SeriesScenario> {
  const f = b.fixture;
  const saturday = firstOn(b.now, FIRST_DAY, SATURDAY);
  const headers = { authorization: `Bearer ${b.tokens.manager}` };

  // Contention: Saturdays at 10:00 in one room for 24 weeks, 200 families at once.
  const requests = 200;
  const contended = await bookLoad({
    url: b.kinroom,
    headers,
    bodies: Array.from({ length: requests }, (_, i) =>
      seriesBody({
        agreementId: f.bookable[i % f.bookable.length]!.agreementId,
        roomId: f.roomIds[1]!,
        supervisorId: f.supervisorIds[1]!,
        firstDate: saturday,
        startTime: '10:00',
      }),
    ),
    concurrency: requests,
  });
  const rows = Number(
    (
      await b.db.pool.query<{ n: string }>(
        `select count(*)::text as n from session where room_id = $1 and status <> 'cancelled' and starts_at >= $2`,
        [f.roomIds[1], fromLondonDateKey(saturday, '00:00')],
      )
    ).rows[0]!.n,
  );
  const refused = contended.codes.SERIES_CONFLICT ?? 0;
  const exactlyOneWon = contended.ok === 1 && refused === requests - 1 && rows === SERIES_LENGTH;
  b.log(
    `  series contention: ${contended.ok} booked, ${JSON.stringify(contended.codes)}, ${rows} session row(s) → ${exactlyOneWon ? 'exactly one won' : 'FAILED'}`,
  );

  // Timing: each series in a room and afternoon slot of its own on Saturdays, with a family of its own; each single
  // booking on a Sunday of the same weeks.
  const pairs = b.quick ? 4 : 12;
  const slots = ['13:00', '15:00', '17:00'];
  const rooms = f.roomIds.slice(2, f.roomIds.length - 1); // neither the contended room nor the one out of service
  const sunday = firstOn(b.now, FIRST_DAY, SUNDAY);
  const series: BookLoadResult[] = [];
  const ones: BookLoadResult[] = [];
  for (let i = 0; i < pairs; i++) {
    const r = i % rooms.length;
    const slot = slots[Math.floor(i / rooms.length) % slots.length]!;
    const a = f.bookable[i % f.bookable.length]!;
    const runSeries = async () =>
      series.push(
        await bookLoad({
          url: b.kinroom,
          headers,
          bodies: [
            seriesBody({
              agreementId: a.agreementId,
              roomId: rooms[r]!,
              supervisorId: f.supervisorIds[r + 2]!,
              firstDate: saturday,
              startTime: slot,
            }),
          ],
          concurrency: 1,
        }),
      );
    const startsAt = fromLondonDateKey(sunday, slot);
    const runOne = async () =>
      ones.push(
        await bookLoad({
          url: b.kinroom,
          headers,
          bodies: [
            JSON.stringify({
              query: BOOK_SESSION,
              variables: {
                input: {
                  agreementId: a.agreementId,
                  roomId: rooms[r]!,
                  supervisorId: f.supervisorIds[r + 2]!,
                  kind: 'CONTACT',
                  startsAt: startsAt.toISOString(),
                  endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
                },
              },
            }),
          ],
          concurrency: 1,
        }),
      );
    if (i % 2 === 0) {
      await runSeries();
      await runOne();
    } else {
      await runOne();
      await runSeries();
    }
  }
  const side = (xs: BookLoadResult[]) => {
    const s = summary(xs.map((x) => x.p50));
    const codes: Record<string, number> = {};
    for (const x of xs) for (const [k, v] of Object.entries(x.codes)) codes[k] = (codes[k] ?? 0) + v;
    return { p50: s.p50, p95: s.p95, codes };
  };
  const timing = { pairs, series: side(series), one: side(ones), ratio: 0 as number | null };
  timing.ratio = ratio(timing.series.p50, timing.one.p50);
  b.log(
    `  series of ${SERIES_LENGTH}: p50 ${timing.series.p50.toFixed(1)} ms ${JSON.stringify(timing.series.codes)}; one booking p50 ${timing.one.p50.toFixed(1)} ms ${JSON.stringify(timing.one.codes)} → ${timing.ratio}×`,
  );
  return {
    contention: {
      requests,
      succeeded: contended.ok,
      codes: contended.codes,
      rowsInDatabase: rows,
      exactlyOneWon,
    },
    timing,
  };
}
