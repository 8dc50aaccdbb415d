import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

/*
 * Choosing a family member or carer already on record for another child (docs/records.md, docs/access.md): siblings
 * in care share a mother, a foster carer looks after several children. Aisha keeps Ada and Bea Brennock; Megan keeps
 * Cole, of another family that shares the name.
 */
let api: TestApi;
let aisha: string;
let megan: string;
let admin: string;
let integrator: string;
let manager: string;
let otherCouncil: string;
let ids: {
  aisha: string;
  megan: string;
  ada: string;
  bea: string;
  cole: string;
  quilla: string;
  quentin: string;
  juniper: string;
  rowan: string;
};

const FIND_FAMILY = `query FindFamily($name: String!) {
  findFamilyMembers(name: $name) {
    id externalId firstName lastName
    children { relationship child { id firstName lastName dateOfBirth } }
  }
}`;
const FIND_CARERS = `query FindCarers($name: String!) {
  findCarers(name: $name) { id externalId name children { id firstName lastName } }
}`;

interface MemberMatch {
  id: string;
  firstName: string;
  lastName: string;
  children: { relationship: string; child: { id: string; firstName: string } }[];
}
interface CarerMatch {
  id: string;
  name: string;
  children: { id: string; firstName: string }[];
}

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;

async function ok<T>(r: Promise<GqlResult<T>>): Promise<T> {
  const got = await r;
  if (got.errors || !got.data) throw new Error(JSON.stringify(got.errors));
  return got.data;
}

const findFamily = (token: string, name: string) =>
  api.gql<{ findFamilyMembers: MemberMatch[] }>(token, FIND_FAMILY, { name });
const findCarers = (token: string, name: string) =>
  api.gql<{ findCarers: CarerMatch[] }>(token, FIND_CARERS, { name });

async function child(token: string, firstName: string, lastName = 'Brennock'): Promise<string> {
  const d = await ok(
    api.gql<{ saveChild: { id: string } }>(
      token,
      `mutation($input: ChildInput!) { saveChild(input: $input) { id } }`,
      { input: { firstName, lastName, dateOfBirth: '2017-03-04' } },
    ),
  );
  return d.saveChild.id;
}

async function member(token: string, firstName: string, lastName = 'Brennock'): Promise<string> {
  const d = await ok(
    api.gql<{ saveFamilyMember: { id: string } }>(
      token,
      `mutation($input: FamilyMemberInput!) { saveFamilyMember(input: $input) { id } }`,
      { input: { firstName, lastName } },
    ),
  );
  return d.saveFamilyMember.id;
}

function link(token: string, childId: string, familyMemberId: string, relationship = 'mother') {
  return api.gql<{ linkFamilyMember: { family: { familyMember: { id: string } }[] } }>(
    token,
    `mutation($c: ID!, $f: ID!, $r: String!) {
       linkFamilyMember(childId: $c, familyMemberId: $f, relationship: $r, parentalResponsibility: true) {
         family { familyMember { id } }
       }
     }`,
    { c: childId, f: familyMemberId, r: relationship },
  );
}

function place(token: string, childId: string, firstName: string, carerId: string) {
  return api.gql<{ saveChild: { carer: { id: string } | null } }>(
    token,
    `mutation($input: ChildInput!) { saveChild(input: $input) { carer { id } } }`,
    { input: { id: childId, firstName, lastName: 'Brennock', dateOfBirth: '2017-03-04', carerId } },
  );
}

async function carer(token: string, name: string, address: string): Promise<string> {
  const d = await ok(
    api.gql<{ saveCarer: { id: string } }>(
      token,
      `mutation($input: CarerInput!) { saveCarer(input: $input) { id } }`,
      { input: { name, address } },
    ),
  );
  return d.saveCarer.id;
}

/** The access-log rows written after `after`, oldest first. */
async function logSince(after: number) {
  return (
    await api.db.sql(
      `select user_id, child_id, fields, operation, reason from access_log where id > $1 order by id`,
      [after],
    )
  ).rows as { user_id: string; child_id: string; fields: string[]; operation: string; reason: string }[];
}
const lastLogId = async () =>
  Number((await api.db.sql('select coalesce(max(id), 0) as n from access_log')).rows[0].n);

