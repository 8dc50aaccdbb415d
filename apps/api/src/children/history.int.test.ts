import {
  addDaysToDateKey,
  fromLondonDateKey,
  isWorkingDay,
  londonDateKey,
  OBSERVATION_SECTIONS,
  reportDueDate,
  type AttendanceOutcome,
  type ObservationSection,
} from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { make } from '../db/make.js';
import { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import { SafeguardingFlag } from '../safeguarding/flag.entity.js';
import { Attendance, Session } from '../sessions/session.entity.js';
import { SessionSeries } from '../sessions/series.entity.js';
import type { JsonRow } from '../db/row-columns.js';
import {
  AMENDMENT_ROWS,
  ATTENDANCE_COLUMNS,
  FLAG_ROWS,
  OBSERVATION_COLUMNS,
  SESSION_COLUMNS,
} from './history.rows.js';

let api: TestApi;
let sw: string;
let otherSw: string;
let manager: string;
let integrator: string;
let supervisor: string;
let admin: string;
let eastmoorSw: string;
const child: Record<string, string> = {};

const HISTORY = `query History($childId: ID!, $first: Int, $after: String, $from: DateTimeISO, $to: DateTimeISO) {
  childHistory(childId: $childId, first: $first, after: $after, from: $from, to: $to) {
    edges {
      cursor
      node {
        session { id startsAt status }
        attendance { outcome minutesLate }
        report { status dueAt overdue }
        observation {
          id status dueAt submittedAt finalisedAt
          sections { key facts opinion }
          author { name } reviewer { name }
          amendments { reason text createdAt author { name } }
        }
        flags { id category severity status description }
      }
    }
    pageInfo { hasNextPage endCursor }
    summary { attendanceRate sessionsCounted consecutiveUnexplainedAbsences activeAgreementStatus nextSession { id startsAt } }
  }
}`;

interface Node {
  session: { id: string; startsAt: string; status: string };
  attendance: { outcome: string } | null;
  report: { status: string; overdue: boolean } | null;
  observation: {
    id: string;
    status: string;
    sections: { key: string; facts: string; opinion: string }[];
    author: { name: string };
    reviewer: { name: string } | null;
    amendments: { reason: string; text: string; author: { name: string } }[];
  } | null;
  flags: { id: string; category: string; description: string }[];
}
interface History {
  childHistory: {
    edges: { cursor: string; node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    summary: {
      attendanceRate: number | null;
      sessionsCounted: number;
      consecutiveUnexplainedAbsences: number;
      activeAgreementStatus: string | null;
      nextSession: { id: string; startsAt: string } | null;
    };
  };
}

async function rows(sql: string, params: unknown[] = []) {
  return (await api.db.sql(sql, params)).rows;
}

function code(r: { errors?: { extensions?: { code?: string } }[] }) {
  return r.errors?.[0]?.extensions?.code;
}

/**
 * Seventy more sessions for Maisie, before the demo week, every one with attendance, most with a final observation
 * record, some with amendments and flags: enough for pages of 50 to be full of everything a page can hold.
 */
async function seedLongHistory(childId: string): Promise<void> {
  const em = api.db.orm.em.fork();
  const [s0] = await rows(
    `select s.*, (select id from staff_user where role = 'supervisor' and id <> s.supervisor_id limit 1) as reviewer
       from session s where child_id = $1 order by starts_at limit 1`,
    [childId],
  );
  const day = 24 * 60 * 60_000;
  const outcomes: AttendanceOutcome[] = [
    'attended',
    'attended',
    'late_within_grace',
    'explained_absence',
    'attended',
  ];
  for (let k = 0; k < 70; k++) {
    const startsAt = new Date(new Date(s0.starts_at).getTime() - (k + 1) * 2 * day);
    const outcome = outcomes[k % outcomes.length]!;
    const s = make(Session, {
      councilId: s0.council_id,
      centreId: s0.centre_id,
      roomId: s0.room_id,
      supervisorId: s0.supervisor_id,
      agreementId: s0.agreement_id,
      childId,
      kind: 'contact',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60 * 60_000),
      turnoverMinutes: 15,
      status: outcome === 'explained_absence' ? 'not_attended' : 'ended',
    });
    em.persist(s);
    em.persist(make(Attendance, { councilId: s.councilId, sessionId: s.id, outcome, recordedAt: s.endsAt }));
    if (outcome !== 'explained_absence') {
      const sections: ObservationSection[] = OBSERVATION_SECTIONS.map(({ key }) => ({
        key,
        facts: `Seen in session ${k}: ${key}`,
        opinion: key === 'interactions' ? `My view of session ${k}` : '',
      }));
      const o = make(Observation, {
        councilId: s.councilId,
        sessionId: s.id,
        childId,
        authorId: s.supervisorId,
        reviewerId: s0.reviewer,
        status: 'final',
        sections,
        dueAt: reportDueDate(s.endsAt, 'england_and_wales'),
        submittedAt: s.endsAt,
        approvedAt: s.endsAt,
        finalisedAt: s.endsAt,
        contentHash: `seeded-${k}`,
      });
      em.persist(o);
      if (k % 3 === 0) {
        em.persist(
          make(ObservationAmendment, {
            councilId: s.councilId,
            observationId: o.id,
            childId,
            authorId: s.supervisorId,
            reason: 'Correction of fact',
            text: `Addendum to session ${k}`,
            contentHash: `seeded-amendment-${k}`,
          }),
        );
      }
    }
    if (k % 4 === 0) {
      em.persist(
        make(SafeguardingFlag, {
          councilId: s.councilId,
          centreId: s.centreId,
          childId,
          sessionId: s.id,
          category: 'other',
          severity: 'low',
          description: `Concern in session ${k}`,
          raisedById: s.supervisorId,
          raisedAt: s.endsAt,
          acknowledgeBy: new Date(s.endsAt.getTime() + day),
        }),
      );
    }
  }
  await em.flush();
}

/** Every SQL statement the API sends while `fn` runs, through MikroORM's logger. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const logger = api.db.orm.config.getLogger();
  const original = logger.logQuery.bind(logger);
  const seen: string[] = [];
  logger.logQuery = (context) => {
    seen.push(context.query ?? '');
    original(context);
  };
  try {
    await fn();
  } finally {
    logger.logQuery = original;
  }
  return seen;
}

beforeAll(async () => {
  api = await startTestApi();
  sw = await api.tokenFor(DEMO.socialWorker1);
  otherSw = await api.tokenFor(DEMO.socialWorker3);
  manager = await api.tokenFor(DEMO.manager);
  integrator = await api.tokenFor(DEMO.integrator);
  supervisor = await api.tokenFor(DEMO.supervisor1);
  admin = await api.tokenFor(DEMO.admin);
  eastmoorSw = await api.tokenFor('nia.jones@eastmoor.example');
  for (const r of await rows(`select id, first_name from child`)) child[r.first_name] = r.id;
  await seedLongHistory(child.Maisie!);
});
afterAll(() => api.close());

describe('a child’s contact history', () => {
  it('pages through every session, newest first, with no gap and no duplicate', async () => {
    const expected = (
      await rows(`select id from session where child_id = $1 order by starts_at desc, id desc`, [
        child.Maisie,
      ])
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(70);
    // Two cancelled sessions whose starts differ by microseconds only: a cursor must fall between them exactly.
    const [a, b] = await rows(
      `select s.id, s.starts_at from session s join attendance t on t.session_id = s.id
        where s.child_id = $1 and t.outcome = 'explained_absence' order by s.starts_at limit 2`,
      [child.Maisie],
    );
    for (const [s, micro] of [
      [a, '000100'],
      [b, '000900'],
    ] as const) {
      await api.db.sql(
        `update session set status = 'cancelled', cancelled_at = starts_at, cancellation_reason = 'child_ill',
                cancelled_by_id = supervisor_id,
                starts_at = date_trunc('second', $2::timestamptz) + ($3 || ' microseconds')::interval,
                ends_at = date_trunc('second', $2::timestamptz) + ($3 || ' microseconds')::interval + interval '1 hour'
          where id = $1`,
        [s.id, a.starts_at, Number(micro)],
      );
    }
    const reordered = (
      await rows(`select id from session where child_id = $1 order by starts_at desc, id desc`, [
        child.Maisie,
      ])
    ).map((r) => r.id);
    expected.splice(0, expected.length, ...reordered);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: Awaited<ReturnType<typeof api.gql<History>>> = await api.gql<History>(sw, HISTORY, {
        childId: child.Maisie,
        first: 13,
        after,
      });
      expect(r.errors).toBeUndefined();
      const page = r.data!.childHistory;
      seen.push(...page.edges.map((e) => e.node.session.id));
      pages++;
      if (!page.pageInfo.hasNextPage) {
        expect(page.edges.length).toBeGreaterThan(0);
        break;
      }
      expect(page.edges).toHaveLength(13);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(expected.length / 13));
    expect(seen).toEqual(expected);

    // One session per page across the two that share a millisecond.
    const second = new Date(Math.floor(new Date(a.starts_at).getTime() / 1000) * 1000);
    const window = { from: second.toISOString(), to: new Date(second.getTime() + 1000).toISOString() };
    const one = await api.gql<History>(sw, HISTORY, { childId: child.Maisie, first: 1, ...window });
    const two = await api.gql<History>(sw, HISTORY, {
      childId: child.Maisie,
      first: 1,
      after: one.data!.childHistory.pageInfo.endCursor,
      ...window,
    });
    expect(
      [...one.data!.childHistory.edges, ...two.data!.childHistory.edges].map((e) => e.node.session.id),
    ).toEqual([b.id, a.id]);
    expect(two.data!.childHistory.pageInfo.hasNextPage).toBe(false);
  });

  it('answers the same page and summary whichever of them an operation asks for', async () => {
    const full = await api.gql<History>(sw, HISTORY, { childId: child.Tyler, first: 6 });
    expect(full.errors).toBeUndefined();
    const entries = full.data!.childHistory.edges;
    expect(entries).toHaveLength(6);
    const pageOnly = await api.gql<History>(
      sw,
      `query PageOnly($childId: ID!) {
        childHistory(childId: $childId, first: 5) {
          edges { node { session { id startsAt status } attendance { outcome minutesLate } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { childId: child.Tyler },
    );
    expect(pageOnly.errors).toBeUndefined();
    const page = pageOnly.data!.childHistory;
    expect(page.edges.map((e) => [e.node.session, e.node.attendance])).toEqual(
      entries.slice(0, 5).map((e) => [e.node.session, e.node.attendance]),
    );
    // The cursor where the page ends still continues it, though no entry's cursor was asked for.
    const next = await api.gql<History>(sw, HISTORY, {
      childId: child.Tyler,
      first: 1,
      after: page.pageInfo.endCursor,
    });
    expect(next.data!.childHistory.edges[0]!.node.session.id).toBe(entries[5]!.node.session.id);
    // The summary alone, asked for through a fragment, is the same as beside the page.
    const summaryOnly = await api.gql<History>(
      sw,
      `query SummaryOnly($childId: ID!) {
        childHistory(childId: $childId) { ...Figures }
      }
      fragment Figures on ChildHistoryConnection {
        summary { attendanceRate sessionsCounted consecutiveUnexplainedAbsences activeAgreementStatus nextSession { id startsAt } }
      }`,
      { childId: child.Tyler },
    );
    expect(summaryOnly.errors).toBeUndefined();
    expect(summaryOnly.data!.childHistory.summary).toEqual(full.data!.childHistory.summary);
  });

  it('shows attendance, the final observation with facts apart from opinion, amendments and flags', async () => {
    const r = await api.gql<History>(sw, HISTORY, { childId: child.Maisie, first: 50 });
    const nodes = r.data!.childHistory.edges.map((e) => e.node);
    const amended = nodes.find((n) => n.observation?.amendments[0]?.text.startsWith('Addendum to session'));
    expect(amended?.observation).toMatchObject({
      status: 'FINAL',
      author: { name: expect.any(String) },
      reviewer: { name: expect.any(String) },
      amendments: [{ reason: 'Correction of fact', author: { name: expect.any(String) } }],
    });
    // Who wrote, reviewed and amended it, by name, exactly as stored (they come with the page, not a second read).
    const [who] = await rows(
      `select ua.name as author, ur.name as reviewer, um.name as amender
         from observation_amendment m join observation o on o.id = m.observation_id
         join staff_user ua on ua.id = o.author_id join staff_user ur on ur.id = o.reviewer_id
         join staff_user um on um.id = m.author_id
        where m.text = $1`,
      [amended!.observation!.amendments[0]!.text],
    );
    expect(amended!.observation).toMatchObject({
      author: { name: who.author },
      reviewer: { name: who.reviewer },
      amendments: [{ author: { name: who.amender } }],
    });
    const interactions = amended!.observation!.sections.find((s) => s.key === 'INTERACTIONS');
    expect(interactions?.facts).toMatch(/^Seen in session/);
    expect(interactions?.opinion).toMatch(/^My view/);
    const flagged = nodes.filter((n) => n.flags.length > 0);
    expect(flagged.length).toBeGreaterThan(5);
    for (const n of flagged) expect(n.flags[0]!.description).toMatch(/^Concern in session/);
    const withAttendance = nodes.filter((n) => n.attendance);
    expect(withAttendance.length).toBeGreaterThan(40);
    const explained = nodes.find((n) => n.attendance?.outcome === 'EXPLAINED_ABSENCE');
    expect(explained?.observation).toBeNull();
  });

  it('keeps a report that is not final with the centre: its status shows, its content only to the manager', async () => {
    const [pending] = await rows(
      `select session_id from observation where child_id = $1 and status <> 'final' limit 1`,
      [child.Maisie],
    );
    expect(pending).toBeDefined();
    const find = async (token: string) =>
      (await api.gql<History>(token, HISTORY, { childId: child.Maisie, first: 10 }))
        .data!.childHistory.edges.map((e) => e.node)
        .find((n) => n.session.id === pending.session_id)!;
    for (const token of [sw, integrator]) {
      const n = await find(token);
      expect(n.report?.status).toMatch(/DRAFT|SUBMITTED|APPROVED/);
      expect(n.observation).toBeNull();
    }
    const seenByManager = await find(manager);
    expect(seenByManager.observation?.sections.length).toBe(8);
  });

  it('shows no report and no record for a session without one, whichever of them is asked for', async () => {
    // The first page's sessions, the records stored for them, and whether each owes one (supervised contact that
    // took place: docs/domain.md rule 9), which its report shows even when nobody started it.
    const page = await rows(
      `select s.id, o.status, (a.contact_type = 'supervised' and s.kind = 'contact' and s.started_at is not null
                and s.status not in ('cancelled', 'not_attended')) as owed
         from session s join contact_agreement a on a.id = s.agreement_id
         left join observation o on o.session_id = s.id
        where s.child_id = $1 order by s.starts_at desc, s.id desc limit 50`,
      [child.Maisie],
    );
    const withReport = page
      .filter((s) => s.status !== null || s.owed)
      .map((s) => s.id as string)
      .sort();
    const final = page
      .filter((s) => s.status === 'final')
      .map((s) => s.id as string)
      .sort();
    expect(withReport.length).toBeGreaterThan(0);
    expect(withReport.length).toBeLessThan(page.length);
    const shown = async (selection: string) => {
      const r = await api.gql<{
        childHistory: { edges: { node: Record<string, unknown> & { session: { id: string } } }[] };
      }>(
        sw,
        `query($c: ID!) { childHistory(childId: $c, first: 50) { edges { node { session { id } ${selection} } } } }`,
        { c: child.Maisie },
      );
      expect(r.errors, selection).toBeUndefined();
      const nodes = r.data!.childHistory.edges.map((e) => e.node);
      expect(nodes).toHaveLength(page.length);
      const having = (part: string) =>
        nodes
          .filter((n) => n[part] != null)
          .map((n) => n.session.id)
          .sort();
      return { report: having('report'), observation: having('observation') };
    };
    expect((await shown('report { status }')).report).toEqual(withReport);
    expect((await shown('observation { status }')).observation).toEqual(final);
    expect(await shown('report { dueAt } observation { id sections { key } }')).toEqual({
      report: withReport,
      observation: final,
    });
  });

  it('sums up attendance and strikes with the domain’s rules', async () => {
    const summary = async (name: string) =>
      (await api.gql<History>(sw, HISTORY, { childId: child[name], first: 1 })).data!.childHistory.summary;
    // Tyler: A A C A N N N: the cancellation is neutral; three strikes in a row have suspended contact.
    expect(await summary('Tyler')).toMatchObject({
      attendanceRate: 0.5,
      sessionsCounted: 6,
      consecutiveUnexplainedAbsences: 3,
      activeAgreementStatus: 'SUSPENDED',
      nextSession: null,
    });
    // Leo: A A N E A N: the explained absence neither counts nor resets; the last attended session reset the run.
    const leo = await summary('Leo');
    expect(leo).toMatchObject({
      sessionsCounted: 5,
      consecutiveUnexplainedAbsences: 1,
      activeAgreementStatus: 'ACTIVE',
    });
    expect(leo.attendanceRate).toBeCloseTo(3 / 5);
    expect(leo.nextSession).not.toBeNull();
  });

  it('filters by date range, for the page and the rate', async () => {
    const all = await rows(`select starts_at from session where child_id = $1 order by starts_at`, [
      child.Maisie,
    ]);
    const from = new Date(all[10].starts_at).toISOString();
    const to = new Date(all[30].starts_at).toISOString();
    const r = await api.gql<History>(sw, HISTORY, { childId: child.Maisie, first: 50, from, to });
    expect(r.errors).toBeUndefined();
    const starts = r.data!.childHistory.edges.map((e) => e.node.session.startsAt);
    expect(starts).toHaveLength(20);
    expect(starts.every((s) => s >= from && s < to)).toBe(true);
    expect(r.data!.childHistory.summary.sessionsCounted).toBeLessThanOrEqual(20);
    expect(code(await api.gql(sw, HISTORY, { childId: child.Maisie, from: to, to: from }))).toBe(
      'BAD_USER_INPUT',
    );
    for (const first of [0, 51, -1]) {
      expect(code(await api.gql(sw, HISTORY, { childId: child.Maisie, first }))).toBe('BAD_USER_INPUT');
    }
  });
});

describe('who may read a history', () => {
  it('is the child’s social worker, the centre’s manager and the integrator', async () => {
    for (const token of [sw, manager, integrator]) {
      const r = await api.gql<History>(token, HISTORY, { childId: child.Leo, first: 2 });
      expect(r.errors).toBeUndefined();
      expect(r.data?.childHistory.edges).toHaveLength(2);
    }
    expect(code(await api.gql(supervisor, HISTORY, { childId: child.Leo }))).toBe('FORBIDDEN');
    expect(code(await api.gql(admin, HISTORY, { childId: child.Leo }))).toBe('FORBIDDEN');
    expect(code(await api.gql(null, HISTORY, { childId: child.Leo }))).toBe('UNAUTHENTICATED');
  });

  it('refuses another caseload’s child exactly as an unknown one, without revealing it exists', async () => {
    const foreign = await api.gql(otherSw, HISTORY, { childId: child.Maisie });
    const unknown = await api.gql(otherSw, HISTORY, { childId: '5b2f0c1e-1111-4c4c-8888-123456789abc' });
    const garbage = await api.gql(otherSw, HISTORY, { childId: 'maisie' });
    const otherCouncil = await api.gql(eastmoorSw, HISTORY, { childId: child.Maisie });
    for (const r of [foreign, unknown, garbage, otherCouncil]) {
      expect(code(r)).toBe('NOT_FOUND');
      expect(r.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
      expect(r.data).toBeNull();
    }
  });

  it('refuses a cursor taken from someone else’s query, whoever asks, without saying whose it was', async () => {
    const mine = await api.gql<History>(sw, HISTORY, { childId: child.Maisie, first: 3 });
    const cursor = mine.data!.childHistory.pageInfo.endCursor!;
    // Megan's own child with Aisha's cursor for Maisie: the cursor does not belong to this query.
    const crossed = await api.gql(otherSw, HISTORY, { childId: child.Ellis, after: cursor });
    expect(code(crossed)).toBe('BAD_USER_INPUT');
    expect(crossed.errors?.[0]?.message).not.toContain(child.Maisie);
    // Aisha's cursor for Maisie, used by Aisha for Leo: refused the same way.
    expect(code(await api.gql(sw, HISTORY, { childId: child.Leo, after: cursor }))).toBe('BAD_USER_INPUT');
    // The cursor with the child it was issued for, by someone who may not read that child: NOT_FOUND.
    expect(code(await api.gql(otherSw, HISTORY, { childId: child.Maisie, after: cursor }))).toBe('NOT_FOUND');
    // Tampered and made-up cursors.
    const tampered = cursor.slice(0, -2) + (cursor.endsWith('A') ? 'BB' : 'AA');
    for (const after of [tampered, 'abc', Buffer.from('{"c":"x"}').toString('base64url')]) {
      expect(code(await api.gql(sw, HISTORY, { childId: child.Maisie, after }))).toBe('BAD_USER_INPUT');
    }
    // And the same cursor still works for the query it came from.
    const next = await api.gql<History>(sw, HISTORY, { childId: child.Maisie, first: 3, after: cursor });
    expect(next.errors).toBeUndefined();
  });

  it('writes every read to the access log, with the parts read', async () => {
    const before = Number((await rows(`select count(*) from access_log`))[0].count);
    await api.gql(
      integrator,
      `query { childHistory(childId: "${child.Amara}", first: 2) { edges { node { session { id } flags { id } } } } }`,
    );
    await api.gql(manager, HISTORY, { childId: child.Amara, first: 2 });
    const logged = await rows(
      `select l.role, l.fields, l.operation, l.reason, u.email from access_log l join staff_user u on u.id = l.user_id
        where l.child_id = $1 order by l.id`,
      [child.Amara],
    );
    expect(Number((await rows(`select count(*) from access_log`))[0].count)).toBe(before + 2);
    expect(logged.at(-2)).toMatchObject({
      role: 'integrator',
      fields: ['sessions', 'flags'],
      operation: 'query childHistory',
    });
    expect(logged.at(-1)).toMatchObject({
      role: 'centre_manager',
      email: DEMO.manager,
      fields: ['sessions', 'attendance', 'observations', 'amendments', 'flags', 'summary'],
    });
    // A refused read is not a read.
    await api.gql(otherSw, HISTORY, { childId: child.Amara });
    expect(Number((await rows(`select count(*) from access_log`))[0].count)).toBe(before + 2);
  });
});

describe('the cost of a page', () => {
  it('is the same small number of statements for 5 sessions as for 50, observations and flags included', async () => {
    const page = async (first: number) => {
      let result: Awaited<ReturnType<typeof api.gql<History>>> | null = null;
      const statements = await statementsDuring(async () => {
        result = await api.gql<History>(sw, HISTORY, { childId: child.Maisie, first });
      });
      const r = result as unknown as Awaited<ReturnType<typeof api.gql<History>>>;
      expect(r.errors).toBeUndefined();
      const edges = r.data!.childHistory.edges;
      expect(edges).toHaveLength(first);
      return { statements, edges };
    };
    const small = await page(5);
    const large = await page(50);
    const withEverything = large.edges.filter(
      (e) => e.node.observation?.amendments.length && e.node.attendance,
    ).length;
    expect(withEverything).toBeGreaterThan(5);
    expect(large.edges.filter((e) => e.node.flags.length > 0).length).toBeGreaterThan(5);
    expect(large.statements.length, large.statements.join('\n---\n')).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(6);
  });
});

const WHOLE = `query Whole($childId: ID!, $first: Int, $from: DateTimeISO, $to: DateTimeISO) {
  childHistory(childId: $childId, first: $first, from: $from, to: $to) {
    edges { node {
      session { id absenceNotices { givenBy reason recordedBy { name } } }
      attendance { outcome }
      observation { id amendments { text author { name } } }
      flags { id }
    } }
    agreements { id status participants { firstName } reviews { summary } suspensionNotice { decision } }
    agreementEvents {
      kind at agreementId summary review { summary } suspensionNotice { decision reasons } suspensionMeeting { agreed }
    }
    flagsOutsideSessions { id description sessionId raisedBy { name } }
  }
}`;

interface Whole {
  childHistory: {
    edges: { node: { session: { id: string; absenceNotices: { givenBy: string }[] } } }[];
    agreements: { id: string; status: string; reviews: { summary: string }[] }[];
    agreementEvents: {
      kind: string;
      at: string;
      agreementId: string;
      summary: string;
      review: { summary: string } | null;
      suspensionNotice: { decision: string } | null;
      suspensionMeeting: { agreed: string } | null;
    }[];
    flagsOutsideSessions: { id: string; description: string; sessionId: string | null }[];
  };
}

describe('the whole history in one query', () => {
  /** A flag raised about the child outside any session, at the centre of the child's agreement. */
  async function looseFlag(childId: string, description: string, raisedAt: Date): Promise<string> {
    const [a] = await rows(
      `select a.council_id, a.centre_id, c.social_worker_id from contact_agreement a
         join child_case c on c.child_id = a.child_id where a.child_id = $1 limit 1`,
      [childId],
    );
    const em = api.db.orm.em.fork();
    const f = make(SafeguardingFlag, {
      councilId: a.council_id,
      centreId: a.centre_id,
      childId,
      sessionId: null,
      category: 'other',
      severity: 'low',
      description,
      raisedById: a.social_worker_id,
      raisedAt,
      acknowledgeBy: new Date(raisedAt.getTime() + 24 * 60 * 60_000),
    });
    em.persist(f);
    await em.flush();
    return f.id;
  }

  it('carries the agreements’ life, the suspension notice and flags raised outside a session', async () => {
    const [suspended] = await rows(
      `select a.id, a.child_id, u.email from contact_agreement a join child_case c on c.child_id = a.child_id
         join staff_user u on u.id = c.social_worker_id where a.status = 'suspended' limit 1`,
    );
    const token = await api.tokenFor(suspended.email);
    const flagId = await looseFlag(suspended.child_id, 'Worrying message to the carer', new Date());
    const [{ id: reviewerId, council_id }] = await rows(
      `select u.id, u.council_id from staff_user u where u.email = $1`,
      [suspended.email],
    );
    await api.db.sql(
      `insert into agreement_review (id, council_id, agreement_id, reviewed_at, reviewed_by_id, summary, changes,
                                     previous_review_date, next_review_date)
       values (gen_random_uuid(), $1, $2, now() - interval '3 days', $3, 'Reviewed with the family', '{"lines":[]}',
               current_date, current_date + 30)`,
      [council_id, suspended.id, reviewerId],
    );
    await api.db.sql(
      `insert into suspension_meeting (id, council_id, agreement_id, held_at, family_member_ids, other_attendees, agreed,
                                       recorded_at, recorded_by_id)
       select gen_random_uuid(), $1, $2, now() - interval '2 days', array_agg(p.family_member_id), '{}',
              'A new agreement with weekly sessions', now() - interval '1 day', $3
         from agreement_participant p where p.agreement_id = $2`,
      [council_id, suspended.id, reviewerId],
    );
    const r = await api.gql<Whole>(token, WHOLE, { childId: suspended.child_id, first: 5 });
    expect(r.errors).toBeUndefined();
    const h = r.data!.childHistory;
    expect(h.agreements.map((a) => a.id)).toContain(suspended.id);
    const mine = h.agreementEvents.filter((e) => e.agreementId === suspended.id);
    expect(mine.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['WRITTEN', 'SIGNED', 'REVIEWED', 'SUSPENDED', 'MEETING']),
    );
    const meeting = mine.find((e) => e.kind === 'MEETING');
    expect(meeting?.summary).toMatch(/Agreed: A new agreement with weekly sessions$/);
    expect(meeting?.suspensionMeeting?.agreed).toBe('A new agreement with weekly sessions');
    expect(mine.find((e) => e.kind === 'SUSPENDED')!.suspensionNotice?.decision).toBeTruthy();
    expect(mine.find((e) => e.kind === 'REVIEWED')!.review?.summary).toBe('Reviewed with the family');
    // Newest first, as the sessions are.
    const times = h.agreementEvents.map((e) => new Date(e.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The flag raised outside a session is there, and no session's flag is.
    expect(h.flagsOutsideSessions.map((f) => f.id)).toContain(flagId);
    for (const f of h.flagsOutsideSessions) expect(f.sessionId).toBeNull();
    // A range that ends before the flag was raised leaves it out.
    const earlier = await api.gql<Whole>(token, WHOLE, {
      childId: suspended.child_id,
      first: 5,
      to: new Date(Date.now() - 24 * 60 * 60_000).toISOString(),
    });
    expect(earlier.data!.childHistory.flagsOutsideSessions.map((f) => f.id)).not.toContain(flagId);
  });

  it('answers the manager too, from the same query, with their own centre’s agreements and flags', async () => {
    const flagId = await looseFlag(child.Amara!, 'Seen near the school gate', new Date());
    const r = await api.gql<Whole>(manager, WHOLE, { childId: child.Amara, first: 5 });
    expect(r.errors).toBeUndefined();
    const h = r.data!.childHistory;
    expect(h.agreements.length).toBeGreaterThan(0);
    expect(h.agreementEvents.some((e) => e.kind === 'WRITTEN')).toBe(true);
    expect(h.flagsOutsideSessions.map((f) => f.id)).toContain(flagId);
    // Another centre's manager's view of the same child holds nothing of this centre's.
    const [centre] = await rows(`select centre_id from safeguarding_flag where id = $1`, [flagId]);
    const [agreementCentres] = await rows(
      `select array_agg(distinct centre_id) as ids from contact_agreement where child_id = $1`,
      [child.Amara],
    );
    expect(agreementCentres.ids).toContain(centre.centre_id);
    const logged = await rows(
      `select l.fields from access_log l join staff_user u on u.id = l.user_id
        where l.child_id = $1 and u.email = $2 order by l.id desc limit 1`,
      [child.Amara, DEMO.manager],
    );
    expect(logged[0].fields).toEqual(expect.arrayContaining(['sessions', 'flags', 'agreements']));
  });

  it('still costs the same statements for 5 sessions as for 50, with every part asked for', async () => {
    const count = async (first: number) => {
      const statements = await statementsDuring(async () => {
        const r = await api.gql<Whole>(sw, WHOLE, { childId: child.Maisie, first });
        expect(r.errors).toBeUndefined();
        expect(r.data!.childHistory.edges).toHaveLength(first);
        // Maisie's many flags were all raised in sessions: they are on the sessions' entries, not beside them.
        for (const f of r.data!.childHistory.flagsOutsideSessions) {
          expect(f.description).not.toMatch(/^Concern in session/);
        }
      });
      return statements;
    };
    const small = await count(5);
    const large = await count(50);
    expect(large.length, large.join('\n---\n')).toBe(small.length);
    expect(large.length).toBeLessThanOrEqual(10);
  });
});

