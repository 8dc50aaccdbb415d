import { addDaysToDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

let api: TestApi;
let sw: string;
let otherSw: string;
let manager: string;
let integrator: string;
let supervisor: string;
let otherSupervisor: string;
let admin: string;
let eastmoorManager: string;
const child: Record<string, string> = {};

const CHILD = `query Child($id: ID!) {
  child(id: $id) {
    id firstName lastName dateOfBirth retainUntil
    familyMembers { firstName relationship }
    agreements { id status participants { firstName } }
    carer { name address phone }
  }
}`;

const CASELOAD = `query Caseload {
  myCaseload {
    child { id firstName lastName }
    needsAttention
    agreements { id status participants { firstName relationship } }
    suspendedAgreements { id suspensionNotice { decision missedSessions { sessionId } } }
    reviewsDue { id reviewDate }
    unacknowledgedFlags { id status severity category }
    overdueReports { observationId sessionId status dueAt author { name } }
    nextSession { id startsAt status }
  }
}`;

interface Entry {
  child: { id: string; firstName: string };
  needsAttention: boolean;
  agreements: { id: string; status: string }[];
  suspendedAgreements: { id: string; suspensionNotice: { decision: string } | null }[];
  reviewsDue: { id: string; reviewDate: string }[];
  unacknowledgedFlags: { id: string; status: string }[];
  overdueReports: { observationId: string; status: string; author: { name: string } }[];
  nextSession: { id: string; status: string } | null;
}

async function rows(sql: string, params: unknown[] = []) {
  return (await api.db.sql(sql, params)).rows;
}

function code(r: { errors?: { extensions?: { code?: string } }[] }) {
  return r.errors?.[0]?.extensions?.code;
}

/** Every SQL statement the API sends while `fn` runs, through MikroORM's logger. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
  const logger = api.db.orm.config.getLogger();
  const original = logger.logQuery.bind(logger);
  let count = 0;
  logger.logQuery = (context) => {
    count++;
    original(context);
  };
  try {
    await fn();
  } finally {
    logger.logQuery = original;
  }
  return count;
}

beforeAll(async () => {
  api = await startTestApi();
  sw = await api.tokenFor(DEMO.socialWorker1);
  otherSw = await api.tokenFor(DEMO.socialWorker3);
  manager = await api.tokenFor(DEMO.manager);
  integrator = await api.tokenFor(DEMO.integrator);
  supervisor = await api.tokenFor(DEMO.supervisor1);
  otherSupervisor = await api.tokenFor(DEMO.supervisor2);
  admin = await api.tokenFor(DEMO.admin);
  eastmoorManager = await api.tokenFor(DEMO.otherManager);
  for (const r of await rows(`select id, first_name from child`)) child[r.first_name] = r.id;
});
afterAll(() => api.close());

describe('a child’s record', () => {
  it('gives the child’s social worker everything, carers included, and logs the fields read', async () => {
    const r = await api.gql<{ child: Record<string, unknown> }>(sw, CHILD, { id: child.Maisie });
    expect(r.errors).toBeUndefined();
    expect(r.data?.child).toMatchObject({
      firstName: 'Maisie',
      lastName: 'Carter',
      dateOfBirth: '2018-03-14',
      retainUntil: '2093-03-14',
      familyMembers: [{ firstName: 'Jade', relationship: 'mother' }],
      agreements: [{ status: 'ACTIVE', participants: [{ firstName: 'Jade' }] }],
      carer: { name: 'Anne and Rob Fielding', address: '4 Larch Close, Coxford' },
    });
    const [log] = await rows(
      `select fields, role, reason from access_log where child_id = $1 order by id desc limit 1`,
      [child.Maisie],
    );
    expect(log.role).toBe('social_worker');
    expect(log.fields).toEqual(
      expect.arrayContaining(['firstName', 'dateOfBirth', 'familyMembers', 'agreements', 'carer']),
    );
  });

  it('gives the centre’s manager the carer too', async () => {
    const r = await api.gql<{ child: { carer: { name: string } | null } }>(manager, CHILD, {
      id: child.Maisie,
    });
    expect(r.data?.child.carer?.name).toBe('Anne and Rob Fielding');
  });

  it('never gives an integrator the carer, and does not log a carer read for it', async () => {
    for (const name of ['Maisie', 'Leo', 'Tyler']) {
      const r = await api.gql<{ child: { carer: unknown; agreements: unknown[] } }>(integrator, CHILD, {
        id: child[name],
      });
      expect(r.errors).toBeUndefined();
      expect(r.data?.child.carer).toBeNull();
      expect(r.data?.child.agreements.length).toBeGreaterThan(0);
      expect(JSON.stringify(r.data)).not.toMatch(/Fielding|Larch|Sunita|Ashdown/);
    }
    const logs = await rows(`select fields from access_log where role = 'integrator'`);
    expect(logs.length).toBe(3);
    for (const l of logs) expect(l.fields).not.toContain('carer');
  });

  it('gives the supervisor of the child’s sessions the basics only: no carer, no agreements', async () => {
    const r = await api.gql<{ child: { carer: unknown; agreements: unknown; familyMembers: unknown[] } }>(
      supervisor,
      CHILD,
      { id: child.Maisie },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.child).toMatchObject({ carer: null, agreements: null });
    expect(code(await api.gql(otherSupervisor, CHILD, { id: child.Maisie }))).toBe('NOT_FOUND');
  });

  it('refuses another caseload’s child exactly as an unknown id, and logs nothing for it', async () => {
    const before = (await rows(`select count(*)::int as n from access_log`))[0].n;
    const foreign = await api.gql(otherSw, CHILD, { id: child.Maisie });
    const unknown = await api.gql(otherSw, CHILD, { id: '0b7d5c4e-2222-4d4d-9999-abcdefabcdef' });
    const malformed = await api.gql(otherSw, CHILD, { id: '1 or 1=1' });
    const otherCouncil = await api.gql(eastmoorManager, CHILD, { id: child.Maisie });
    for (const r of [foreign, unknown, malformed, otherCouncil]) {
      expect(code(r)).toBe('NOT_FOUND');
      expect(r.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    }
    expect(code(await api.gql(admin, CHILD, { id: child.Maisie }))).toBe('FORBIDDEN');
    expect((await rows(`select count(*)::int as n from access_log`))[0].n).toBe(before);
  });
});

describe('the social worker’s caseload', () => {
  let leoObservation: string;

  beforeAll(async () => {
    // Make what needs attention certain, whatever day the test runs on.
    const today = londonDateKey(new Date());
    await rows(`update contact_agreement set review_date = $2 where child_id = $1`, [
      child.Leo,
      addDaysToDateKey(today, 10),
    ]);
    const [o] = await rows(
      `select o.id from observation o where o.child_id = $1 and o.status <> 'final' order by o.due_at limit 1`,
      [child.Leo],
    );
    leoObservation = o.id;
    await rows(`update observation set due_at = now() - interval '1 day' where id = $1`, [leoObservation]);
    await rows(`update safeguarding_flag set status = 'escalated' where child_id = $1`, [child.Amara]);
  });

  it('lists the social worker’s children with what needs them, those needing attention first', async () => {
    const r = await api.gql<{ myCaseload: Entry[] }>(sw, CASELOAD);
    expect(r.errors).toBeUndefined();
    const entries = r.data!.myCaseload;
    const by = Object.fromEntries(entries.map((e) => [e.child.firstName, e]));
    expect(Object.keys(by).sort()).toEqual(['Amara', 'Leo', 'Maisie', 'Tyler']);

    expect(by.Tyler!.suspendedAgreements).toHaveLength(1);
    expect(by.Tyler!.suspendedAgreements[0]!.suspensionNotice?.decision).toMatch(/suspended/);
    expect(by.Tyler!.unacknowledgedFlags).toEqual([]);
    expect(by.Tyler!.nextSession).toBeNull();

    expect(by.Maisie!.unacknowledgedFlags).toMatchObject([
      { status: 'OPEN', severity: 'HIGH', category: 'DISCLOSURE' },
    ]);
    expect(by.Maisie!.nextSession?.status).toBe('SCHEDULED');
    expect(by.Amara!.unacknowledgedFlags).toMatchObject([{ status: 'ESCALATED' }]);

    expect(by.Leo!.reviewsDue).toHaveLength(1);
    expect(by.Leo!.overdueReports.map((o) => o.observationId)).toContain(leoObservation);
    expect(by.Leo!.overdueReports[0]!.author.name).not.toBe('');

    for (const e of entries) {
      expect(e.agreements.length).toBeGreaterThan(0);
      expect(e.needsAttention).toBe(
        e.suspendedAgreements.length +
          e.reviewsDue.length +
          e.unacknowledgedFlags.length +
          e.overdueReports.length >
          0,
      );
    }
    const flags = entries.map((e) => e.needsAttention);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
  });

  it('shows only the social worker’s own children, and is for social workers only', async () => {
    const r = await api.gql<{ myCaseload: Entry[] }>(otherSw, CASELOAD);
    expect(r.data!.myCaseload.map((e) => e.child.firstName).sort()).toEqual([
      'Ellis',
      'Jayden',
      'Poppy',
      'Sofia',
    ]);
    for (const token of [manager, integrator, supervisor, admin]) {
      expect(code(await api.gql(token, CASELOAD))).toBe('FORBIDDEN');
    }
  });

  it('logs a read of every child listed', async () => {
    const before = await rows(`select count(*)::int as n from access_log where reason = 'caseload read'`);
    await api.gql(sw, CASELOAD);
    const after = await rows(`select count(*)::int as n from access_log where reason = 'caseload read'`);
    expect(after[0].n - before[0].n).toBe(4);
  });

  it('costs the same number of statements for a caseload twice the size (no query per child)', async () => {
    const four = await statementsDuring(() => api.gql(sw, CASELOAD));
    const megan = (await rows(`select id from staff_user where email = $1`, [DEMO.socialWorker3]))[0].id;
    const aisha = (await rows(`select id from staff_user where email = $1`, [DEMO.socialWorker1]))[0].id;
    await rows(`update child_case set social_worker_id = $1 where social_worker_id = $2`, [aisha, megan]);
    let size = 0;
    const eight = await statementsDuring(async () => {
      const r = await api.gql<{ myCaseload: Entry[] }>(sw, CASELOAD);
      size = r.data!.myCaseload.length;
    });
    expect(size).toBe(8);
    expect(eight).toBe(four);
  });
});
