import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoDataIfEmpty } from '../../src/db/seed/demo.js';
import { createTestDatabase, type TestDatabase } from '../database.js';
import { DEMO } from '../api.js';
import { writeFigures } from './figures.js';
import { loadDemoIds, type DemoIds } from './world.js';

/**
 * docs/domain.md rule 12, in the database itself: no part of a child's contact record can be deleted before the child's
 * retention date, whoever holds a connection. Checked table by table, in SQL, with the other guards that also
 * refuse deletes (append-only rows, final evidence) set aside inside a rolled-back transaction, so that it is the
 * retention guard that answers.
 */

const TABLES = [
  'session',
  'attendance',
  'absence_notice',
  'observation',
  'observation_amendment',
  'safeguarding_flag',
  'flag_acknowledgement',
  'flag_escalation',
  'contact_agreement',
  'suspension_notice',
] as const;
type Table = (typeof TABLES)[number];

/** Guards that refuse deletes for reasons of their own; set aside (in a transaction) to reach the retention guard. */
const OTHER_GUARDS: Partial<Record<Table, string>> = {
  observation_amendment: 'observation_amendment_append_only',
  flag_acknowledgement: 'flag_acknowledgement_append_only',
  flag_escalation: 'flag_escalation_append_only',
};

let db: TestDatabase;
let ids: DemoIds;
let client: pg.Client;
const row: Record<Table | 'child', string> = {} as never;

async function insert(sql: string, params: unknown[]): Promise<string> {
  return (await client.query(`${sql} returning id`, params)).rows[0].id as string;
}

/** A child with one row in every table of the record, kept (for now) for fifty years. */
async function seedRecord(): Promise<void> {
  const council = ids.council;
  const staff = ids.staff[DEMO.supervisor1]!;
  row.child = await insert(
    `insert into child (id, council_id, first_name, last_name, date_of_birth, retain_until)
     values (gen_random_uuid(), $1, 'Retention', 'Test', '2016-01-01', current_date + 18000)`,
    [council],
  );
  row.contact_agreement = await insert(
    `insert into contact_agreement (id, council_id, child_id, centre_id, contact_type, supervision_level,
       sessions_per_week, session_minutes, transport_plan, status, review_date, created_by_id, signed_at, signed_by)
     values (gen_random_uuid(), $1, $2, $3, 'supervised', 'supervised', 1, 60, 'Taxi', 'suspended', current_date + 30,
       $4, now(), 'Parent')`,
    [council, row.child, ids.centre, ids.staff[DEMO.socialWorker1]],
  );
  row.suspension_notice = await insert(
    `insert into suspension_notice (id, council_id, agreement_id, issued_at, decision, reasons, missed_session_ids,
       duration, parent_actions)
     values (gen_random_uuid(), $1, $2, now(), 'Suspended', '{}', '{}', 'Until a new agreement', '{}')`,
    [council, row.contact_agreement],
  );
  row.session = await insert(
    `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind, starts_at,
       ends_at, turnover_minutes, status)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'contact', now() - interval '900 days',
       now() - interval '900 days' + interval '1 hour', 15, 'ended')`,
    [council, ids.centre, ids.room.Maple, staff, row.contact_agreement, row.child],
  );
  row.attendance = await insert(
    `insert into attendance (id, council_id, session_id, outcome) values (gen_random_uuid(), $1, $2, 'attended')`,
    [council, row.session],
  );
  row.absence_notice = await insert(
    `insert into absence_notice (id, council_id, session_id, received_at, received_by_id, given_by, reason)
     values (gen_random_uuid(), $1, $2, now(), $3, 'Parent', 'Unwell')`,
    [council, row.session, staff],
  );
  row.observation = await insert(
    `insert into observation (id, council_id, session_id, child_id, author_id, due_at)
     values (gen_random_uuid(), $1, $2, $3, $4, now())`,
    [council, row.session, row.child, staff],
  );
  row.observation_amendment = await insert(
    `insert into observation_amendment (id, council_id, observation_id, child_id, author_id, reason, text, content_hash)
     values (gen_random_uuid(), $1, $2, $3, $4, 'Correction', 'Text', 'x')`,
    [council, row.observation, row.child, staff],
  );
  row.safeguarding_flag = await insert(
    `insert into safeguarding_flag (id, council_id, centre_id, child_id, category, severity, description,
       raised_by_id, raised_at, acknowledge_by)
     values (gen_random_uuid(), $1, $2, $3, 'other', 'low', 'Concern', $4, now(), now())`,
    [council, ids.centre, row.child, staff],
  );
  row.flag_acknowledgement = await insert(
    `insert into flag_acknowledgement (id, council_id, flag_id, user_id, acknowledged_at)
     values (gen_random_uuid(), $1, $2, $3, now())`,
    [council, row.safeguarding_flag, ids.staff[DEMO.manager]],
  );
  row.flag_escalation = await insert(
    `insert into flag_escalation (id, council_id, flag_id, escalated_at, reason)
     values (gen_random_uuid(), $1, $2, now(), 'Overdue')`,
    [council, row.safeguarding_flag],
  );
}