describe('reading a page’s rows', () => {
  it('gives every field the value the ORM would map it to, without making managed entities', async () => {
    const em = api.db.orm.em.fork();
    const tables: [string, new () => object, { sql(alias: string): string; read(row: JsonRow): object }][] = [
      ['session', Session, SESSION_COLUMNS.all],
      ['attendance', Attendance, ATTENDANCE_COLUMNS.all],
      ['observation', Observation, OBSERVATION_COLUMNS.all],
      ['observation_amendment', ObservationAmendment, AMENDMENT_ROWS],
      ['safeguarding_flag', SafeguardingFlag, FLAG_ROWS],
    ];
    for (const [table, entity, columns] of tables) {
      // Each row as the history statement writes it, and as the ORM reads it.
      const found = await rows(`select ${columns.sql('t')} as written, to_jsonb(t) as json from ${table} t`);
      expect(found.length, table).toBeGreaterThan(0);
      // Every mapped property of the entity; a flag is read as its GraphQL type, which leaves out the council.
      const properties = em
        .getMetadata(entity)
        .props.filter((p) => p.fieldNames?.length)
        .map((p) => p.name as string)
        .filter((name) => table !== 'safeguarding_flag' || name !== 'councilId');
      for (const { written, json } of found) {
        const plain = columns.read(written) as Record<string, unknown>;
        const managed = em.map(entity, json) as Record<string, unknown>;
        expect(Object.keys(plain).sort(), table).toEqual([...properties].sort());
        for (const name of properties) expect(plain[name], `${table}.${name}`).toEqual(managed[name]);
      }
    }
    // Nulls and timestamps both occur, so both kinds of value were compared.
    const nulls = await rows(
      `select count(*) filter (where finalised_at is null) as open, count(*) filter (where finalised_at is not null) as final from observation`,
    );
    expect(Number(nulls[0].open)).toBeGreaterThan(0);
    expect(Number(nulls[0].final)).toBeGreaterThan(0);
  });
});

