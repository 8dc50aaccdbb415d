/**
 * Scenario 4: booking. 200 managers' requests for the same room at the same time, all at once: exactly one may
 * win, every other must be refused with SESSION_ROOM_DOUBLE_BOOKED (the database's exclusion constraint decides).
 * Then the throughput of bookings that do not clash, against the raw limit: the same session row and outbox event
 * inserted by hand-written SQL in one transaction, with none of Kinroom's checks.
 */
import { addDaysToDateKey, fromLondonDateKey, londonDateKey, weekdayOfDateKey } from '@kinroom/domain';
import { bookLoad, type Bench } from '../context.js';
import type { BookLoadResult } from '../load/book.js';
import { BOOK_SESSION } from '../queries.js';
import { ratio } from '../stats.js';

const SLOTS = ['09:00', '11:00', '13:00', '15:00', '17:00', '19:00'];

export interface BookingScenario {
  contention: {
    requests: number;
    succeeded: number;
    codes: Record<string, number>;
    rowsInDatabase: number;
    exactlyOneWon: boolean;
  };
  throughput: { concurrency: number; kinroom: BookLoadResult; raw: BookLoadResult; ratio: number | null };
}

/** Weekend days from `fromDays` ahead: no school, no office hours, nothing booked yet. */
function weekendDays(now: Date, fromDays: number, count: number): string[] {
  const days: string[] = [];
  let key = addDaysToDateKey(londonDateKey(now), fromDays);
  while (days.length < count) {
    const wd = weekdayOfDateKey(key);
    if (wd === 0 || wd === 6) days.push(key);
    key = addDaysToDateKey(key, 1);
  }
  return days;
}

interface Cell {
  agreementId: string;
  childId: string;
  roomId: string;
  supervisorId: string;
  startsAt: Date;
  endsAt: Date;
}

function cells(b: Bench, days: string[]): Cell[] {
  const f = b.fixture;
  const out: Cell[] = [];
  let k = 0;
  for (const day of days) {
    for (const slot of SLOTS) {
      // The last room is out of service (see markRooms): Kinroom rightly refuses bookings there.
      for (let r = 0; r < f.roomIds.length - 1; r++) {
        const a = f.bookable[k++ % f.bookable.length]!;
        const startsAt = fromLondonDateKey(day, slot);
        out.push({
          ...a,
          roomId: f.roomIds[r]!,
          supervisorId: f.supervisorIds[r]!,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3_600_000),
        });
      }
    }
  }
  return out;
}

const kinroomBody = (c: Cell) =>
  JSON.stringify({
    query: BOOK_SESSION,
    variables: {
      input: {
        agreementId: c.agreementId,
        roomId: c.roomId,
        supervisorId: c.supervisorId,
        kind: 'CONTACT',
        startsAt: c.startsAt.toISOString(),
        endsAt: c.endsAt.toISOString(),
      },
    },
  });

export async function bookingScenario(b: Bench): Promise<BookingScenario> {
  const f = b.fixture;
  // Contention: one Saturday morning slot, 200 different families, one room.
  const [day] = weekendDays(b.now, 21, 1);
  const startsAt = fromLondonDateKey(day!, '10:00');
  const endsAt = new Date(startsAt.getTime() + 3_600_000);
  const requests = 200;
  const bodies = Array.from({ length: requests }, (_, i) => {
    const a = f.bookable[i % f.bookable.length]!;
    return kinroomBody({ ...a, roomId: f.roomIds[1]!, supervisorId: f.supervisorIds[1]!, startsAt, endsAt });
  });
  const contended = await bookLoad({
    url: b.kinroom,
    headers: { authorization: `Bearer ${b.tokens.manager}` },
    bodies,
    concurrency: requests,
  });
  const rows = Number(
    (
      await b.db.pool.query<{ n: string }>(
        `select count(*)::text as n from session where room_id = $1 and starts_at = $2 and status <> 'cancelled'`,
        [f.roomIds[1], startsAt],
      )
    ).rows[0]!.n,
  );
  const refused = contended.codes.SESSION_ROOM_DOUBLE_BOOKED ?? 0;
  const exactlyOneWon = contended.ok === 1 && refused === requests - 1 && rows === 1;
  b.log(
    `  contention: ${contended.ok} booked, ${JSON.stringify(contended.codes)}, ${rows} row(s) in the database → ${exactlyOneWon ? 'exactly one won' : 'FAILED'}`,
  );

  // Throughput: distinct rooms, times and families; Kinroom and raw on different weekends, interleaved.
  const per = b.quick ? 72 : 288;
  const concurrency = 8;
  const weekends = weekendDays(b.now, 35, Math.ceil((per * 4) / 66));
  const all = cells(b, weekends);
  const rounds = 2;
  const size = per / rounds;
  const kin: BookLoadResult[] = [];
  const raw: BookLoadResult[] = [];
  for (let r = 0; r < rounds; r++) {
    const kCells = all.slice(2 * r * size, (2 * r + 1) * size);
    const rCells = all.slice((2 * r + 1) * size, (2 * r + 2) * size);
    const runKin = () =>
      bookLoad({
        url: b.kinroom,
        headers: { authorization: `Bearer ${b.tokens.manager}` },
        bodies: kCells.map(kinroomBody),
        concurrency,
      });
    const runRaw = () =>
      bookLoad({
        url: `${b.raw}/book`,
        headers: {},
        bodies: rCells.map((c) => JSON.stringify({ ...c, councilId: f.councilId, centreId: f.centreId })),
        concurrency,
      });
    if (r % 2 === 0) {
      kin.push(await runKin());
      raw.push(await runRaw());
    } else {
      raw.push(await runRaw());
      kin.push(await runKin());
    }
  }
  const merge = (xs: BookLoadResult[]): BookLoadResult => {
    const ok = xs.reduce((a, x) => a + x.ok, 0);
    const seconds = xs.reduce((a, x) => a + x.seconds, 0);
    const codes: Record<string, number> = {};
    for (const x of xs) for (const [k, v] of Object.entries(x.codes)) codes[k] = (codes[k] ?? 0) + v;
    const worst = (key: 'p50' | 'p95' | 'p99') => Math.max(...xs.map((x) => x[key]));
    return {
      ok,
      codes,
      seconds,
      perSecond: ok / seconds,
      p50: worst('p50'),
      p95: worst('p95'),
      p99: worst('p99'),
    };
  };
  const k = merge(kin);
  const rr = merge(raw);
  b.log(
    `  bookings/s: Kinroom ${k.perSecond.toFixed(0)} (${JSON.stringify(k.codes)}), raw inserts ${rr.perSecond.toFixed(0)} (${JSON.stringify(rr.codes)})`,
  );
  return {
    contention: {
      requests,
      succeeded: contended.ok,
      codes: contended.codes,
      rowsInDatabase: rows,
      exactlyOneWon,
    },
    throughput: { concurrency, kinroom: k, raw: rr, ratio: ratio(k.perSecond, rr.perSecond) },
  };
}
