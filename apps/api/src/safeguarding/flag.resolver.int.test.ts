import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';
import { escalateOverdueFlags, startEscalationJob } from './escalation.job.js';

let api: TestApi;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

const FLAG_FIELDS = `id status severity category description version centreId sessionId raisedAt acknowledgeBy
  minutesSinceRaised acknowledgementOverdue outcome resolvedAt resolvedBy { name } raisedBy { name }
  child { firstName lastInitial }
  acknowledgements { user { name } acknowledgedAt note }
  escalations { escalatedBy { name } automatic escalatedAt reason }`;

const RAISE = `mutation($i: RaiseFlagInput!) { raiseFlag(input: $i) { ${FLAG_FIELDS} } }`;
const ACK = `mutation($id: ID!, $n: String) { acknowledgeFlag(id: $id, note: $n) { ${FLAG_FIELDS} } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateFlag(id: $id, reason: $r) { ${FLAG_FIELDS} } }`;
const RESOLVE = `mutation($id: ID!, $o: String!, $v: Int!) {
  resolveFlag(id: $id, outcome: $o, expectedVersion: $v) { ${FLAG_FIELDS} } }`;
const FLAG = `query($id: ID!) { flag(id: $id) { ${FLAG_FIELDS} } }`;
const CENTRE = `query($c: ID!, $all: Boolean) { centreFlags(centreId: $c, includeResolved: $all) { ${FLAG_FIELDS} } }`;
const MINE = `query($all: Boolean) { myFlags(includeResolved: $all) { ${FLAG_FIELDS} } }`;

interface Flag {
  id: string;
  status: string;
  version: number;
  raisedAt: string;
  acknowledgeBy: string;
  minutesSinceRaised: number;
  acknowledgements: { user: { name: string }; acknowledgedAt: string; note: string | null }[];
  escalations: { escalatedBy: { name: string } | null; automatic: boolean; reason: string }[];
}

