import {
  addDaysToDateKey,
  fromLondonDateKey,
  londonDateKey,
  OBSERVATION_SECTION_KEYS,
  weekdayOfDateKey,
} from '@kinroom/domain';
import type { QueryResult } from 'pg';
import { DEMO } from '../api.js';

type Sql = (text: string, params?: unknown[]) => Promise<QueryResult>;

const MINUTE = 60_000;

/** The records of the demo week that the hardening tests aim at, looked up once by name. */
export interface DemoIds {
  council: string;
  centre: string;
  otherCouncil: string;
  otherCentre: string;
  child: Record<string, string>;
  staff: Record<string, string>;
  room: Record<string, string>;
  /** Maisie is on Aisha's caseload, supervised by Tom, with a session in progress now. */
  maisieAgreement: string;
  maisieParent: string;
  maisieLiveSession: string;
  maisieFinalObservation: string;
  maisieOpenFlag: string;
  /** Ruby is on Daniel's caseload: neither Aisha's nor Tom's. */
  rubyAgreement: string;
  rubySession: string;
  rubyFinalObservation: string | null;
  kaiFlag: string;
}

async function one<T = Record<string, string>>(sql: Sql, text: string, params: unknown[] = []): Promise<T> {
  const r = await sql(text, params);
  if (r.rows.length === 0) throw new Error(`demo lookup found nothing: ${text} ${JSON.stringify(params)}`);
  return r.rows[0] as T;
}

export async function loadDemoIds(sql: Sql): Promise<DemoIds> {
  const byName = async (table: string, key: string, where = 'true') =>
    Object.fromEntries(
      (await sql(`select id, ${key} as k from ${table} where ${where}`)).rows.map((r) => [r.k, r.id]),
    ) as Record<string, string>;
  const centre = await one(sql, `select id, council_id from centre where name like 'Coxford Road%'`);
  const other = await one(sql, `select id, council_id from centre where name like 'Eastmoor%'`);
  const child = await byName('child', 'first_name');
  const staff = await byName('staff_user', 'email');
  const room = await byName('room', 'name', `centre_id = '${centre.id}'`);
  const m = child.Maisie!;
  return {
    council: centre.council_id!,
    centre: centre.id!,
    otherCouncil: other.council_id!,
    otherCentre: other.id!,
    child,
    staff,
    room,
    maisieAgreement: (
      await one(sql, `select id from contact_agreement where child_id = $1 and status = 'active'`, [m])
    ).id!,
    maisieParent: (
      await one(sql, `select family_member_id as id from child_family_member where child_id = $1`, [m])
    ).id!,
    maisieLiveSession: (
      await one(sql, `select id from session where child_id = $1 and status = 'in_progress'`, [m])
    ).id!,
    maisieFinalObservation: (
      await one(
        sql,
        `select id from observation where child_id = $1 and status = 'final' and author_id = $2
          order by finalised_at desc limit 1`,
        [m, staff[DEMO.supervisor1]],
      )
    ).id!,
    maisieOpenFlag: (
      await one(sql, `select id from safeguarding_flag where child_id = $1 and status = 'open'`, [m])
    ).id!,
    rubyAgreement: (
      await one(sql, `select id from contact_agreement where child_id = $1 and status = 'active'`, [
        child.Ruby,
      ])
    ).id!,
    rubySession: (
      await one(sql, `select id from session where child_id = $1 order by starts_at desc limit 1`, [
        child.Ruby,
      ])
    ).id!,
    rubyFinalObservation:
      (await sql(`select id from observation where child_id = $1 and status = 'final' limit 1`, [child.Ruby]))
        .rows[0]?.id ?? null,
    kaiFlag: (await one(sql, `select id from safeguarding_flag where child_id = $1`, [child.Kai])).id!,
  };
}

export type SessionStatusRow = 'scheduled' | 'cancelled' | 'ended' | 'in_progress';
export type ObservationStatusRow = 'draft' | 'submitted' | 'approved';
export type FlagStatusRow = 'open' | 'acknowledged';

