import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/api.js';
import {
  AMENDMENT_ROWS,
  ATTENDANCE_COLUMNS,
  FLAG_ROWS,
  OBSERVATION_COLUMNS,
  SESSION_COLUMNS,
} from '../children/history.rows.js';
import { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import { Room } from '../rooms/room.entity.js';
import { SafeguardingFlag } from '../safeguarding/flag.entity.js';
import { Attendance, Session } from '../sessions/session.entity.js';
import { ormOptions } from './orm.js';
import { plainCopy, RowColumns, type JsonRow } from './row-columns.js';

let api: TestApi;
/**
 * Kinroom's mapping with what a newcomer adds for a new session field (a column and an entity property), and a
 * room property whose JSON is not what the ORM maps it to. Started last, so the rows below are read by its mapping.
 */
let orm: MikroORM;

beforeAll(async () => {
  api = await startTestApi();
  await api.db.sql(
    `alter table session add column interpreter_needed boolean not null default false,
                         add column interpreter_booked_at timestamptz`,
  );
  const options = ormOptions(api.db.url);
  orm = await MikroORM.init({
    ...options,
    discovery: {
      ...options.discovery,
      onMetadata(meta) {
        if (meta.class === Session) {
          meta.addProperty({ name: 'interpreterNeeded', type: 'boolean' } as never);
          meta.addProperty({ name: 'interpreterBookedAt', type: 'datetime', nullable: true } as never);
        }
        if (meta.class === Room)
          meta.addProperty({ name: 'deposit', type: 'decimal', nullable: true } as never);
      },
    },
  });
});

afterAll(async () => {
  await orm?.close(true);
  await api?.close();
});

/** Every property the ORM stores in a column of the entity's table. */
function stored(entity: new () => object, leaveOut: string[] = []): string[] {
  return orm
    .getMetadata()
    .get(entity)
    .props.filter((p) => p.kind === 'scalar' && p.persist !== false)
    .map((p) => p.name as string)
    .filter((name) => !leaveOut.includes(name))
    .sort();
}

describe('rows read from JSON', () => {
  it('read every stored property of each entity a history shows (a flag all but its council)', () => {
    const tables: [new () => object, { properties: readonly string[] }, string[]][] = [
      [Session, SESSION_COLUMNS.all, []],
      [Attendance, ATTENDANCE_COLUMNS.all, []],
      [Observation, OBSERVATION_COLUMNS.all, []],
      [ObservationAmendment, AMENDMENT_ROWS, []],
      [SafeguardingFlag, FLAG_ROWS, ['councilId']],
    ];
    for (const [entity, columns, leaveOut] of tables) {
      expect([...columns.properties].sort(), entity.name).toEqual(stored(entity, leaveOut));
    }
  });

  it('read a property added to an entity as the ORM maps it, with no table edited, in every read of all columns', async () => {
    const [session] = (await api.db.sql(`select id from session order by starts_at limit 1`)).rows;
    const bookedAt = new Date('2026-05-01T09:30:00.123Z');
    await api.db.sql(
      `update session set interpreter_needed = true, interpreter_booked_at = $2 where id = $1`,
      [session.id, bookedAt],
    );
    const [row] = (
      await api.db.sql(
        `select ${SESSION_COLUMNS.all.sql('s')} as written, to_jsonb(s) as json from session s where id = $1`,
        [session.id],
      )
    ).rows as { written: JsonRow; json: Record<string, unknown> }[];
    const plain = SESSION_COLUMNS.all.read(row!.written) as unknown as Record<string, unknown>;
    const managed = orm.em.fork().map(Session, row!.json) as unknown as Record<string, unknown>;
    expect(plain.interpreterNeeded).toBe(true);
    expect(plain.interpreterBookedAt).toEqual(bookedAt);
    for (const name of stored(Session)) expect(plain[name], name).toEqual(managed[name]);

    // A selection of the new field reads every column; the narrow reads a list makes stay as they were.
    expect(SESSION_COLUMNS.forFields(['id', 'interpreterNeeded'])).toBe(SESSION_COLUMNS.all);
    expect(SESSION_COLUMNS.forFields(['id', 'startsAt']).properties).not.toContain('interpreterNeeded');
  });

  it('copy a property added to an entity into the plain copies the room board keeps', async () => {
    const [session] = (await api.db.sql(`select id from session order by starts_at limit 1`)).rows;
    await api.db.sql(`update session set interpreter_needed = true where id = $1`, [session.id]);
    const entity = await orm.em.fork().findOneOrFail(Session, session.id as string);
    const kept = plainCopy(entity) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.keys(kept).sort()).toEqual(stored(Session));
    expect(kept.interpreterNeeded).toBe(true);
  });

  it('refuse a property whose JSON is not what the ORM maps it to, until it is given its reader', () => {
    // A decimal is written in JSON as a number but mapped to a string: read as it is, it would differ.
    expect(() => new RowColumns({ what: 'room', entity: Room }).properties).toThrow(
      'Room.deposit (numeric(10,0)) is not read from JSON as the ORM maps it: give it a reader.',
    );
    const rooms = new RowColumns<Room & { deposit: string | null }>({
      what: 'room',
      entity: Room as never,
      read: { deposit: (v) => (v === null ? null : String(v)) },
    });
    expect(rooms.read(rooms.properties.map((p) => (p === 'deposit' ? 12.5 : null))).deposit).toBe('12.5');
  });
});