/** Tries one delete inside a transaction that is always rolled back; returns the refusal's hint, or 'deleted'. */
async function tryDelete(table: Table, setAside = true): Promise<string> {
  await client.query('begin');
  try {
    const guard = OTHER_GUARDS[table];
    if (guard && setAside) await client.query(`alter table ${table} disable trigger ${guard}`);
    const r = await client.query(`delete from ${table} where id = $1`, [row[table]]);
    return r.rowCount === 1 ? 'deleted' : `deleted ${r.rowCount}`;
  } catch (err) {
    return (err as { hint?: string }).hint ?? (err as Error).message;
  } finally {
    await client.query('rollback');
  }
}

const keepUntil = (days: number) =>
  client.query(`update child set retain_until = current_date + $2::int where id = $1`, [row.child, days]);

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemoDataIfEmpty(db.orm.em.fork(), new Date());
  ids = await loadDemoIds((t, p) => db.sql(t, p));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await seedRecord();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

describe('retention (docs/domain.md rule 12)', () => {
  it('refuses to delete any part of a child’s record before the retention date, even with other guards aside', async () => {
    const refused: Record<string, string> = {};
    for (const t of TABLES) refused[t] = await tryDelete(t);
    expect(refused).toEqual(Object.fromEntries(TABLES.map((t) => [t, 'record/retention'])));
    // Without setting anything aside, the append-only rows are refused as append-only first: two guards, not one.
    expect(await tryDelete('flag_escalation', false)).toBe('record/append-only');
    // The demo week's own records are kept too: a real child, a real session, a real flag.
    const demo = await client.query(
      `select s.id as session, f.id as flag from session s join safeguarding_flag f on f.child_id = s.child_id
        where s.child_id = $1 limit 1`,
      [ids.child.Maisie],
    );
    for (const [table, id] of [
      ['session', demo.rows[0].session],
      ['safeguarding_flag', demo.rows[0].flag],
    ] as const) {
      await expect(client.query(`delete from ${table} where id = $1`, [id])).rejects.toMatchObject({
        hint: 'record/retention',
      });
    }
  });

  it('keeps the record on the day before the retention date and lets it go on the day itself', async () => {
    await keepUntil(1);
    for (const t of TABLES) expect(await tryDelete(t), t).toBe('record/retention');
    await keepUntil(0);
    for (const t of TABLES) expect(await tryDelete(t), t).toBe('deleted');
    // The whole record, child last, in one transaction once its date has come.
    await client.query('begin');
    for (const guard of Object.values(OTHER_GUARDS)) {
      await client.query(`alter table ${guard.replace(/_append_only$/, '')} disable trigger ${guard}`);
    }
    for (const t of [
      'flag_escalation',
      'flag_acknowledgement',
      'safeguarding_flag',
      'observation_amendment',
      'observation',
      'absence_notice',
      'attendance',
      'session',
      'suspension_notice',
      'contact_agreement',
    ] as const) {
      await client.query(`delete from ${t} where id = $1`, [row[t]]);
    }
    await client.query(`delete from child where id = $1`, [row.child]);
    await client.query('rollback');
    await keepUntil(18000);
  });

  it('refuses TRUNCATE, which would skip the row checks, on every table of the record and on the access log', async () => {
    const refused: string[] = [];
    for (const t of [...TABLES, 'child', 'access_log']) {
      await client.query('begin');
      try {
        await client.query(`truncate ${t} cascade`);
      } catch (err) {
        if ((err as { hint?: string }).hint === 'record/retention') refused.push(t);
      } finally {
        await client.query('rollback');
      }
    }
    expect(refused).toEqual([...TABLES, 'child', 'access_log']);
    writeFigures('retention', { tablesGuarded: TABLES.length, truncateRefused: refused.length });
  });
});
