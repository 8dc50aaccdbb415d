import { addDaysToDateKey, fromLondonDateKey, londonDateKey, retentionDate } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

let api: TestApi;
let sw: string; // Aisha, Maisie's social worker
let otherSw: string; // Megan, another social worker of Coxford
let admin: string;
let integrator: string; // signed in with a staff token: reads only
let ids: { maisie: string; aisha: string; megan: string; centre: string; room: string; supervisor: string };

const DETAILS = `
  id externalId firstName lastName dateOfBirth dateOfDeath retainUntil
  schoolPattern { weekday start end }
  carer { id name address phone }
  family { relationship parentalResponsibility familyMember { id firstName lastName workPattern { weekday start end } } }
  openCase { id externalId socialWorker { id name } }
  cases { id closedAt socialWorker { id } }
  changes { recordType action via changedBy { id name } fields { field before after } }
`;
const SAVE_CHILD = `mutation SaveChild($input: ChildInput!) { saveChild(input: $input) { ${DETAILS} } }`;
const CHILD_DETAILS = `query ChildDetails($id: ID!) { childDetails(id: $id) { ${DETAILS} } }`;

interface Details {
  id: string;
  externalId: string | null;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  dateOfDeath: string | null;
  retainUntil: string;
  schoolPattern: { weekday: number; start: string; end: string }[];
  carer: { id: string; name: string; address: string; phone: string | null } | null;
  family: {
    relationship: string;
    parentalResponsibility: boolean;
    familyMember: { id: string; firstName: string; lastName: string };
  }[];
  openCase: { id: string; externalId: string | null; socialWorker: { id: string; name: string } } | null;
  cases: { id: string; closedAt: string | null; socialWorker: { id: string } }[];
  changes: {
    recordType: string;
    action: string;
    via: string;
    changedBy: { id: string; name: string } | null;
    fields: { field: string; before: string | null; after: string | null }[];
  }[];
}

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;
const count = async (sql: string, params: unknown[] = []) =>
  (await api.db.sql(`select count(*)::int as n from ${sql}`, params)).rows[0].n as number;

async function saveChild(token: string, input: Record<string, unknown>) {
  return api.gql<{ saveChild: Details }>(token, SAVE_CHILD, { input });
}