/**
 * Records made directly in SQL for the tests to act on, each on a day of its own so that no two fixture sessions
 * ever hold a room or a supervisor at once. Future ones sit far beyond the demo week, past ones long before it.
 */
export class Fixtures {
  private day = 0;

  constructor(
    private readonly sql: Sql,
    readonly ids: DemoIds,
  ) {}

  /** A Saturday far ahead (no school, no work pattern clashes), as a London date key. */
  saturday(weeksAhead: number): string {
    let key = addDaysToDateKey(londonDateKey(new Date()), 200 + 7 * weeksAhead);
    while (weekdayOfDateKey(key) !== 6) key = addDaysToDateKey(key, 1);
    return key;
  }

  async session(
    o: {
      status?: SessionStatusRow;
      supervisor?: string;
      child?: string;
      agreement?: string;
      room?: string;
      startsAt?: Date;
      secondStaff?: string;
      /** Booked in the past although still scheduled, so that its steps (arrivals, start, end) can be recorded. */
      due?: boolean;
    } = {},
  ): Promise<{ id: string; version: number; startsAt: Date }> {
    const status = o.status ?? 'scheduled';
    const past = status === 'ended' || status === 'in_progress';
    this.day += 1;
    const startsAt =
      o.startsAt ??
      fromLondonDateKey(
        addDaysToDateKey(londonDateKey(new Date()), past || o.due ? -400 - this.day : 400 + this.day),
        '10:00',
      );
    const endsAt = new Date(startsAt.getTime() + 60 * MINUTE);
    const r = await this.sql(
      `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
         starts_at, ends_at, turnover_minutes, status, parent_arrived_at, child_arrived_at, started_at, ended_at,
         cancelled_at, cancelled_by_id, cancellation_reason, second_staff_id)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'contact', $7, $8, 15, $9,
         case when $10 then $7::timestamptz - interval '15 minutes' end,
         case when $10 then $7::timestamptz end, case when $10 then $7::timestamptz end,
         case when $9 = 'ended' then $8::timestamptz end,
         case when $9 = 'cancelled' then now() end, case when $9 = 'cancelled' then $11::uuid end,
         case when $9 = 'cancelled' then 'child_ill' end, $12)
       returning id, version`,
      [
        this.ids.council,
        this.ids.centre,
        o.room ?? this.ids.room.Rowan,
        o.supervisor ?? this.ids.staff[DEMO.supervisor1],
        o.agreement ?? this.ids.maisieAgreement,
        o.child ?? this.ids.child.Maisie,
        startsAt,
        endsAt,
        status,
        past,
        this.ids.staff[DEMO.manager],
        o.secondStaff ?? null,
      ],
    );
    return { id: r.rows[0].id, version: r.rows[0].version, startsAt };
  }

  /** A past session of Maisie's recorded as an unexplained no-show, for its outcome to be corrected. */
  async noShow(): Promise<{ id: string; version: number }> {
    const s = await this.session({ status: 'ended' });
    await this.sql(
      `insert into attendance (id, council_id, session_id, outcome, recorded_by_id)
       values (gen_random_uuid(), $1, $2, 'unexplained_no_show', $3)`,
      [this.ids.council, s.id, this.ids.staff[DEMO.supervisor1]],
    );
    return { id: s.id, version: await this.version('session', s.id) };
  }

  /** An observation record on a fixture session of its own, written by `author` (Grace unless said). */
  async observation(
    status: ObservationStatusRow,
    author: string = this.ids.staff[DEMO.supervisor2]!,
  ): Promise<{ id: string; version: number }> {
    const s = await this.session({ status: 'ended', supervisor: author });
    const sections = OBSERVATION_SECTION_KEYS.map((key) => ({ key, facts: `Seen: ${key}`, opinion: '' }));
    const reviewer = status === 'approved' ? this.ids.staff['sam.patel@coxford.example'] : null;
    const r = await this.sql(
      `insert into observation (id, council_id, session_id, child_id, author_id, reviewer_id, status, sections,
         due_at, submitted_at, approved_at)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::jsonb, now() + interval '2 days',
         case when $6 <> 'draft' then now() end, case when $6 = 'approved' then now() end)
       returning id, version`,
      [this.ids.council, s.id, this.ids.child.Maisie, author, reviewer, status, JSON.stringify(sections)],
    );
    return { id: r.rows[0].id, version: r.rows[0].version };
  }