function code(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

async function ok<T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await api.gql<Record<string, T>>(token[who]!, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return Object.values(r.data!)[0]!;
}

const one = async (sql: string, params: unknown[] = []) => (await api.db.sql(sql, params)).rows[0];
const flagRow = (id: string) => one('select * from safeguarding_flag where id = $1', [id]);
const concern = (over: Record<string, unknown> = {}) => ({
  childId: ids.maisie,
  category: 'DISCLOSURE',
  severity: 'HIGH',
  description: "Maisie said \"I don't want to go back to mummy's friend's house\". Recorded verbatim.",
  ...over,
});

beforeAll(async () => {
  api = await startTestApi();
  const who = {
    tom: DEMO.supervisor1,
    grace: DEMO.supervisor2,
    manager: DEMO.manager,
    sw1: DEMO.socialWorker1,
    sw3: DEMO.socialWorker3,
    integrator: DEMO.integrator,
    admin: DEMO.admin,
    otherManager: DEMO.otherManager,
  };
  for (const [k, email] of Object.entries(who)) token[k] = await api.tokenFor(email);
  ids.maisie = (await one(`select id from child where first_name = 'Maisie'`)).id;
  ids.maisieLive = (
    await one(`select id from session where child_id = $1 and status = 'in_progress'`, [ids.maisie])
  ).id;
  ids.leoSession = (
    await one(
      `select s.id from session s join child c on c.id = s.child_id where c.first_name = 'Leo' limit 1`,
    )
  ).id;
  ids.centre = (await one(`select id from centre where name like 'Coxford Road%'`)).id;
  ids.sw1 = (await one('select id from staff_user where email = $1', [DEMO.socialWorker1])).id;
});
afterAll(() => api.close());

describe('safeguarding flags (docs/domain.md rule 10)', () => {
  it('raises a flag that reaches the social worker and the manager, and is handled to an outcome', async () => {
    const raised = await ok<Flag>('tom', RAISE, { i: concern({ sessionId: ids.maisieLive }) });
    expect(raised).toMatchObject({
      status: 'OPEN',
      severity: 'HIGH',
      centreId: ids.centre,
      sessionId: ids.maisieLive,
      minutesSinceRaised: 0,
      acknowledgementOverdue: false,
      raisedBy: { name: 'Tom Okafor' },
      child: { firstName: 'Maisie', lastInitial: 'C' },
      acknowledgements: [],
    });
    expect(Date.parse(raised.acknowledgeBy) - Date.parse(raised.raisedAt)).toBe(60 * 60_000);
    const id = raised.id;

    // It reaches both at once: an event for the centre and the child naming the social worker.
    const event = await one(`select * from event where topic = 'flag' and subject_id = $1`, [id]);
    expect(event).toMatchObject({ kind: 'raised', centre_id: ids.centre, child_id: ids.maisie });
    expect(event.payload).toMatchObject({ socialWorkerId: ids.sw1, severity: 'high' });
    expect((await ok<Flag[]>('sw1', MINE)).map((f) => f.id)).toContain(id);
    const centre = await ok<Flag[]>('manager', CENTRE, { c: ids.centre });
    expect(centre[0]!.id).toBe(id);
    const times = centre.map((f) => Date.parse(f.raisedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Not another caseload's social worker, and without revealing that it exists.
    expect(code(await api.gql(token.sw3!, FLAG, { id }))).toBe('NOT_FOUND');
    expect((await ok<Flag[]>('sw3', MINE)).map((f) => f.id)).not.toContain(id);
    expect(code(await api.gql(token.sw3!, ACK, { id }))).toBe('NOT_FOUND');
    const logged = await one(
      `select count(*)::int as n from access_log where child_id = $1 and user_id = $2 and 'safeguarding_flags' = any(fields)`,
      [ids.maisie, ids.sw1],
    );
    expect(logged.n).toBeGreaterThan(0);

    // An open flag cannot be resolved before someone acknowledges it.
    const early = await api.gql(token.sw1!, RESOLVE, { id, o: 'Nothing to do', v: raised.version });
    expect(code(early)).toBe('FLAG_ILLEGAL_TRANSITION');

    // Acknowledged: who and when, one row per person.
    let f = await ok<Flag>('sw1', ACK, { id, n: 'Calling the carers now.' });
    expect(f.status).toBe('ACKNOWLEDGED');
    expect(f.acknowledgements).toEqual([
      { user: { name: 'Aisha Khan' }, acknowledgedAt: expect.any(String), note: 'Calling the carers now.' },
    ]);
    expect(code(await api.gql(token.sw1!, ACK, { id }))).toBe('FLAG_ILLEGAL_TRANSITION');
    f = await ok<Flag>('manager', ACK, { id });
    expect(f.status).toBe('ACKNOWLEDGED');
    expect(f.acknowledgements.map((a) => a.user.name)).toEqual(['Aisha Khan', 'Priya Shah']);
    const centreView = (await ok<Flag[]>('manager', CENTRE, { c: ids.centre })).find((x) => x.id === id)!;
    expect(centreView.acknowledgements.map((a) => a.user.name)).toEqual(['Aisha Khan', 'Priya Shah']);

    // Escalated by hand.
    f = await ok<Flag>('manager', ESCALATE, { id, r: 'Disclosure needs the duty team manager.' });
    expect(f.status).toBe('ESCALATED');
    expect(f.escalations).toEqual([
      {
        escalatedBy: { name: 'Priya Shah' },
        automatic: false,
        escalatedAt: expect.any(String),
        reason: 'Disclosure needs the duty team manager.',
      },
    ]);

    // No outcome, or a stale version: refused, and nothing changes.
    const before = await flagRow(id);
    for (const o of ['', '   ']) {
      expect(code(await api.gql(token.sw1!, RESOLVE, { id, o, v: f.version }))).toBe('BAD_USER_INPUT');
    }
    expect(
      code(
        await api.gql(token.sw1!, `mutation($id: ID!) { resolveFlag(id: $id, expectedVersion: 1) { id } }`, {
          id,
        }),
      ),
    ).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(code(await api.gql(token.sw1!, RESOLVE, { id, o: 'Done', v: f.version - 1 }))).toBe(
      'STALE_VERSION',
    );
    expect(await flagRow(id)).toEqual(before);

    // Resolved with its outcome; then terminal, and gone from the default lists.
    f = await ok<Flag>('sw1', RESOLVE, {
      id,
      o: 'Strategy discussion held; contact continues with a second supervisor.',
      v: f.version,
    });
    expect(f).toMatchObject({
      status: 'RESOLVED',
      outcome: 'Strategy discussion held; contact continues with a second supervisor.',
      resolvedBy: { name: 'Aisha Khan' },
    });
    expect(code(await api.gql(token.manager!, ACK, { id }))).toBe('FLAG_ILLEGAL_TRANSITION');
    expect((await ok<Flag[]>('manager', CENTRE, { c: ids.centre })).map((x) => x.id)).not.toContain(id);
    expect((await ok<Flag[]>('manager', CENTRE, { c: ids.centre, all: true })).map((x) => x.id)).toContain(
      id,
    );
    expect(
      (
        await api.db.sql(`select kind from event where topic = 'flag' and subject_id = $1 order by id`, [id])
      ).rows.map((r) => r.kind),
    ).toEqual(['raised', 'acknowledged', 'acknowledged', 'escalated', 'resolved']);
  });

  it('lists every flag still waiting for someone, whatever its severity, with the room of its session if any', async () => {
    const ROOMS = `query($c: ID!) { centreFlags(centreId: $c) { id status severity sessionId room { name } } }`;
    const critical = await ok<Flag>('tom', RAISE, {
      i: concern({ sessionId: ids.maisieLive, category: 'ABDUCTION_ATTEMPT', severity: 'CRITICAL' }),
    });
    const outside = await ok<Flag>('tom', RAISE, { i: concern() });
    const room = await one('select r.name from room r join session s on s.room_id = r.id where s.id = $1', [
      ids.maisieLive,
    ]);
    const listed = await ok<
      { id: string; status: string; severity: string; room: { name: string } | null }[]
    >('manager', ROOMS, { c: ids.centre });
    expect(listed.find((f) => f.id === critical.id)).toMatchObject({
      status: 'OPEN',
      severity: 'CRITICAL',
      room: { name: room.name },
    });
    expect(listed.find((f) => f.id === outside.id)).toMatchObject({
      status: 'OPEN',
      severity: 'HIGH',
      sessionId: null,
      room: null,
    });
    // The demo's high flag, raised outside any session and not yet acknowledged, is there too.
    expect(listed.some((f) => f.severity === 'HIGH' && f.status === 'OPEN' && f.id !== outside.id)).toBe(
      true,
    );
    // The supervisor who raised them reads the room too; another centre's manager reads nothing of them.
    const own = await ok<{ id: string; room: { name: string } | null }>(
      'tom',
      `query($id: ID!) { flag(id: $id) { id room { name } } }`,
      {
        id: critical.id,
      },
    );
    expect(own.room).toEqual({ name: room.name });
    expect(code(await api.gql(token.otherManager!, FLAG, { id: critical.id }))).toBe('NOT_FOUND');
    for (const f of [critical, outside]) {
      await ok('manager', ACK, { id: f.id });
      const v = (await flagRow(f.id)).version;
      await ok('manager', RESOLVE, { id: f.id, o: 'Checked; handled.', v });
    }
  });

  it('refuses each action to the roles and people it is not for, changing nothing', async () => {
    const count = async () => (await one('select count(*)::int as n from safeguarding_flag')).n;
    const before = await count();
    expect(code(await api.gql(token.sw1!, RAISE, { i: concern() }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.integrator!, RAISE, { i: concern() }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.admin!, RAISE, { i: concern() }))).toBe('FORBIDDEN');
    // Grace does not supervise Maisie; Tom does not run Leo's session.
    expect(code(await api.gql(token.grace!, RAISE, { i: concern() }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.tom!, RAISE, { i: concern({ sessionId: ids.leoSession }) }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await api.gql(token.otherManager!, RAISE, { i: concern() }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.tom!, RAISE, { i: concern({ description: '  ' }) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await api.gql(token.tom!, RAISE, { i: concern({ childId: 'nope' }) }))).toBe('NOT_FOUND');
    expect(await count()).toBe(before);

    // The manager may raise one for a child at the centre, without a session.
    const f = await ok<Flag>('manager', RAISE, { i: concern({ severity: 'MEDIUM', category: 'OTHER' }) });
    expect(f).toMatchObject({ status: 'OPEN', centreId: ids.centre, sessionId: null });
    const id = f.id;

    // Handling is for the child's social worker and the centre's manager only.
    for (const who of ['tom', 'grace', 'integrator', 'admin']) {
      expect(code(await api.gql(token[who]!, ACK, { id })), who).toBe('FORBIDDEN');
      expect(code(await api.gql(token[who]!, ESCALATE, { id, r: 'x' })), who).toBe('FORBIDDEN');
      expect(code(await api.gql(token[who]!, RESOLVE, { id, o: 'x', v: f.version })), who).toBe('FORBIDDEN');
    }
    for (const who of ['sw3', 'otherManager']) {
      expect(code(await api.gql(token[who]!, ESCALATE, { id, r: 'x' })), who).toBe('NOT_FOUND');
    }
    expect(await flagRow(id)).toMatchObject({ status: 'open', version: f.version });
    expect(
      (await one('select count(*)::int as n from flag_acknowledgement where flag_id = $1', [id])).n,
    ).toBe(0);

    // Reading: the centre's manager, the supervisors of the child's sessions, the child's social worker and
    // integrations; not a supervisor who never had the child (Grace), admins or other councils.
    for (const who of ['manager', 'tom', 'sw1', 'integrator']) {
      expect((await ok<Flag>(who, FLAG, { id })).id, who).toBe(id);
    }
    expect(code(await api.gql(token.grace!, FLAG, { id }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.admin!, FLAG, { id }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.otherManager!, FLAG, { id }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.sw1!, CENTRE, { c: ids.centre }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.admin!, CENTRE, { c: ids.centre }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.otherManager!, CENTRE, { c: ids.centre }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.manager!, MINE))).toBe('FORBIDDEN');
    expect(code(await api.gql(null, MINE))).toBe('UNAUTHENTICATED');
  });

  it('escalates flags nobody acknowledged by their deadline, once, with no person named', async () => {
    const critical = await ok<Flag>('tom', RAISE, {
      i: concern({ severity: 'CRITICAL', category: 'ABDUCTION_ATTEMPT' }),
    });
    const low = await ok<Flag>('tom', RAISE, { i: concern({ severity: 'LOW', category: 'OTHER' }) });
    const raisedAt = Date.parse(critical.raisedAt);

    // At the deadline itself it is still in time.
    expect(await escalateOverdueFlags(api.db.orm.em.fork(), new Date(raisedAt + 15 * 60_000))).not.toContain(
      critical.id,
    );
    const later = new Date(raisedAt + 16 * 60_000);
    const escalated = await escalateOverdueFlags(api.db.orm.em.fork(), later);
    expect(escalated).toContain(critical.id);
    expect(escalated).not.toContain(low.id);
    expect(await escalateOverdueFlags(api.db.orm.em.fork(), later)).not.toContain(critical.id);

    const row = await one('select * from flag_escalation where flag_id = $1', [critical.id]);
    expect(row).toMatchObject({ escalated_by_id: null, reason: 'not acknowledged within 15 minutes' });
    expect(new Date(row.escalated_at).getTime()).toBe(later.getTime());
    const events = await api.db.sql(`select kind, payload from event where subject_id = $1 order by id`, [
      critical.id,
    ]);
    expect(events.rows.at(-1)).toMatchObject({ kind: 'escalated', payload: { automatic: true } });
    const seen = await ok<Flag>('sw1', FLAG, { id: critical.id });
    expect(seen).toMatchObject({
      status: 'ESCALATED',
      escalations: [{ escalatedBy: null, automatic: true, reason: 'not acknowledged within 15 minutes' }],
    });
    expect((await flagRow(low.id)).status).toBe('open');

    // An escalated flag is then taken on by whoever it reached.
    expect((await ok<Flag>('manager', ACK, { id: critical.id })).status).toBe('ACKNOWLEDGED');
  });

  it('lists a centre’s flags in the same number of SQL statements for 30 flags as for 3', async () => {
    const statements = async () => {
      const logger = api.db.orm.config.getLogger();
      const original = logger.logQuery.bind(logger);
      let seen = 0;
      logger.logQuery = (context) => {
        seen++;
        original(context);
      };
      try {
        const flags = await ok<Flag[]>('manager', CENTRE, { c: ids.centre, all: true });
        return { seen, flags: flags.length };
      } finally {
        logger.logQuery = original;
      }
    };
    const addFlags = (n: number) =>
      api.db.sql(
        `with f as (
           insert into safeguarding_flag (id, council_id, centre_id, child_id, category, severity, description,
             raised_by_id, raised_at, acknowledge_by, status)
           select gen_random_uuid(), c.council_id, $1, $2, 'other', 'low', 'Bulk ' || g, u.id, now(), now() + interval '1 day', 'acknowledged'
             from generate_series(1, $3) g, child c, staff_user u where c.id = $2 and u.email = $4
           returning id, council_id, raised_by_id)
         insert into flag_acknowledgement (id, council_id, flag_id, user_id, acknowledged_at)
         select gen_random_uuid(), council_id, id, raised_by_id, now() from f`,
        [ids.centre, ids.maisie, n, DEMO.manager],
      );
    const small = await statements();
    await addFlags(27);
    const large = await statements();
    expect(large.flags - small.flags).toBe(27);
    expect(large.seen).toBe(small.seen);
    expect(small.seen).toBeGreaterThan(0);
    expect(small.seen).toBeLessThanOrEqual(8);
  });

  it('runs the escalation on an interval until stopped', async () => {
    const overdue = await ok<Flag>('manager', RAISE, { i: concern({ severity: 'CRITICAL' }) });
    await api.db.sql(
      `update safeguarding_flag set raised_at = now() - interval '1 hour', acknowledge_by = now() - interval '45 minutes' where id = $1`,
      [overdue.id],
    );
    const errors: unknown[] = [];
    const stop = startEscalationJob(api.db.orm, 25, { onError: (e) => errors.push(e) });
    try {
      await expect
        .poll(async () => (await flagRow(overdue.id)).status, { timeout: 5000, interval: 50 })
        .toBe('escalated');
    } finally {
      await stop();
    }
    expect(errors).toEqual([]);
    expect(
      (await one('select count(*)::int as n from flag_escalation where flag_id = $1', [overdue.id])).n,
    ).toBe(1);
  });
});