beforeAll(async () => {
  api = await startTestApi();
  aisha = await api.tokenFor(DEMO.socialWorker1);
  megan = await api.tokenFor(DEMO.socialWorker3);
  admin = await api.tokenFor(DEMO.admin);
  integrator = await api.tokenFor(DEMO.integrator);
  manager = await api.tokenFor(DEMO.manager);
  otherCouncil = await api.tokenFor('nia.jones@eastmoor.example');
  const staffId = async (email: string) =>
    (await api.db.sql('select id from staff_user where email = $1', [email])).rows[0].id as string;

  const ada = await child(aisha, 'Ada');
  const quilla = await member(aisha, 'Quilla');
  await ok(link(aisha, ada, quilla));
  const juniper = await carer(aisha, 'Juniper Foster Home', '7 Elm Row\nCoxford CX2 1AB');
  await ok(place(aisha, ada, 'Ada', juniper));
  const bea = await child(aisha, 'Bea');

  const cole = await child(megan, 'Cole');
  const quentin = await member(megan, 'Quentin');
  await ok(link(megan, cole, quentin, 'father'));
  const rowan = await carer(megan, 'Juniper Rowan', '9 Ash Close, Coxford CX3 2BB');
  await ok(place(megan, cole, 'Cole', rowan));

  ids = {
    aisha: await staffId(DEMO.socialWorker1),
    megan: await staffId(DEMO.socialWorker3),
    ada,
    bea,
    cole,
    quilla,
    quentin,
    juniper,
    rowan,
  };
});
afterAll(() => api.close());

describe('a social worker links a mother already on record to a second child', () => {
  it('finds the family of the children on their caseload, with the child each is related to, and nobody else’s', async () => {
    const found = (await ok(findFamily(aisha, 'brennock'))).findFamilyMembers;
    expect(found).toEqual([
      {
        id: ids.quilla,
        externalId: null,
        firstName: 'Quilla',
        lastName: 'Brennock',
        children: [
          {
            relationship: 'mother',
            child: { id: ids.ada, firstName: 'Ada', lastName: 'Brennock', dateOfBirth: '2017-03-04' },
          },
        ],
      },
    ]);
    // Megan's Quentin, the father of a child on her caseload, is not Aisha's to find, by name or by his id.
    expect((await ok(findFamily(aisha, 'Quentin'))).findFamilyMembers).toEqual([]);
    expect((await ok(findFamily(megan, 'Quilla Brennock'))).findFamilyMembers).toEqual([]);
    expect((await ok(findFamily(megan, 'brennock'))).findFamilyMembers.map((m) => m.id)).toEqual([
      ids.quentin,
    ]);
    expect((await ok(findFamily(otherCouncil, 'brennock'))).findFamilyMembers).toEqual([]);
  });

  it('links her to the sibling, after which she is found with both children', async () => {
    const linked = await link(aisha, ids.bea, ids.quilla);
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.linkFamilyMember.family.map((f) => f.familyMember.id)).toEqual([ids.quilla]);
    const [quilla] = (await ok(findFamily(aisha, 'Brennock Quilla'))).findFamilyMembers;
    expect(quilla!.children.map((c) => [c.child.firstName, c.relationship])).toEqual([
      ['Ada', 'mother'],
      ['Bea', 'mother'],
    ]);
  });

  it('refuses to another social worker what they cannot find: NOT_FOUND, as for a record that does not exist', async () => {
    const refused = await link(megan, ids.cole, ids.quilla);
    expect(code(refused)).toBe('NOT_FOUND');
    const members = await api.db.sql(
      'select count(*)::int as n from child_family_member where child_id = $1 and family_member_id = $2',
      [ids.cole, ids.quilla],
    );
    expect(members.rows[0].n).toBe(0);
  });

  it('finds someone they have just recorded and not yet linked, with no child', async () => {
    const ruairi = await member(aisha, 'Ruairi');
    const found = (await ok(findFamily(aisha, 'ruairi'))).findFamilyMembers;
    expect(found).toEqual([
      { id: ruairi, externalId: null, firstName: 'Ruairi', lastName: 'Brennock', children: [] },
    ]);
    expect((await ok(findFamily(megan, 'ruairi'))).findFamilyMembers).toEqual([]);
  });

  it('lets an admin find the council’s family members, each with the children of the council', async () => {
    const found = (await ok(findFamily(admin, 'brennock'))).findFamilyMembers;
    expect(found.map((m) => [m.firstName, m.children.map((c) => c.child.firstName)])).toEqual([
      ['Quentin', ['Cole']],
      ['Quilla', ['Ada', 'Bea']],
      ['Ruairi', []],
    ]);
  });
});