  async flag(
    status: FlagStatusRow,
    child = this.ids.child.Maisie!,
  ): Promise<{ id: string; version: number }> {
    const r = await this.sql(
      `insert into safeguarding_flag (id, council_id, centre_id, child_id, category, severity, description,
         raised_by_id, raised_at, acknowledge_by, status)
       values (gen_random_uuid(), $1, $2, $3, 'other', 'low', 'A fixture concern for the hardening tests.', $4,
         now(), now() + interval '3 days', $5)
       returning id, version`,
      [this.ids.council, this.ids.centre, child, this.ids.staff[DEMO.supervisor1], status],
    );
    return { id: r.rows[0].id, version: r.rows[0].version };
  }

  /** A draft agreement for Amara (Aisha's caseload) with nobody taking part yet, so signing it replaces nothing. */
  async draftAgreement(): Promise<{ id: string; version: number }> {
    const r = await this.sql(
      `insert into contact_agreement (id, council_id, child_id, centre_id, contact_type, supervision_level,
         sessions_per_week, session_minutes, transport_plan, status, review_date, created_by_id)
       values (gen_random_uuid(), $1, $2, $3, 'supervised', 'supervised', 1, 60, 'Taxi', 'draft',
         current_date + 90, $4)
       returning id, version`,
      [this.ids.council, this.ids.child.Amara, this.ids.centre, this.ids.staff[DEMO.socialWorker1]],
    );
    return { id: r.rows[0].id, version: r.rows[0].version };
  }

  /**
   * A weekly series of Maisie's at Coxford Road, booked by the manager: two Saturdays at 14:00 in Rowan with Tom,
   * from `weeksAhead` (docs/sessions.md, "Recurring sessions"). Returns the series and its first session.
   */
  async series(weeksAhead: number): Promise<{ id: string; firstSessionId: string }> {
    const r = await this.sql(
      `insert into session_series (id, council_id, agreement_id, centre_id, room_id, supervisor_id, kind, rule,
         created_by_id)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, 'contact', 'RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=2', $6)
       returning id`,
      [
        this.ids.council,
        this.ids.maisieAgreement,
        this.ids.centre,
        this.ids.room.Rowan,
        this.ids.staff[DEMO.supervisor1],
        this.ids.staff[DEMO.manager],
      ],
    );
    const id = r.rows[0].id as string;
    const sessions = [];
    for (const week of [weeksAhead, weeksAhead + 1]) {
      sessions.push(await this.session({ startsAt: fromLondonDateKey(this.saturday(week), '14:00') }));
    }
    await this.sql('update session set series_id = $1 where id = any($2::uuid[])', [
      id,
      sessions.map((s) => s.id),
    ]);
    return { id, firstSessionId: sessions[0]!.id };
  }

  /**
   * An agreement of Amara's (Aisha's caseload) at Coxford Road whose contact was suspended a week ago under three
   * strikes, with her parent taking part, for the meeting with the parent to be recorded (docs/agreements.md).
   */
  async suspendedAgreement(): Promise<{ id: string; familyMemberId: string }> {
    const r = await this.sql(
      `with a as (
         insert into contact_agreement (id, council_id, child_id, centre_id, contact_type, supervision_level,
           sessions_per_week, session_minutes, transport_plan, status, review_date, created_by_id, signed_at, signed_by)
         values (gen_random_uuid(), $1, $2, $3, 'supervised', 'supervised', 1, 60, 'Taxi', 'suspended',
           current_date + 90, $4, now() - interval '60 days', 'Fixture Parent')
         returning id, council_id),
       p as (
         insert into agreement_participant (council_id, agreement_id, family_member_id)
         select a.council_id, a.id, f.family_member_id
           from a, (select family_member_id from child_family_member where child_id = $2 limit 1) f
         returning agreement_id, family_member_id),
       n as (
         insert into suspension_notice (id, council_id, agreement_id, issued_at, decision, reasons,
           missed_session_ids, duration, parent_actions)
         select gen_random_uuid(), council_id, id, now() - interval '7 days', 'Contact suspended.',
           '{Three unexplained absences}', '{}', 'Until reviewed', '{Meet the social worker}'
           from a)
       select agreement_id as id, family_member_id from p`,
      [this.ids.council, this.ids.child.Amara, this.ids.centre, this.ids.staff[DEMO.socialWorker1]],
    );
    return { id: r.rows[0].id, familyMemberId: r.rows[0].family_member_id };
  }