describe('reading only the fields asked for', () => {
  it('answers every field of a session, its attendance and its record alone as beside all the others, reading only the columns asked for', async () => {
    // A session with every column set, alone in its day, with a final record with every column set, so that no
    // field answers null by chance.
    const [s0] = await rows(`select * from session where child_id = $1 order by starts_at limit 1`, [
      child.Maisie,
    ]);
    const [other] = await rows(
      `select id from staff_user where council_id = $1 and role = 'supervisor' and id <> $2 limit 1`,
      [s0.council_id, s0.supervisor_id],
    );
    const startsAt = new Date('2003-02-03T10:00:00Z');
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    const em = api.db.orm.em.fork();
    // A series of one, so that the session's series fields have something to answer.
    const series = make(SessionSeries, {
      councilId: s0.council_id,
      agreementId: s0.agreement_id,
      centreId: s0.centre_id,
      roomId: s0.room_id,
      supervisorId: s0.supervisor_id,
      kind: 'contact',
      rule: 'FREQ=WEEKLY;COUNT=1',
      createdById: s0.supervisor_id,
    });
    em.persist(series);
    em.persist(
      make(Session, {
        councilId: s0.council_id,
        centreId: s0.centre_id,
        roomId: s0.room_id,
        supervisorId: s0.supervisor_id,
        secondStaffId: other.id,
        seriesId: series.id,
        agreementId: s0.agreement_id,
        childId: child.Maisie!,
        kind: 'contact',
        startsAt,
        endsAt: at(60),
        turnoverMinutes: 15,
        status: 'cancelled',
        parentArrivedAt: at(-15),
        childArrivedAt: startsAt,
        startedAt: startsAt,
        endedAt: at(5),
        cancelledAt: at(5),
        cancelledById: s0.supervisor_id,
        cancellationReason: 'child_ill',
        cancellationNote: 'Taken ill during the session',
        familyInformedAt: at(10),
        familyInformedVia: 'phone',
        continuityNote: 'Usually supervised by someone else',
      }),
    );
    await em.flush();
    const [added] = await rows(`select id from session where child_id = $1 and starts_at = $2`, [
      child.Maisie,
      startsAt,
    ]);
    em.persist([
      make(Attendance, {
        councilId: s0.council_id,
        sessionId: added.id,
        outcome: 'late_within_grace',
        minutesLate: 10,
        recordedAt: startsAt,
        note: 'Arrived at ten past',
      }),
      make(Observation, {
        councilId: s0.council_id,
        sessionId: added.id,
        childId: child.Maisie!,
        authorId: s0.supervisor_id,
        reviewerId: other.id,
        status: 'final',
        sections: OBSERVATION_SECTIONS.map((x) => ({ key: x.key, facts: `Facts: ${x.label}`, opinion: '' })),
        returnReason: 'Add what was said at handover',
        dueAt: at(7 * 24 * 60),
        submittedAt: at(60),
        approvedAt: at(120),
        finalisedAt: at(180),
        contentHash: 'a'.repeat(64),
        previousHash: 'b'.repeat(64),
      }),
    ]);
    await em.flush();

    // Every field of a type, with every field of the objects it leads to.
    type TypeRef = { kind: string; name: string | null; ofType?: TypeRef | null };
    type Field = { name: string; type: TypeRef };
    const typeOf = async (name: string) =>
      (
        await api.gql<{ __type: { fields: Field[] | null } }>(
          sw,
          `query($n: String!) { __type(name: $n) { fields { name
            type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`,
          { n: name },
        )
      ).data!.__type.fields ?? [];
    // The named type under any list and non-null wrappers.
    const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
    const isLeaf = (t: TypeRef) => ['SCALAR', 'ENUM'].includes(named(t).kind);
    const selectionsOf = async (type: string) => {
      const selections: Record<string, string> = {};
      for (const f of await typeOf(type)) {
        if (isLeaf(f.type)) {
          selections[f.name] = f.name;
          continue;
        }
        const inner = (await typeOf(named(f.type).name!)).map((g) =>
          isLeaf(g.type) ? g.name : `${g.name} { __typename }`,
        );
        selections[f.name] = `${f.name} { ${inner.join(' ')} }`;
      }
      return selections;
    };
    const partOf = async (part: 'session' | 'attendance' | 'observation', selection: string) => {
      const r = await api.gql<{
        childHistory: { edges: { node: Record<string, Record<string, unknown>> }[] };
      }>(
        sw,
        `query($c: ID!, $from: DateTimeISO, $to: DateTimeISO) {
          childHistory(childId: $c, from: $from, to: $to) { edges { node { ${part} { ${selection} } } } } }`,
        { c: child.Maisie, from: '2003-02-03T00:00:00Z', to: '2003-02-04T00:00:00Z' },
      );
      expect(r.errors, selection).toBeUndefined();
      expect(r.data!.childHistory.edges).toHaveLength(1);
      return r.data!.childHistory.edges[0]!.node[part]!;
    };
    for (const [part, type] of [
      ['session', 'Session'],
      ['attendance', 'AttendanceRecord'],
      ['observation', 'Observation'],
    ] as const) {
      const selections = await selectionsOf(type);
      expect(Object.keys(selections).length, type).toBeGreaterThan(3);
      const whole = await partOf(part, Object.values(selections).join(' '));
      for (const [name, selection] of Object.entries(selections)) {
        expect(whole[name], `${part}.${name}`).not.toBeNull();
        expect((await partOf(part, selection))[name], `${part}.${name}`).toEqual(whole[name]);
      }
    }

    // Asked for their status alone, the statement writes no column the status does not need.
    const statements = await statementsDuring(() => partOf('session', 'status'));
    const history = statements.find((s) => s.includes('json_agg'))!;
    expect(history).toContain('p.status');
    expect(history).not.toMatch(/continuity_note|cancellation_note|to_json\(p\)/);
    const records = await statementsDuring(() => partOf('observation', 'status'));
    const recordHistory = records.find((s) => s.includes('json_agg'))!;
    expect(recordHistory).toContain('o.status');
    expect(recordHistory).not.toMatch(/content_hash|return_reason|to_json\(o\)/);
    expect(recordHistory).not.toMatch(/recorded_by_id|to_json\(a\)/);
  });
});