describe('a social worker places a sibling with the carer of a child on their caseload', () => {
  it('finds the carers of their caseload by name, with the children who live there and never the address', async () => {
    const found = (await ok(findCarers(aisha, 'juniper'))).findCarers;
    expect(found).toEqual([
      {
        id: ids.juniper,
        externalId: null,
        name: 'Juniper Foster Home',
        children: [{ id: ids.ada, firstName: 'Ada', lastName: 'Brennock' }],
      },
    ]);
    const placed = await place(aisha, ids.bea, 'Bea', ids.juniper);
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.saveChild.carer).toEqual({ id: ids.juniper });
    const [juniper] = (await ok(findCarers(aisha, 'juniper foster'))).findCarers;
    expect(juniper!.children.map((c) => c.firstName)).toEqual(['Ada', 'Bea']);
  });

  it('never shows another social worker’s carers, even by name: a carer says where a child lives', async () => {
    expect((await ok(findCarers(megan, 'Juniper Foster'))).findCarers).toEqual([]);
    expect((await ok(findCarers(megan, 'juniper'))).findCarers.map((c) => c.name)).toEqual(['Juniper Rowan']);
    // Nor can she place her child with Aisha's carer by naming its id.
    const refused = await place(megan, ids.cole, 'Cole', ids.juniper);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    const cole = await api.db.sql('select carer_id from child where id = $1', [ids.cole]);
    expect(cole.rows[0].carer_id).toBe(ids.rowan);
  });

  it('lets an admin find every carer of the council, and nobody at another council', async () => {
    const found = (await ok(findCarers(admin, 'juniper'))).findCarers;
    expect(found.map((c) => [c.name, c.children.map((ch) => ch.firstName)])).toEqual([
      ['Juniper Foster Home', ['Ada', 'Bea']],
      ['Juniper Rowan', ['Cole']],
    ]);
    expect((await ok(findCarers(otherCouncil, 'juniper'))).findCarers).toEqual([]);
  });
});

describe('finding people by name', () => {
  it('finds nothing for fewer than 2 characters, and takes % and _ as themselves', async () => {
    for (const name of ['', ' ', 'Q', ' b  ']) {
      expect((await ok(findFamily(aisha, name))).findFamilyMembers).toEqual([]);
      expect((await ok(findCarers(aisha, name))).findCarers).toEqual([]);
    }
    expect((await ok(findFamily(admin, '%%'))).findFamilyMembers).toEqual([]);
    expect((await ok(findCarers(admin, '__'))).findCarers).toEqual([]);
  });

  it('answers at most 20, by family name', async () => {
    for (let i = 0; i < 21; i += 1) await member(admin, `Many${String(i).padStart(2, '0')}`, 'Limitson');
    const found = (await ok(findFamily(admin, 'limitson'))).findFamilyMembers;
    expect(found).toHaveLength(20);
    expect(found[0]!.firstName).toBe('Many00');
    expect(found[19]!.firstName).toBe('Many19');
  });

  it('is for social workers and admins: integrations, managers and supervisors are refused', async () => {
    for (const token of [integrator, manager]) {
      expect(code(await findFamily(token, 'brennock'))).toBe('FORBIDDEN');
      expect(code(await findCarers(token, 'juniper'))).toBe('FORBIDDEN');
    }
    expect(code(await findFamily('', 'brennock'))).toBe('UNAUTHENTICATED');
  });
});

describe('the access log', () => {
  it('has a row for each child shown with a family member or carer found, saying which part was read', async () => {
    const before = await lastLogId();
    await ok(findFamily(aisha, 'quilla'));
    const family = await logSince(before);
    expect(family.map((r) => [r.child_id, r.user_id, r.operation, r.reason])).toEqual([
      [ids.ada, ids.aisha, 'query findFamilyMembers', 'family member found by name'],
      [ids.bea, ids.aisha, 'query findFamilyMembers', 'family member found by name'],
    ]);
    expect(family[0]!.fields).toEqual(['names', 'dateOfBirth', 'family']);

    const afterFamily = await lastLogId();
    await ok(findCarers(admin, 'juniper'));
    const carers = await logSince(afterFamily);
    expect(carers.map((r) => [r.child_id, r.reason, r.fields.includes('carer')]).sort()).toEqual(
      [
        [ids.ada, 'carer found by name', true],
        [ids.bea, 'carer found by name', true],
        [ids.cole, 'carer found by name', true],
      ].sort(),
    );
  });

  it('has no row when nothing of a child is shown, or the search is refused', async () => {
    const before = await lastLogId();
    await ok(findFamily(megan, 'quilla'));
    await ok(findFamily(aisha, 'ruairi'));
    await findCarers(integrator, 'juniper');
    expect(await logSince(before)).toEqual([]);
  });
});