  /** A part of Maisie's final observation record withheld from the parents' copy by Aisha (docs/parents-copy.md). */
  async withholding(): Promise<{ id: string }> {
    const r = await this.sql(
      `insert into parents_copy_withholding (id, council_id, observation_id, child_id, what, reason, recorded_by_id)
       values (gen_random_uuid(), $1, $2, $3, 'Section C, second paragraph', 'Names the carer''s street', $4)
       returning id`,
      [
        this.ids.council,
        this.ids.maisieFinalObservation,
        this.ids.child.Maisie,
        this.ids.staff[DEMO.socialWorker1],
      ],
    );
    return { id: r.rows[0].id };
  }

  /** A social worker of the council with no work, for an admin to deactivate without touching the demo cast. */
  async staffAccount(): Promise<{ id: string }> {
    const r = await this.sql(
      `insert into staff_user (id, council_id, name, email, role)
       values (gen_random_uuid(), $1, 'Fixture Account', 'fixture-' || gen_random_uuid() || '@coxford.example',
         'social_worker')
       returning id`,
      [this.ids.council],
    );
    return { id: r.rows[0].id };
  }

  /** A finished import of the council, started by its admin, for the admin to read (docs/import.md). */
  async importRun(): Promise<{ id: string }> {
    const r = await this.sql(
      `insert into import_run (id, council_id, started_by_id, via, status, files, rows_total, report, finished_at)
       values (gen_random_uuid(), $1, $2, 'dashboard', 'succeeded', '{carers.csv}', 0,
         '{"dryRun":false,"fileErrors":[],"files":[],"created":0,"updated":0,"unchanged":0,"refused":0}', now())
       returning id`,
      [this.ids.council, this.ids.staff[DEMO.admin]],
    );
    return { id: r.rows[0].id };
  }

  /** The carer a child lives with (docs/records.md). */
  async carerOf(childId: string): Promise<{ id: string }> {
    const r = await this.sql('select carer_id as id from child where id = $1', [childId]);
    return { id: r.rows[0].id };
  }

  /** A new child with a case open to the social worker, for a change to their records (docs/records.md). */
  async childOnCaseload(socialWorkerId: string): Promise<{ id: string }> {
    const r = await this.sql(
      `with c as (
         insert into child (id, council_id, first_name, last_name, date_of_birth, retain_until)
         values (gen_random_uuid(), $1, 'Fixture', 'Child', '2018-01-01', '2093-01-01')
         returning id, council_id)
       insert into child_case (id, council_id, child_id, social_worker_id)
       select gen_random_uuid(), council_id, id, $2 from c
       returning child_id as id`,
      [this.ids.council, socialWorkerId],
    );
    return { id: r.rows[0].id };
  }

  /** A family member of a new child on the social worker's caseload, in no agreement: free to be taken off. */
  async familyLink(socialWorkerId: string): Promise<{ childId: string; familyMemberId: string }> {
    const child = await this.childOnCaseload(socialWorkerId);
    const r = await this.sql(
      `with f as (
         insert into family_member (id, council_id, first_name, last_name)
         values (gen_random_uuid(), $1, 'Fixture', 'Parent')
         returning id, council_id)
       insert into child_family_member (council_id, child_id, family_member_id, relationship)
       select council_id, $2, id, 'mother' from f
       returning family_member_id as id`,
      [this.ids.council, child.id],
    );
    return { childId: child.id, familyMemberId: r.rows[0].id };
  }