/** An API key of the demo council with these scopes, made by its admin. */
async function apiKey(scopes: string[]): Promise<string> {
  const r = await api.gql<{ createApiKey: { secret: string } }>(
    admin,
    `mutation Key($input: ApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { name: `Case system ${scopes.join(' ')}`, scopes } },
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createApiKey.secret;
}

beforeAll(async () => {
  api = await startTestApi();
  sw = await api.tokenFor(DEMO.socialWorker1);
  otherSw = await api.tokenFor(DEMO.socialWorker3);
  admin = await api.tokenFor(DEMO.admin);
  integrator = await api.tokenFor(DEMO.integrator);
  const one = async (sql: string) => (await api.db.sql(sql)).rows[0];
  ids = {
    maisie: (await one(`select id from child where first_name = 'Maisie'`)).id,
    aisha: (await one(`select id from staff_user where email = '${DEMO.socialWorker1}'`)).id,
    megan: (await one(`select id from staff_user where email = '${DEMO.socialWorker3}'`)).id,
    centre: (await one(`select id from centre where name like 'Coxford Road%'`)).id,
    room: (
      await one(`select r.id from room r join centre c on c.id = r.centre_id
                       where c.name like 'Coxford Road%' and r.name = 'Birch'`)
    ).id,
    supervisor: (await one(`select id from staff_user where email = '${DEMO.supervisor1}'`)).id,
  };
});
afterAll(() => api.close());

describe('a social worker keeps their children’s records', () => {
  it('creates a child, whose case opens to them, and whose retention date follows the dates', async () => {
    const r = await saveChild(sw, { firstName: ' Ruby ', lastName: 'Adeyemi', dateOfBirth: '2016-02-29' });
    expect(r.errors).toBeUndefined();
    const child = r.data!.saveChild;
    expect(child).toMatchObject({
      firstName: 'Ruby',
      lastName: 'Adeyemi',
      retainUntil: retentionDate({ dateOfBirth: '2016-02-29' }),
      openCase: { socialWorker: { id: ids.aisha } },
    });
    expect(child.changes.map((c) => [c.recordType, c.action, c.via, c.changedBy?.id])).toEqual(
      expect.arrayContaining([
        ['child', 'created', 'DASHBOARD', ids.aisha],
        ['child_case', 'opened', 'DASHBOARD', ids.aisha],
      ]),
    );

    // A death before 18 keeps the record 15 years after it (docs/domain.md rule 12).
    const died = await saveChild(sw, {
      id: child.id,
      firstName: 'Ruby',
      lastName: 'Adeyemi',
      dateOfBirth: '2016-02-29',
      dateOfDeath: '2024-05-01',
    });
    expect(died.errors).toBeUndefined();
    expect(died.data!.saveChild.retainUntil).toBe('2039-05-01');
    const change = died.data!.saveChild.changes[0]!;
    expect(change).toMatchObject({ recordType: 'child', action: 'updated', changedBy: { id: ids.aisha } });
    expect(change.fields).toEqual(
      expect.arrayContaining([
        { field: 'dateOfDeath', before: null, after: '"2024-05-01"' },
        { field: 'retainUntil', before: JSON.stringify(child.retainUntil), after: '"2039-05-01"' },
      ]),
    );
  });

  it('writes nothing, not even a change-log row, when nothing differs', async () => {
    const created = (await saveChild(sw, { firstName: 'Leo', lastName: 'Marsh', dateOfBirth: '2018-06-01' }))
      .data!.saveChild;
    const before = await count('change_log');
    const again = await saveChild(sw, {
      id: created.id,
      firstName: 'Leo',
      lastName: 'Marsh',
      dateOfBirth: '2018-06-01',
    });
    expect(again.errors).toBeUndefined();
    expect(await count('change_log')).toBe(before);

    const renamed = await saveChild(sw, {
      id: created.id,
      firstName: 'Leo',
      lastName: 'Marsh-Okoro',
      dateOfBirth: '2018-06-01',
    });
    expect(renamed.data!.saveChild.lastName).toBe('Marsh-Okoro');
    expect(await count('change_log')).toBe(before + 1);
    expect(renamed.data!.saveChild.changes[0]!.fields).toEqual([
      { field: 'lastName', before: '"Marsh"', after: '"Marsh-Okoro"' },
    ]);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const children = await count('child');
    const log = await count('change_log');
    const cases: [Record<string, unknown>, string][] = [
      [{ firstName: 'A', lastName: 'B', dateOfBirth: '2020-02-30' }, 'dateOfBirth'],
      [{ firstName: 'A', lastName: 'B', dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
      [{ firstName: '  ', lastName: 'B', dateOfBirth: '2020-01-01' }, 'firstName'],
      [
        { firstName: 'A', lastName: 'B', dateOfBirth: '2020-01-01', dateOfDeath: '2019-01-01' },
        'dateOfDeath',
      ],
      [
        {
          firstName: 'A',
          lastName: 'B',
          dateOfBirth: '2020-01-01',
          schoolPattern: [{ weekday: 9, start: '09:00', end: '15:00' }],
        },
        'schoolPattern',
      ],
      [
        {
          firstName: 'A',
          lastName: 'B',
          dateOfBirth: '2020-01-01',
          schoolPattern: [{ weekday: 1, start: '9 o’clock', end: '15:00' }],
        },
        'schoolPattern',
      ],
      [
        { firstName: 'A', lastName: 'B', dateOfBirth: '2020-01-01', externalId: 'x'.repeat(101) },
        'externalId',
      ],
    ];
    for (const [input, name] of cases) {
      const r = await saveChild(sw, input);
      expect(code(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(field(r)).toBe(name);
      expect(r.errors?.[0]?.message).not.toMatch(/select|insert|constraint|stack/i);
    }
    expect(await count('child')).toBe(children);
    expect(await count('change_log')).toBe(log);
  });

  it('cannot read or change a child off their caseload: NOT_FOUND, as for no child at all', async () => {
    const maisie = await api.gql<{ childDetails: Details }>(sw, CHILD_DETAILS, { id: ids.maisie });
    expect(maisie.errors).toBeUndefined();
    const m = maisie.data!.childDetails;
    expect(m.openCase?.socialWorker.id).toBe(ids.aisha);

    expect(code(await api.gql(otherSw, CHILD_DETAILS, { id: ids.maisie }))).toBe('NOT_FOUND');
    const log = await count('change_log');
    const byId = await saveChild(otherSw, {
      id: ids.maisie,
      firstName: 'Changed',
      lastName: m.lastName,
      dateOfBirth: m.dateOfBirth,
    });
    expect(code(byId)).toBe('NOT_FOUND');
    expect(code(await api.gql(otherSw, `mutation { closeCase(childId: "${ids.maisie}") { id } }`))).toBe(
      'NOT_FOUND',
    );
    expect(await count('change_log')).toBe(log);
    expect(
      (await api.db.sql('select first_name from child where id = $1', [ids.maisie])).rows[0].first_name,
    ).toBe('Maisie');
  });

  it('adds family with parental responsibility and work pattern, and sees the link in the change history', async () => {
    const child = (await saveChild(sw, { firstName: 'Ivy', lastName: 'Stone', dateOfBirth: '2019-03-03' }))
      .data!.saveChild;
    const fm = await api.gql<{ saveFamilyMember: { id: string } }>(
      sw,
      `mutation($input: FamilyMemberInput!) { saveFamilyMember(input: $input) { id } }`,
      {
        input: {
          firstName: 'Jade',
          lastName: 'Stone',
          phone: '07700 900123',
          workPattern: [{ weekday: 2, start: '22:00', end: '06:00' }],
        },
      },
    );
    expect(fm.errors).toBeUndefined();
    const linked = await api.gql<{ linkFamilyMember: Details }>(
      sw,
      `mutation($c: ID!, $f: ID!) {
        linkFamilyMember(childId: $c, familyMemberId: $f, relationship: "mother", parentalResponsibility: true) { ${DETAILS} } }`,
      { c: child.id, f: fm.data!.saveFamilyMember.id },
    );
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.linkFamilyMember.family).toEqual([
      expect.objectContaining({ relationship: 'mother', parentalResponsibility: true }),
    ]);
    expect(linked.data!.linkFamilyMember.changes[0]).toMatchObject({ action: 'family_linked' });
    // Taken off the family again: the link goes, and the history says so.
    const unlinked = await api.gql<{ unlinkFamilyMember: Details }>(
      sw,
      `mutation($c: ID!, $f: ID!) { unlinkFamilyMember(childId: $c, familyMemberId: $f) { ${DETAILS} } }`,
      { c: child.id, f: fm.data!.saveFamilyMember.id },
    );
    expect(unlinked.errors).toBeUndefined();
    expect(unlinked.data!.unlinkFamilyMember.family).toEqual([]);
    expect(unlinked.data!.unlinkFamilyMember.changes[0]).toMatchObject({ action: 'family_unlinked' });
    // Maisie's parent takes part in her active agreement: not taken off while it runs.
    const parent = (
      await api.db.sql(`select family_member_id as id from child_family_member where child_id = $1`, [
        ids.maisie,
      ])
    ).rows[0].id;
    const refused = await api.gql(
      sw,
      `mutation($c: ID!, $f: ID!) { unlinkFamilyMember(childId: $c, familyMemberId: $f) { id } }`,
      { c: ids.maisie, f: parent },
    );
    expect(code(refused)).toBe('BAD_USER_INPUT');
    // Another social worker cannot reach that family member.
    const other = await api.gql(otherSw, `query($id: ID!) { familyMemberDetails(id: $id) { id } }`, {
      id: fm.data!.saveFamilyMember.id,
    });
    expect(code(other)).toBe('NOT_FOUND');
  });
});

describe('the school timetable is what booking checks read', () => {
  it('a booking in a timetable set through the records API is refused', async () => {
    const m = (await api.gql<{ childDetails: Details }>(sw, CHILD_DETAILS, { id: ids.maisie })).data!
      .childDetails;
    let saturday = addDaysToDateKey(londonDateKey(new Date()), 21);
    while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDaysToDateKey(saturday, 1);
    const startsAt = fromLondonDateKey(saturday, '10:00');
    const saved = await saveChild(sw, {
      id: m.id,
      firstName: m.firstName,
      lastName: m.lastName,
      dateOfBirth: m.dateOfBirth,
      schoolPattern: [...m.schoolPattern, { weekday: 6, start: '09:00', end: '12:00' }],
    });
    expect(saved.errors).toBeUndefined();
    const agreement = (
      await api.db.sql(`select id from contact_agreement where child_id = $1 and status = 'active'`, [
        ids.maisie,
      ])
    ).rows[0].id;
    const manager = await api.tokenFor(DEMO.manager);
    const r = await api.gql(
      manager,
      `mutation($input: BookSessionInput!) { bookSession(input: $input) { id } }`,
      {
        input: {
          agreementId: agreement,
          roomId: ids.room,
          supervisorId: ids.supervisor,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
        },
      },
    );
    expect(code(r)).toBe('SESSION_SCHEDULE_CONFLICT');
    expect(r.errors?.[0]?.extensions?.violations).toContain('clashes_with_school');

    // The parent's work pattern, set through the records API, is read the same way: a Saturday afternoon shift.
    const parent = m.family[0]!.familyMember;
    const worked = await api.gql(
      sw,
      `mutation($input: FamilyMemberInput!) { saveFamilyMember(input: $input) { id } }`,
      {
        input: {
          id: parent.id,
          firstName: parent.firstName,
          lastName: parent.lastName,
          workPattern: [{ weekday: 6, start: '13:00', end: '18:00' }],
        },
      },
    );
    expect(worked.errors).toBeUndefined();
    const afternoon = fromLondonDateKey(saturday, '14:00');
    const atWork = await api.gql(
      manager,
      `mutation($input: BookSessionInput!) { bookSession(input: $input) { id } }`,
      {
        input: {
          agreementId: agreement,
          roomId: ids.room,
          supervisorId: ids.supervisor,
          startsAt: afternoon.toISOString(),
          endsAt: new Date(afternoon.getTime() + 60 * 60_000).toISOString(),
        },
      },
    );
    expect(code(atWork)).toBe('SESSION_SCHEDULE_CONFLICT');
    expect(atWork.errors?.[0]?.extensions?.violations).toContain('clashes_with_parent_work');
  });
});

describe('integrations', () => {
  it('an integrator without the write scope is FORBIDDEN to write, and nothing changes', async () => {
    const readOnly = await apiKey(['READ']);
    const log = await count('change_log');
    const r = await saveChild(integrator, { firstName: 'No', lastName: 'Write', dateOfBirth: '2020-01-01' });
    expect(code(r)).toBe('FORBIDDEN');
    expect(
      code(await saveChild(readOnly, { firstName: 'No', lastName: 'Write', dateOfBirth: '2020-01-01' })),
    ).toBe('FORBIDDEN');
    expect(await count('change_log')).toBe(log);
    // A key that may write but not read is refused too: every change answers with the record.
    const writeOnly = await apiKey(['WRITE']);
    const afterKey = await count('change_log');
    expect(
      code(await saveChild(writeOnly, { firstName: 'No', lastName: 'Read', dateOfBirth: '2020-01-01' })),
    ).toBe('FORBIDDEN');
    expect(await count('change_log')).toBe(afterKey);
  });

  it('upserts by external id: the second time changes nothing; references by external id work', async () => {
    const writer = await apiKey(['READ', 'WRITE']);
    const input = { externalId: 'MOS-4711', firstName: 'Amir', lastName: 'Khan', dateOfBirth: '2015-09-09' };
    const first = await saveChild(writer, input);
    expect(first.errors).toBeUndefined();
    const id = first.data!.saveChild.id;
    expect(first.data!.saveChild.changes[0]).toMatchObject({ action: 'created', via: 'API' });
    const log = await count('change_log');
    const second = await saveChild(writer, input);
    expect(second.data!.saveChild.id).toBe(id);
    expect(await count('change_log')).toBe(log);
    expect(await count('child where external_id = $1', ['MOS-4711'])).toBe(1);

    const assigned = await api.gql<{ assignCase: Details }>(
      writer,
      `mutation($sw: ID!) { assignCase(childExternalId: "MOS-4711", socialWorkerId: $sw, externalId: "CASE-1") { ${DETAILS} } }`,
      { sw: ids.megan },
    );
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignCase.openCase).toMatchObject({
      externalId: 'CASE-1',
      socialWorker: { id: ids.megan },
    });
    const again = await count('change_log');
    await api.gql(
      writer,
      `mutation($sw: ID!) { assignCase(childExternalId: "MOS-4711", socialWorkerId: $sw, externalId: "CASE-1") { id } }`,
      {
        sw: ids.megan,
      },
    );
    expect(await count('change_log')).toBe(again);

    // A connector links family and sets the carer by the case system's ids alone.
    const fm = await api.gql(
      writer,
      `mutation { saveFamilyMember(input: { externalId: "MOS-P-1", firstName: "Sara", lastName: "Khan" }) { id } }`,
    );
    expect(fm.errors).toBeUndefined();
    const linked = await api.gql<{ linkFamilyMember: Details }>(
      writer,
      `mutation { linkFamilyMember(childExternalId: "MOS-4711", familyMemberExternalId: "MOS-P-1",
         relationship: "mother", parentalResponsibility: true) { ${DETAILS} } }`,
    );
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.linkFamilyMember.family).toEqual([
      expect.objectContaining({
        relationship: 'mother',
        familyMember: expect.objectContaining({ firstName: 'Sara' }),
      }),
    ]);
    // Setting the carer needs the carers scope as well.
    const carerless = await saveChild(writer, { ...input, carerExternalId: 'MOS-C-1' });
    expect(code(carerless)).toBe('FORBIDDEN');
    const carers = await apiKey(['READ', 'WRITE', 'CARERS']);
    expect(
      (
        await api.gql(
          carers,
          `mutation { saveCarer(input: { externalId: "MOS-C-1", name: "The Lees", address: "9 Elm Road" }) { id } }`,
        )
      ).errors,
    ).toBeUndefined();
    const placed = await saveChild(carers, { ...input, carerExternalId: 'MOS-C-1' });
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.saveChild.carer).toMatchObject({ name: 'The Lees', address: '9 Elm Road' });

    // A case only goes to an active social worker of the council.
    const notSw = await api.gql(
      writer,
      `mutation($sw: ID!) { assignCase(childExternalId: "MOS-4711", socialWorkerId: $sw) { id } }`,
      {
        sw: ids.supervisor,
      },
    );
    expect(code(notSw)).toBe('BAD_USER_INPUT');
    expect(field(notSw)).toBe('socialWorkerId');
  });

  it('two saves of one new external id at once make one child; the other is told to send it again', async () => {
    const writer = await apiKey(['READ', 'WRITE']);
    const input = { externalId: 'MOS-RACE', firstName: 'Zara', lastName: 'Quinn', dateOfBirth: '2016-01-01' };
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => saveChild(writer, input)));
    for (const a of answers) expect([undefined, 'CONFLICT']).toContain(code(a));
    expect(answers.some((a) => a.data?.saveChild)).toBe(true);
    expect(await count('child where external_id = $1', ['MOS-RACE'])).toBe(1);
  });

  it('never sees a carer without the carers scope, in the record or in its history', async () => {
    const carer = await api.gql<{ saveCarer: { id: string } }>(
      sw,
      `mutation { saveCarer(input: { name: "Pat Foster", address: "3 Hidden Lane, Coxford", phone: "01632 960999" }) { id } }`,
    );
    expect(carer.errors).toBeUndefined();
    const child = await saveChild(sw, {
      firstName: 'Noah',
      lastName: 'Reed',
      dateOfBirth: '2017-07-07',
      carerId: carer.data!.saveCarer.id,
    });
    expect(child.data!.saveChild.carer).toMatchObject({
      name: 'Pat Foster',
      address: '3 Hidden Lane, Coxford',
    });
    const id = child.data!.saveChild.id;

    const reader = await apiKey(['READ']);
    for (const token of [integrator, reader]) {
      const r = await api.gql<{ childDetails: Details }>(token, CHILD_DETAILS, { id });
      expect(r.errors).toBeUndefined();
      expect(r.data!.childDetails.carer).toBeNull();
      expect(JSON.stringify(r.data)).not.toContain('Hidden Lane');
      expect(JSON.stringify(r.data)).not.toContain(carer.data!.saveCarer.id);
      expect(
        code(
          await api.gql(token, `query($id: ID!) { carerDetails(id: $id) { name } }`, {
            id: carer.data!.saveCarer.id,
          }),
        ),
      ).toBe('FORBIDDEN');
    }
    const withCarers = await apiKey(['READ', 'CARERS']);
    const full = await api.gql<{ childDetails: Details }>(withCarers, CHILD_DETAILS, { id });
    expect(full.data!.childDetails.carer).toMatchObject({ address: '3 Hidden Lane, Coxford' });
  });

  it('lists changed children page by page: a change made after a page is read appears on the next one', async () => {
    const reader = await apiKey(['READ']);
    const PAGE = `query($after: String) { childrenChanged(after: $after, first: 3) { items { id lastName } endCursor hasMore } }`;
    type Page = {
      childrenChanged: {
        items: { id: string; lastName: string }[];
        endCursor: string | null;
        hasMore: boolean;
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: GqlResult<Page> = await api.gql<Page>(reader, PAGE, { after });
      expect(r.errors).toBeUndefined();
      seen.push(...r.data!.childrenChanged.items.map((c) => c.id));
      after = r.data!.childrenChanged.endCursor;
      if (!r.data!.childrenChanged.hasMore) break;
    }
    expect(seen).toContain(ids.maisie);
    expect(new Set(seen).size).toBe(
      await count('child where council_id = (select council_id from child where id = $1)', [ids.maisie]),
    );
    // Every child listed is in the access log.
    expect(
      await count(`access_log where child_id = $1 and reason = 'children changed'`, [ids.maisie]),
    ).toBeGreaterThan(0);

    const m = (await api.gql<{ childDetails: Details }>(sw, CHILD_DETAILS, { id: ids.maisie })).data!
      .childDetails;
    await saveChild(sw, {
      id: m.id,
      firstName: m.firstName,
      lastName: `${m.lastName}-Jones`,
      dateOfBirth: m.dateOfBirth,
    });
    const next = await api.gql<Page>(reader, PAGE, { after });
    expect(next.data!.childrenChanged.items).toEqual([{ id: ids.maisie, lastName: `${m.lastName}-Jones` }]);
    const empty = await api.gql<Page>(reader, PAGE, { after: next.data!.childrenChanged.endCursor });
    expect(empty.data!.childrenChanged).toMatchObject({ items: [], hasMore: false });
    expect(code(await api.gql(reader, PAGE, { after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    expect(code(await api.gql(reader, `{ childrenChanged(first: 501) { hasMore } }`))).toBe('BAD_USER_INPUT');
  });
});

describe('cases', () => {
  it('records the child’s reviewing officer on the open case, through the change log; a bad email or no open case is refused and changes nothing', async () => {
    const child = (await saveChild(sw, { firstName: 'Iris', lastName: 'Lane', dateOfBirth: '2015-05-05' }))
      .data!.saveChild;
    const IRO = `openCase { id reviewingOfficerName reviewingOfficerEmail }
      changes { recordType action fields { field before after } }`;
    type Iro = {
      openCase: {
        id: string;
        reviewingOfficerName: string | null;
        reviewingOfficerEmail: string | null;
      } | null;
      changes: Details['changes'];
    };
    const set = (token: string, vars: Record<string, unknown>) =>
      api.gql<{ setReviewingOfficer: Iro }>(
        token,
        `mutation($c: ID!, $name: String, $email: String) {
           setReviewingOfficer(childId: $c, name: $name, email: $email) { ${IRO} } }`,
        { c: child.id, ...vars },
      );

    const saved = await set(sw, { name: 'Rae Reviewer', email: 'rae.iro@council.example' });
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.setReviewingOfficer.openCase).toMatchObject({
      reviewingOfficerName: 'Rae Reviewer',
      reviewingOfficerEmail: 'rae.iro@council.example',
    });
    expect(saved.data!.setReviewingOfficer.changes[0]).toEqual({
      recordType: 'child_case',
      action: 'updated',
      fields: expect.arrayContaining([
        { field: 'reviewingOfficerName', before: null, after: JSON.stringify('Rae Reviewer') },
        { field: 'reviewingOfficerEmail', before: null, after: JSON.stringify('rae.iro@council.example') },
      ]),
    });
    // Whoever reads the record reads the IRO with the case.
    const read = await api.gql<{ childDetails: Iro }>(
      sw,
      `query($id: ID!) { childDetails(id: $id) { ${IRO} } }`,
      { id: child.id },
    );
    expect(read.data!.childDetails.openCase?.reviewingOfficerEmail).toBe('rae.iro@council.example');

    const log = await count('change_log');
    // The same again: nothing written. Only the email left out: the name kept.
    expect(
      (await set(sw, { name: 'Rae Reviewer', email: 'rae.iro@council.example' })).errors,
    ).toBeUndefined();
    expect(await count('change_log')).toBe(log);
    for (const [vars, name] of [
      [{ email: 'not an email' }, 'email'],
      [{ email: 'rae@' }, 'email'],
      [{ name: 'R'.repeat(201) }, 'name'],
    ] as const) {
      const r = await set(sw, vars);
      expect(code(r), JSON.stringify(vars)).toBe('BAD_USER_INPUT');
      expect(field(r)).toBe(name);
    }
    // Another social worker's child: as for no child at all.
    expect(code(await set(otherSw, { email: 'x@council.example' }))).toBe('NOT_FOUND');
    expect(await count('change_log')).toBe(log);
    expect(
      (await api.db.sql('select reviewing_officer_email from child_case where child_id = $1', [child.id]))
        .rows,
    ).toEqual([{ reviewing_officer_email: 'rae.iro@council.example' }]);

    // Cleared with null; the name kept.
    const cleared = await set(sw, { email: null });
    expect(cleared.data!.setReviewingOfficer.openCase).toMatchObject({
      reviewingOfficerName: 'Rae Reviewer',
      reviewingOfficerEmail: null,
    });
    expect(
      cleared.data!.setReviewingOfficer.changes[0]!.fields.filter((f) => f.field.startsWith('reviewing')),
    ).toEqual([
      { field: 'reviewingOfficerEmail', before: JSON.stringify('rae.iro@council.example'), after: null },
    ]);

    // A new case opened by the case system (a case id naming no case yet) keeps the child's reviewing officer.
    const assign = (externalId: string) =>
      api.gql<{ assignCase: Iro }>(
        sw,
        `mutation($c: ID!, $sw: ID!, $x: String) { assignCase(childId: $c, socialWorkerId: $sw, externalId: $x) { ${IRO} } }`,
        { c: child.id, sw: ids.aisha, x: externalId },
      );
    const first = await assign('IRO-CASE-1');
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    const reopened = await assign('IRO-CASE-2');
    expect(reopened.errors).toBeUndefined();
    expect(reopened.data!.assignCase.openCase).toMatchObject({ reviewingOfficerName: 'Rae Reviewer' });
    expect(reopened.data!.assignCase.openCase!.id).not.toBe(saved.data!.setReviewingOfficer.openCase!.id);

    // No open case: refused, naming the child.
    await api.gql(sw, `mutation($c: ID!) { closeCase(childId: $c) { id } }`, { c: child.id });
    const none = await api.gql<{ setReviewingOfficer: Iro }>(
      admin,
      `mutation($c: ID!) { setReviewingOfficer(childId: $c, name: "Sam Other") { id } }`,
      { c: child.id },
    );
    expect(code(none)).toBe('BAD_USER_INPUT');
    expect(field(none)).toBe('childId');
  });

  it('an admin transfers a case: the old social worker loses the child at once, the history says who did it', async () => {
    const child = (await saveChild(sw, { firstName: 'Ella', lastName: 'Fox', dateOfBirth: '2014-04-04' }))
      .data!.saveChild;
    const CASES = `query($after: String) { casesChanged(after: $after, first: 500) { items { id childId socialWorker { id } closedAt } endCursor } }`;
    type Cases = {
      casesChanged: {
        items: { id: string; childId: string; socialWorker: { id: string }; closedAt: string | null }[];
        endCursor: string | null;
      };
    };
    let before: string | null = null;
    for (;;) {
      const page: GqlResult<Cases> = await api.gql<Cases>(integrator, CASES, { after: before });
      if (page.data!.casesChanged.items.length === 0) break;
      before = page.data!.casesChanged.endCursor;
    }
    const t = await api.gql<{ assignCase: Details }>(
      admin,
      `mutation($c: ID!, $sw: ID!) { assignCase(childId: $c, socialWorkerId: $sw) { ${DETAILS} } }`,
      { c: child.id, sw: ids.megan },
    );
    expect(t.errors).toBeUndefined();
    expect(t.data!.assignCase.openCase?.socialWorker.id).toBe(ids.megan);
    expect(t.data!.assignCase.changes[0]).toMatchObject({ recordType: 'child_case', action: 'transferred' });
    expect(code(await api.gql(sw, CHILD_DETAILS, { id: child.id }))).toBe('NOT_FOUND');
    expect((await api.gql(otherSw, CHILD_DETAILS, { id: child.id })).errors).toBeUndefined();
    // The integration following cases sees the transfer after the cursor it held.
    const moved = await api.gql<Cases>(integrator, CASES, { after: before });
    expect(moved.data!.casesChanged.items).toEqual([
      expect.objectContaining({ childId: child.id, socialWorker: { id: ids.megan }, closedAt: null }),
    ]);

    const closed = await api.gql<{ closeCase: Details }>(
      otherSw,
      `mutation($c: ID!) { closeCase(childId: $c) { ${DETAILS} } }`,
      {
        c: child.id,
      },
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeCase.openCase).toBeNull();
    expect(code(await api.gql(otherSw, CHILD_DETAILS, { id: child.id }))).toBe('NOT_FOUND');
  });
});
