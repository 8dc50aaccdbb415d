import { addMonthsToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

/**
 * docs/parents-copy.md over real HTTP: the child's social worker withholds parts of a final record from the parents'
 * copy and records each sharing, all append-only; a record not final has no copy; the centre's manager lists the
 * copies due, the earliest due first; nobody else learns of any of it; every read is in the access log.
 */

let api: TestApi;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

const COPY_FIELDS = `observationId sessionId childId sessionDate dueDate overdue shared
  participants { id firstName relationship }
  withholdings { id what reason recordedBy { name } released releasedAt releaseReason releasedBy { name } }
  sharings { id method sharedAt recordedAt recordedBy { name } sharedWith { id firstName } }`;
const STATUS = `query($o: ID!) { parentsCopy(observationId: $o) { ${COPY_FIELDS} } }`;
const DUE = `query($c: ID!) { parentsCopyDue(centreId: $c) {
  observationId sessionId childInitials sessionDate dueDate overdue withheldParts } }`;
const WITHHOLD = `mutation($o: ID!, $w: String!, $r: String!) {
  withholdFromParentsCopy(observationId: $o, what: $w, reason: $r) { ${COPY_FIELDS} } }`;
const RELEASE = `mutation($w: ID!, $r: String!) {
  releaseParentsCopyWithholding(withholdingId: $w, reason: $r) { ${COPY_FIELDS} } }`;
const SHARE = `mutation($o: ID!, $p: [ID!]!, $h: ParentsCopyMethod!, $at: DateTimeISO!) {
  recordParentsCopyShared(observationId: $o, sharedWith: $p, how: $h, at: $at) { ${COPY_FIELDS} } }`;

interface Copy {
  observationId: string;
  dueDate: string;
  sessionDate: string;
  overdue: boolean;
  shared: boolean;
  participants: { id: string; firstName: string }[];
  withholdings: {
    id: string;
    what: string;
    reason: string;
    recordedBy: { name: string };
    released: boolean;
    releaseReason: string | null;
    releasedBy: { name: string } | null;
  }[];
  sharings: { id: string; method: string; recordedBy: { name: string }; sharedWith: { id: string }[] }[];
}
interface Due {
  observationId: string;
  childInitials: string;
  sessionDate: string;
  dueDate: string;
  overdue: boolean;
  withheldParts: number;
}

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const one = async (sql: string, params: unknown[] = []) => (await api.db.sql(sql, params)).rows[0];
const count = async (table: string, observationId: string) =>
  (await one(`select count(*)::int as n from ${table} where observation_id = $1`, [observationId]))
    .n as number;

async function eventKinds(observationId: string): Promise<string[]> {
  const events = await api.db.sql(
    `select kind from event where topic = 'observation' and payload->>'observationId' = $1 order by id`,
    [observationId],
  );
  return events.rows.map((e) => e.kind as string);
}

async function ok<T>(who: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await api.gql<Record<string, T>>(token[who]!, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return Object.values(r.data!)[0]!;
}

beforeAll(async () => {
  api = await startTestApi();
  const who = {
    sw1: DEMO.socialWorker1,
    sw3: DEMO.socialWorker3,
    manager: DEMO.manager,
    otherManager: DEMO.otherManager,
    supervisor: DEMO.supervisor1,
  };
  for (const [k, email] of Object.entries(who)) token[k] = await api.tokenFor(email);
  const maisie = await one(`select id from child where first_name = 'Maisie'`);
  ids.maisie = maisie.id;
  const final = await one(
    `select o.id, s.centre_id from observation o join session s on s.id = o.session_id
      where o.child_id = $1 and o.status = 'final' order by s.starts_at desc limit 1`,
    [ids.maisie],
  );
  ids.final = final.id;
  ids.centre = final.centre_id;
  ids.submitted = (
    await one(`select id from observation where child_id = $1 and status = 'submitted'`, [ids.maisie])
  ).id;
  // A session four months ago whose record was issued then: its parents' copy is overdue.
  const old = fromLondonDateKey(addMonthsToDateKey(londonDateKey(new Date()), -4), '20:00');
  const agreement = await one(
    `select a.id, a.centre_id from contact_agreement a where a.child_id = $1 and a.status = 'active'`,
    [ids.maisie],
  );
  const room = await one(`select id from room where centre_id = $1 order by name limit 1`, [
    agreement.centre_id,
  ]);
  const supervisor = await one(`select id from staff_user where email = $1`, [DEMO.supervisor1]);
  const session = await one(
    `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
       starts_at, ends_at, turnover_minutes, status, parent_arrived_at, child_arrived_at, started_at, ended_at)
     select gen_random_uuid(), council_id, centre_id, $2, $3, id, child_id, 'contact', $4,
            $4::timestamptz + interval '1 hour', 15, 'ended', $4::timestamptz - interval '15 minutes', $4, $4,
            $4::timestamptz + interval '1 hour'
       from contact_agreement where id = $1
     returning id`,
    [agreement.id, room.id, supervisor.id, old],
  );
  ids.oldSession = session.id;
  ids.old = (
    await one(
      `insert into observation (id, council_id, session_id, child_id, author_id, status, due_at, submitted_at,
         approved_at, finalised_at, content_hash)
       select gen_random_uuid(), council_id, id, child_id, supervisor_id, 'final', ends_at + interval '5 days',
              ends_at, ends_at, ends_at, 'old-record'
         from session where id = $1
       returning id`,
      [session.id],
    )
  ).id;
  ids.oldSessionDate = londonDateKey(old);
});
afterAll(() => api.close());

describe('the parents’ copy of a final observation record', () => {
  it('has no copy until the record is final, and withholds or shares nothing of one', async () => {
    const status = await api.gql(token.sw1!, STATUS, { o: ids.submitted });
    expect(code(status)).toBe('PARENTS_COPY_NOT_FINAL');
    const withhold = await api.gql(token.sw1!, WITHHOLD, { o: ids.submitted, w: 'Section C', r: 'Carer' });
    expect(code(withhold)).toBe('PARENTS_COPY_NOT_FINAL');
    expect(withhold.errors?.[0]?.message).toMatch(/not final/);
    const share = await api.gql(token.sw1!, SHARE, {
      o: ids.submitted,
      p: [ids.maisie],
      h: 'POST',
      at: new Date().toISOString(),
    });
    expect(code(share)).toBe('PARENTS_COPY_NOT_FINAL');
    expect(await count('parents_copy_withholding', ids.submitted!)).toBe(0);
    expect(await count('parents_copy_sharing', ids.submitted!)).toBe(0);
    // The database refuses it as well, whatever the way in.
    await expect(
      api.db.sql(
        `insert into parents_copy_sharing (id, council_id, observation_id, child_id, shared_with, method, shared_at,
           recorded_by_id) select gen_random_uuid(), council_id, id, child_id, array[author_id], 'post', now(), author_id
           from observation where id = $1`,
        [ids.submitted],
      ),
    ).rejects.toThrow(/only a final observation record/);
  });

  it('is due 3 calendar months after the session, and the child’s social worker reads it', async () => {
    const copy = await ok<Copy>('sw1', STATUS, { o: ids.final });
    expect(copy.dueDate).toBe(addMonthsToDateKey(copy.sessionDate, 3));
    expect(copy.overdue).toBe(false);
    expect(copy.participants.length).toBeGreaterThan(0);
    const old = await ok<Copy>('manager', STATUS, { o: ids.old });
    expect(old).toMatchObject({ sessionDate: ids.oldSessionDate, overdue: true, shared: false });
  });

  it('keeps withholdings append-only: taking one back is an entry of its own', async () => {
    let copy = await ok<Copy>('sw1', WITHHOLD, {
      o: ids.final,
      w: 'Section C, second paragraph',
      r: 'It names the street the carers live on.',
    });
    expect(copy.withholdings).toEqual([
      expect.objectContaining({
        what: 'Section C, second paragraph',
        recordedBy: { name: 'Aisha Khan' },
        released: false,
        releasedBy: null,
      }),
    ]);
    const first = copy.withholdings[0]!.id;
    copy = await ok<Copy>('sw1', WITHHOLD, { o: ids.final, w: 'Section F', r: 'Third-party information.' });
    expect(copy.withholdings.map((w) => w.what)).toEqual(['Section C, second paragraph', 'Section F']);

    copy = await ok<Copy>('sw1', RELEASE, {
      w: first,
      r: 'The carers have moved; the street no longer matters.',
    });
    expect(copy.withholdings[0]).toMatchObject({
      id: first,
      what: 'Section C, second paragraph',
      released: true,
      releaseReason: 'The carers have moved; the street no longer matters.',
      releasedBy: { name: 'Aisha Khan' },
    });
    expect(copy.withholdings[1]).toMatchObject({ released: false });
    const again = await api.gql(token.sw1!, RELEASE, { w: first, r: 'Again' });
    expect(code(again)).toBe('BAD_USER_INPUT');
    expect(code(await api.gql(token.sw1!, WITHHOLD, { o: ids.final, w: '  ', r: 'Why' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await count('parents_copy_withholding', ids.final!)).toBe(2);
    expect(await eventKinds(ids.final!)).toEqual([
      'parents_copy_withheld',
      'parents_copy_withheld',
      'parents_copy_released',
    ]);
    await expect(
      api.db.sql(`update parents_copy_withholding set reason = 'changed' where id = $1`, [first]),
    ).rejects.toThrow(/append-only/);
    await expect(
      api.db.sql(`delete from parents_copy_release where withholding_id = $1`, [first]),
    ).rejects.toThrow(/must be kept/);
  });

  it('logs each sharing as a new entry, with participants only, never in the future', async () => {
    const { participants } = await ok<Copy>('sw1', STATUS, { o: ids.final });
    const parent = participants[0]!.id;
    const at = new Date(Date.now() - 60_000).toISOString();
    const stranger = await api.gql(token.sw1!, SHARE, { o: ids.final, p: [ids.maisie], h: 'POST', at });
    expect(code(stranger)).toBe('BAD_USER_INPUT');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(code(await api.gql(token.sw1!, SHARE, { o: ids.final, p: [parent], h: 'POST', at: future }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await api.gql(token.sw1!, SHARE, { o: ids.final, p: [], h: 'POST', at }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await count('parents_copy_sharing', ids.final!)).toBe(0);

    let copy = await ok<Copy>('sw1', SHARE, { o: ids.final, p: [parent], h: 'EMAIL', at });
    expect(copy).toMatchObject({ shared: true, overdue: false });
    expect(copy.sharings).toEqual([
      expect.objectContaining({
        method: 'EMAIL',
        recordedBy: { name: 'Aisha Khan' },
        sharedWith: [{ id: parent, firstName: participants[0]!.firstName }],
      }),
    ]);
    // Handed over again in person later; the first sharing stays as it was.
    const later = new Date(Date.now() - 1000).toISOString();
    copy = await ok<Copy>('sw1', SHARE, { o: ids.final, p: [parent], h: 'IN_PERSON', at: later });
    expect(copy.sharings.map((s) => s.method)).toEqual(['EMAIL', 'IN_PERSON']);
    expect((await eventKinds(ids.final!)).filter((k) => k === 'parents_copy_shared')).toHaveLength(2);
  });

  it('lists the copies due to the centre’s manager, overdue first, until they are shared', async () => {
    const list = await ok<Due[]>('manager', DUE, { c: ids.centre });
    const old = list.find((d) => d.observationId === ids.old);
    expect(old).toMatchObject({ childInitials: 'M. C.', overdue: true, withheldParts: 0 });
    expect(list.map((d) => d.dueDate)).toEqual([...list.map((d) => d.dueDate)].sort());
    const firstInTime = list.findIndex((d) => !d.overdue);
    expect(list.slice(firstInTime === -1 ? list.length : firstInTime).some((d) => d.overdue)).toBe(false);

    await ok('sw1', WITHHOLD, { o: ids.old, w: 'Section B', r: 'Names the school.' });
    const withheld = (await ok<Due[]>('manager', DUE, { c: ids.centre })).find(
      (d) => d.observationId === ids.old,
    );
    expect(withheld?.withheldParts).toBe(1);
    const { participants } = await ok<Copy>('sw1', STATUS, { o: ids.old });
    await ok('sw1', SHARE, {
      o: ids.old,
      p: participants.map((p) => p.id),
      h: 'SECURE_PORTAL',
      at: new Date(Date.now() - 1000).toISOString(),
    });
    const after = await ok<Due[]>('manager', DUE, { c: ids.centre });
    expect(after.map((d) => d.observationId)).not.toContain(ids.old);
  });

  it('is nobody else’s to read or change', async () => {
    // Another social worker and another centre's manager: as if it did not exist.
    expect(code(await api.gql(token.sw3!, STATUS, { o: ids.final }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.otherManager!, STATUS, { o: ids.final }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.sw3!, WITHHOLD, { o: ids.final, w: 'A', r: 'B' }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.otherManager!, DUE, { c: ids.centre }))).toBe('NOT_FOUND');
    const own = await one(`select centre_id from staff_user where email = $1`, [DEMO.otherManager]);
    const theirs = await ok<Due[]>('otherManager', DUE, { c: own.centre_id });
    expect(theirs.map((d) => d.observationId)).not.toContain(ids.old);
    // The manager reads the copy but neither withholds nor records a sharing; supervisors have no part in it.
    expect(code(await api.gql(token.manager!, WITHHOLD, { o: ids.final, w: 'A', r: 'B' }))).toBe('FORBIDDEN');
    expect(
      code(
        await api.gql(token.manager!, SHARE, {
          o: ids.final,
          p: [],
          h: 'POST',
          at: new Date().toISOString(),
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(code(await api.gql(token.supervisor!, STATUS, { o: ids.final }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.sw1!, DUE, { c: ids.centre }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.sw1!, STATUS, { o: 'not-a-uuid' }))).toBe('NOT_FOUND');
  });

  it('writes every read to the access log', async () => {
    const before = await one(
      `select count(*)::int as n from access_log where child_id = $1 and 'parents_copy' = any(fields)`,
      [ids.maisie],
    );
    await ok('sw1', STATUS, { o: ids.final });
    await ok('manager', DUE, { c: ids.centre });
    const rows = await api.db.sql(
      `select l.role, l.reason from access_log l where l.child_id = $1 and 'parents_copy' = any(l.fields)
        order by l.id desc limit 2`,
      [ids.maisie],
    );
    const after = await one(
      `select count(*)::int as n from access_log where child_id = $1 and 'parents_copy' = any(fields)`,
      [ids.maisie],
    );
    expect(after.n - before.n).toBe(2);
    expect(rows.rows.map((r) => r.role).sort()).toEqual(['centre_manager', 'social_worker']);
  });
});