/** The London date `n` working days before today. */
function workingDaysAgo(n: number): string {
  let key = londonDateKey(new Date());
  for (let left = n; left > 0;) {
    key = addDaysToDateKey(key, -1);
    if (isWorkingDay(key, 'england_and_wales')) left--;
  }
  return key;
}

// Last in the file: it adds sessions to Maisie's and Amara's histories.
describe('a record nobody started', () => {
  it('shows as owed for supervised contact that took place, due 5 working days after it and overdue after that; supported contact owes none', async () => {
    const agreements = await rows(
      `select a.id, a.contact_type, c.first_name from contact_agreement a join child c on c.id = a.child_id
        where a.status = 'active' and c.first_name in ('Maisie', 'Amara')`,
    );
    const supervised = agreements.find((a) => a.first_name === 'Maisie');
    const supported = agreements.find((a) => a.first_name === 'Amara');
    expect([supervised?.contact_type, supported?.contact_type]).toEqual(['supervised', 'supported']);
    // Early in the morning, when nothing else is booked; contact took place and attendance was recorded.
    const held = async (agreementId: string, dateKey: string, at: string) => {
      const startsAt = fromLondonDateKey(dateKey, at);
      const endsAt = new Date(startsAt.getTime() + 3_600_000);
      const [row] = await rows(
        `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
           starts_at, ends_at, turnover_minutes, status, parent_arrived_at, child_arrived_at, started_at, ended_at)
         select gen_random_uuid(), a.council_id, a.centre_id,
                (select id from room where centre_id = a.centre_id order by name limit 1),
                (select id from staff_user where email = $4), a.id, a.child_id, 'contact', $2, $3, 15, 'ended',
                $2, $2, $2, $3
           from contact_agreement a where a.id = $1
         returning id`,
        [agreementId, startsAt, endsAt, DEMO.supervisor1],
      );
      await rows(
        `insert into attendance (id, council_id, session_id, outcome, recorded_at)
         select gen_random_uuid(), council_id, id, 'attended', ends_at from session where id = $1`,
        [row.id],
      );
      return { id: row.id as string, endsAt };
    };
    const overdue = await held(supervised.id, workingDaysAgo(6), '05:00');
    const pending = await held(supervised.id, workingDaysAgo(2), '05:00');
    const notOwed = await held(supported.id, workingDaysAgo(6), '02:00');

    const entry = async (childId: string, sessionId: string, token = sw) => {
      const r = await api.gql<History>(token, HISTORY, { childId, first: 50 });
      expect(r.errors).toBeUndefined();
      return r.data!.childHistory.edges.map((e) => e.node).find((n) => n.session.id === sessionId)!;
    };
    for (const token of [sw, manager, integrator]) {
      const late = await entry(child.Maisie!, overdue.id, token);
      expect(late.report).toEqual({
        status: null,
        dueAt: reportDueDate(overdue.endsAt, 'england_and_wales').toISOString(),
        overdue: true,
      });
      expect(late.observation).toBeNull();
      expect((await entry(child.Maisie!, pending.id, token)).report).toEqual({
        status: null,
        dueAt: reportDueDate(pending.endsAt, 'england_and_wales').toISOString(),
        overdue: false,
      });
    }
    const supportedEntry = await entry(child.Amara!, notOwed.id, integrator);
    expect(supportedEntry.attendance?.outcome).toBe('ATTENDED');
    expect(supportedEntry.report).toBeNull();

    // The same sessions as the overdue list counts: the history and the caseload never disagree.
    const caseload = await api.gql<{
      myCaseload: { overdueReports: { sessionId: string; dueAt: string }[] }[];
    }>(sw, `{ myCaseload { overdueReports { sessionId dueAt } } }`);
    const listed = caseload.data!.myCaseload.flatMap((c) => c.overdueReports);
    expect(listed.find((o) => o.sessionId === overdue.id)?.dueAt).toBe(
      reportDueDate(overdue.endsAt, 'england_and_wales').toISOString(),
    );
    expect(listed.some((o) => o.sessionId === pending.id || o.sessionId === notOwed.id)).toBe(false);
  });
});
