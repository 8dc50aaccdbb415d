import { addDaysToDateKey, fromLondonDateKey, isWorkingDay, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

/**
 * docs/domain.md rule 9 over real HTTP: a supervised session's report is due 5 working days after the session ended,
 * whether or not anyone opened a draft, and an overdue one shows to the child's social worker (caseload) and to the
 * centre's manager (`overdueObservations`). Supported contact needs no report; a final one is never overdue.
 */

let api: TestApi;
let manager: string;
let socialWorker: string;
let supervisor: string;
let centreId: string;
const ids: Record<'unstarted' | 'recent' | 'supported' | 'final', string> = {} as never;
let maisie: string;

const CASELOAD = `{ myCaseload { child { id } needsAttention
  overdueReports { sessionId observationId status dueAt authorId author { name } session { id status } } } }`;
const MANAGER_LIST = `query($c: ID!) { overdueObservations(centreId: $c) {
  sessionId observationId status dueAt authorId author { name } session { id child { firstName } supervisor { name } } } }`;

type Overdue = {
  sessionId: string;
  observationId: string | null;
  status: string | null;
  dueAt: string;
  authorId: string;
  author: { name: string };
};

/** The London date `n` working days before today. */
function workingDaysAgo(n: number): string {
  let key = londonDateKey(new Date());
  for (let left = n; left > 0;) {
    key = addDaysToDateKey(key, -1);
    if (isWorkingDay(key, 'england_and_wales')) left--;
  }
  return key;
}

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  socialWorker = await api.tokenFor(DEMO.socialWorker1);
  supervisor = await api.tokenFor(DEMO.supervisor1);
  const q = async (sql: string, params: unknown[] = []) => (await api.db.sql(sql, params)).rows;
  const agreements = await q(
    `select a.id, a.child_id, a.centre_id, a.contact_type, c.first_name from contact_agreement a
       join child c on c.id = a.child_id where a.status = 'active' and c.first_name in ('Maisie', 'Amara')`,
  );
  const supervised = agreements.find((a) => a.first_name === 'Maisie');
  const supported = agreements.find((a) => a.first_name === 'Amara');
  expect(supervised.contact_type).toBe('supervised');
  expect(supported.contact_type).toBe('supported');
  maisie = supervised.child_id;
  centreId = supervised.centre_id;
  const rooms = await q(`select id, name from room where centre_id = $1 order by name`, [centreId]);
  const staff = await q(`select id, email from staff_user where email in ($1, $2)`, [
    DEMO.supervisor1,
    DEMO.supervisor2,
  ]);
  const sup1 = staff.find((s) => s.email === DEMO.supervisor1).id;
  const sup2 = staff.find((s) => s.email === DEMO.supervisor2).id;

  // Sessions that took place late in the evening, when the demo week books nothing.
  async function held(agreement: typeof supervised, dateKey: string, room: string, supervisorId: string) {
    const startsAt = fromLondonDateKey(dateKey, '20:00');
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    const [row] = await q(
      `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
         starts_at, ends_at, turnover_minutes, status, parent_arrived_at, child_arrived_at, started_at, ended_at)
       select gen_random_uuid(), council_id, centre_id, $2, $3, id, child_id, 'contact', $4, $5, 15, 'ended',
              $4::timestamptz - interval '15 minutes', $4, $4, $5
         from contact_agreement where id = $1
       returning id`,
      [agreement.id, room, supervisorId, startsAt, endsAt],
    );
    await q(
      `insert into attendance (id, council_id, session_id, outcome, recorded_at)
       select gen_random_uuid(), council_id, id, 'attended', ends_at from session where id = $1`,
      [row.id],
    );
    return row.id as string;
  }
  ids.unstarted = await held(supervised, workingDaysAgo(6), rooms[0].id, sup1);
  ids.supported = await held(supported, workingDaysAgo(6), rooms[1].id, sup2);
  ids.recent = await held(supervised, workingDaysAgo(2), rooms[0].id, sup1);
  // The demo week's older reports went through review: a final one, from a session more than 6 working days ago.
  const [final] = await q(
    `select o.session_id from observation o join session s on s.id = o.session_id
      where o.child_id = $1 and o.status = 'final' and s.ends_at < $2 order by s.ends_at desc limit 1`,
    [maisie, fromLondonDateKey(workingDaysAgo(6), '00:00')],
  );
  ids.final = final.session_id;
});
afterAll(() => api.close());

describe('overdue observation records (rule 9)', () => {
  it('shows a supervised session ended 6 working days ago with no record at all to the child’s social worker', async () => {
    const r = await api.gql<{
      myCaseload: { child: { id: string }; needsAttention: boolean; overdueReports: Overdue[] }[];
    }>(socialWorker, CASELOAD);
    expect(r.errors).toBeUndefined();
    const entry = r.data!.myCaseload.find((e) => e.child.id === maisie);
    expect(entry?.needsAttention).toBe(true);
    const mine = entry!.overdueReports.find((o) => o.sessionId === ids.unstarted);
    expect(mine).toMatchObject({
      observationId: null,
      status: null,
      author: { name: 'Tom Okafor' },
    });
    expect(new Date(mine!.dueAt).getTime()).toBeLessThan(Date.now());
    const all = r.data!.myCaseload.flatMap((e) => e.overdueReports.map((o) => o.sessionId));
    expect(all).not.toContain(ids.final);
    expect(all).not.toContain(ids.recent);
    expect(all).not.toContain(ids.supported);
  });

  it('shows it to the centre’s manager, with the child and the supervisor who owes it, and not a final one', async () => {
    const r = await api.gql<{
      overdueObservations: (Overdue & {
        session: { id: string; child: { firstName: string }; supervisor: { name: string } };
      })[];
    }>(manager, MANAGER_LIST, { c: centreId });
    expect(r.errors).toBeUndefined();
    const list = r.data!.overdueObservations;
    expect(list.find((o) => o.sessionId === ids.unstarted)).toMatchObject({
      observationId: null,
      status: null,
      author: { name: 'Tom Okafor' },
      session: { id: ids.unstarted, child: { firstName: 'Maisie' }, supervisor: { name: 'Tom Okafor' } },
    });
    const listed = list.map((o) => o.sessionId);
    expect(listed).not.toContain(ids.final);
    expect(listed).not.toContain(ids.recent);
    expect(listed).not.toContain(ids.supported);
    const dueAts = list.map((o) => new Date(o.dueAt).getTime());
    expect(dueAts).toEqual([...dueAts].sort((a, b) => a - b));
  });

  it('keeps the list to the manager’s own centre and to managers', async () => {
    const [other] = (await api.db.sql(`select id from centre where id <> $1 limit 1`, [centreId])).rows;
    expect(code(await api.gql(manager, MANAGER_LIST, { c: other.id }))).toBe('NOT_FOUND');
    expect(code(await api.gql(supervisor, MANAGER_LIST, { c: centreId }))).toBe('FORBIDDEN');
    expect(code(await api.gql(socialWorker, MANAGER_LIST, { c: centreId }))).toBe('FORBIDDEN');
  });
});