  /** An API key of a machine client of the council, for an admin to revoke (its secret is never used). */
  async apiKey(): Promise<{ id: string }> {
    const r = await this.sql(
      `with client as (
         insert into staff_user (id, council_id, name, email, role)
         values (gen_random_uuid(), $1, 'Fixture Client', 'client-' || gen_random_uuid() || '@clients.kinroom.invalid',
           'integrator')
         returning id, council_id)
       insert into api_key (id, council_id, client_id, name, key_prefix, key_hash, scopes, created_by_id)
       select gen_random_uuid(), council_id, id, 'Fixture key', 'kr_fixtur', sha256(gen_random_uuid()::text::bytea),
         array['read'], id
         from client
       returning id`,
      [this.ids.council],
    );
    return { id: r.rows[0].id };
  }

  /** Undoes every sign-out, so that the personas' tokens and sockets keep working after `signOut` was called. */
  async forgetSignOuts(): Promise<void> {
    await this.sql('update staff_user set signed_out_before = null where signed_out_before is not null');
  }

  async version(table: 'room' | 'contact_agreement' | 'session', id: string): Promise<number> {
    return (await one<{ version: number }>(this.sql, `select version from ${table} where id = $1`, [id]))
      .version;
  }
}

/** The manager of Coxford's second centre, Hill Street: same council, another centre. Not one of the demo cast. */
export const NEIGHBOUR_MANAGER = 'nadia.bell@coxford.example';

export interface Neighbour {
  centre: string;
  manager: string;
  /** Maisie's agreements at Hill Street: a draft never signed, and one that ended long ago. */
  draftAgreement: string;
  endedAgreement: string;
}

/**
 * Coxford's second centre, with its own manager, where Maisie (whose current work is all at Coxford Road) has only
 * a draft agreement and one that ended long ago: neither is work of Hill Street's today. Made once per database.
 */
export async function neighbourCentre(sql: Sql): Promise<Neighbour> {
  const made = await sql(`select id from centre where name = 'Hill Street Family Centre'`);
  if (made.rows.length === 0) {
    await sql(
      `with cox as (select id, council_id, opening_hours from centre where name like 'Coxford Road%'),
            hill as (
              insert into centre (id, council_id, name, address, opening_hours)
              select gen_random_uuid(), council_id, 'Hill Street Family Centre', '2 Hill Street, Coxford', opening_hours
                from cox returning id, council_id),
            maisie as (select id from child where first_name = 'Maisie'),
            author as (select id from staff_user where email = 'aisha.khan@coxford.example'),
            manager as (
              insert into staff_user (id, council_id, centre_id, name, email, role)
              select gen_random_uuid(), council_id, id, 'Nadia Bell', $1, 'centre_manager' from hill)
       insert into contact_agreement (id, council_id, child_id, centre_id, contact_type, supervision_level,
          sessions_per_week, session_minutes, transport_plan, status, review_date, created_by_id,
          signed_at, signed_by, ended_at)
       select gen_random_uuid(), hill.council_id, maisie.id, hill.id, 'supervised', 'supervised', 1, 60, 'Taxi',
              v.status, current_date + 90, author.id, v.signed_at, v.signed_by, v.ended_at
         from hill, maisie, author,
              (values ('draft', null::timestamptz, null, null::timestamptz),
                      ('ended', now() - interval '3 years', 'Jade Carter', now() - interval '2 years'))
                as v(status, signed_at, signed_by, ended_at)`,
      [NEIGHBOUR_MANAGER],
    );
  }
  const r = await one(
    sql,
    `select c.id as centre, u.id as manager,
            (select id from contact_agreement where centre_id = c.id and status = 'draft') as draft,
            (select id from contact_agreement where centre_id = c.id and status = 'ended') as ended
       from centre c join staff_user u on u.centre_id = c.id
      where c.name = 'Hill Street Family Centre'`,
  );
  return { centre: r.centre!, manager: r.manager!, draftAgreement: r.draft!, endedAgreement: r.ended! };
}
