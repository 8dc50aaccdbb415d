import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { importsSettled } from './import.service.js';

let api: TestApi;
let admin: string;

const REPORT = `dryRun created updated unchanged refused
  fileErrors { file line message }
  files { file created updated unchanged refused rows { row externalId outcome errors { column message } } }`;
const PREVIEW = `mutation Preview($files: [ImportFileInput!]!) { previewImport(files: $files) { ${REPORT} } }`;
const START = `mutation Start($files: [ImportFileInput!]!) { startImport(files: $files) { id status rowsTotal rowsDone } }`;
const RUN = `query Run($id: ID!) { importRun(id: $id) { id status rowsTotal rowsDone failure startedByName finishedAt report { ${REPORT} } } }`;

interface Row {
  row: number;
  externalId: string | null;
  outcome: string;
  errors: { column: string | null; message: string }[];
}
interface Report {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  fileErrors: { file: string; line: number | null; message: string }[];
  files: {
    file: string;
    created: number;
    updated: number;
    unchanged: number;
    refused: number;
    rows: Row[];
  }[];
}
interface Run {
  id: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  rowsTotal: number;
  rowsDone: number;
  failure: string | null;
  startedByName: string;
  report: Report | null;
}

const CARERS = `carer_id,name,address,phone
CAR-1,Jo Foster,"1 Elm Road, Coxford",01234 567890
CAR-2,Sam Keeper,"2 Oak Lane, Coxford",
`;
const CHILDREN = `child_id,first_name,last_name,date_of_birth,date_of_death,carer_id,school_hours
CH-1,Ava,Imported,2016-03-31,,CAR-1,Mon-Fri 08:45-15:15
CH-2,Ben,Imported,14/07/2018,,CAR-2,Mon 09:00-15:00; Tue 09:00-12:30
CH-3,Cal,Imported,2019-02-30,,CAR-1,
`;
const FAMILY = `family_member_id,child_id,first_name,last_name,relationship,parental_responsibility,phone,email,address,work_pattern
FM-1,CH-1,Mia,Imported,mother,yes,07700 900123,mia@example.org,"9 Ash Close, Coxford",Sat-Sun 22:00-06:00
FM-1,CH-2,Mia,Imported,mother,yes,07700 900123,mia@example.org,"9 Ash Close, Coxford",Sat-Sun 22:00-06:00
FM-2,CH-3,Ned,Imported,father,no,,,,
`;
const CASES = `case_id,child_id,social_worker_email
CASE-1,CH-1,aisha.khan@coxford.example
CASE-2,CH-2,Megan.Hughes@coxford.example
CASE-3,CH-9,aisha.khan@coxford.example
`;

const FILES = [
  { name: 'carers.csv', content: CARERS },
  { name: 'children.csv', content: CHILDREN },
  { name: 'family-members.csv', content: FAMILY },
  { name: 'cases.csv', content: CASES },
];

async function count(table: string): Promise<number> {
  return Number((await api.db.sql(`select count(*)::int as n from ${table}`)).rows[0].n);
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['carer', 'child', 'family_member', 'child_family_member', 'child_case', 'change_log']) {
    out[t] = await count(t);
  }
  return out;
}

async function preview(files: { name: string; content: string }[]): Promise<Report> {
  const r = await api.gql<{ previewImport: Report }>(admin, PREVIEW, { files });
  expect(r.errors).toBeUndefined();
  return r.data!.previewImport;
}

async function run(id: string): Promise<Run> {
  const r = await api.gql<{ importRun: Run }>(admin, RUN, { id });
  expect(r.errors).toBeUndefined();
  return r.data!.importRun;
}

/** Starts an import and waits for it to finish, as the dashboard does, by reading the run. */
async function importFiles(files: { name: string; content: string }[]): Promise<Run> {
  const r = await api.gql<{ startImport: { id: string } }>(admin, START, { files });
  expect(r.errors).toBeUndefined();
  const id = r.data!.startImport.id;
  for (;;) {
    const now = await run(id);
    if (now.status !== 'RUNNING') return now;
    await new Promise((res) => setTimeout(res, 50));
  }
}

function rowOf(report: Report, file: string, row: number): Row {
  return report.files.find((f) => f.file === file)!.rows.find((r) => r.row === row)!;
}

beforeAll(async () => {
  api = await startTestApi({ env: { KINROOM_MUTATIONS_PER_MINUTE: '10000' } });
  admin = await api.tokenFor(DEMO.admin);
});

afterAll(async () => {
  await importsSettled();
  await api?.close();
});

describe('importing a council’s children from the case system', () => {
  it('previews every row as the import would, with every refused row’s reasons, and changes nothing', async () => {
    const before = await counts();
    const report = await preview(FILES);
    expect(await counts()).toEqual(before);
    expect(report.dryRun).toBe(true);
    expect(report.fileErrors).toEqual([]);
    expect(report.files.map((f) => f.file)).toEqual([
      'carers.csv',
      'children.csv',
      'family-members.csv',
      'cases.csv',
    ]);
    // The carers and the two good children would be made; the children refer to carers of the same import.
    expect(report.files[0]).toMatchObject({ created: 2, refused: 0 });
    expect(rowOf(report, 'children.csv', 2)).toMatchObject({ externalId: 'CH-1', outcome: 'CREATED' });
    // A UK date is read as the day it names.
    expect(rowOf(report, 'children.csv', 3)).toMatchObject({ externalId: 'CH-2', outcome: 'CREATED' });
    expect(rowOf(report, 'children.csv', 4)).toMatchObject({
      outcome: 'REFUSED',
      errors: [{ column: 'date_of_birth', message: expect.stringContaining('"2019-02-30" is not a date') }],
    });
    // A family member of two children is one person with two links; one of a refused child is refused with it.
    expect(rowOf(report, 'family-members.csv', 2).outcome).toBe('CREATED');
    expect(rowOf(report, 'family-members.csv', 3).outcome).toBe('CREATED');
    expect(rowOf(report, 'family-members.csv', 4)).toMatchObject({
      outcome: 'REFUSED',
      errors: [{ column: 'child_id', message: 'child CH-3 was refused on row 4 of children.csv' }],
    });
    expect(rowOf(report, 'cases.csv', 4)).toMatchObject({
      outcome: 'REFUSED',
      errors: [{ column: 'child_id', message: 'no child CH-9 in children.csv or in Kinroom' }],
    });
    expect(report).toMatchObject({ created: 8, updated: 0, unchanged: 0, refused: 3 });
  });

  it('imports in the background: creates the records, refuses the bad rows with reasons and imports the others', async () => {
    const done = await importFiles(FILES);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      rowsTotal: 11,
      rowsDone: 11,
      startedByName: 'Lee Turner',
    });
    expect(done.report).toMatchObject({ dryRun: false, created: 8, updated: 0, unchanged: 0, refused: 3 });

    const children = (
      await api.db.sql(
        `select c.external_id, c.date_of_birth::text as dob, c.school_pattern, k.external_id as carer
           from child c left join carer k on k.id = c.carer_id
          where c.external_id like 'CH-%' order by c.external_id`,
      )
    ).rows;
    expect(children.map((c) => [c.external_id, c.dob, c.carer])).toEqual([
      ['CH-1', '2016-03-31', 'CAR-1'],
      ['CH-2', '2018-07-14', 'CAR-2'],
    ]);
    expect(children[0].school_pattern).toHaveLength(5);
    const links = (
      await api.db.sql(
        `select c.external_id as child, f.external_id as member, l.relationship, l.parental_responsibility as pr
           from child_family_member l join child c on c.id = l.child_id join family_member f on f.id = l.family_member_id
          where f.external_id like 'FM-%' order by 1`,
      )
    ).rows;
    expect(links).toEqual([
      { child: 'CH-1', member: 'FM-1', relationship: 'mother', pr: true },
      { child: 'CH-2', member: 'FM-1', relationship: 'mother', pr: true },
    ]);
    const cases = (
      await api.db.sql(
        `select k.external_id, c.external_id as child, s.email from child_case k
           join child c on c.id = k.child_id join staff_user s on s.id = k.social_worker_id
          where k.external_id like 'CASE-%' and k.closed_at is null order by 1`,
      )
    ).rows;
    expect(cases).toEqual([
      { external_id: 'CASE-1', child: 'CH-1', email: 'aisha.khan@coxford.example' },
      { external_id: 'CASE-2', child: 'CH-2', email: 'megan.hughes@coxford.example' },
    ]);
    // Every change is in the change log, by the admin, via the import.
    const log = (
      await api.db.sql(
        `select l.via, s.email from change_log l join staff_user s on s.id = l.changed_by_id
          where l.record_id in (select id from child where external_id = 'CH-1')`,
      )
    ).rows;
    expect(log).toContainEqual({ via: 'import', email: DEMO.admin });
  });

  it('finds everything unchanged when the same files are imported again, and writes nothing', async () => {
    const before = await counts();
    const again = await importFiles(FILES);
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 8, refused: 3 });
    expect(await counts()).toEqual(before);
  });

  it('updates a changed row, with its change in the change log as made by the import', async () => {
    const changed = CHILDREN.replace('CH-2,Ben,Imported,14/07/2018', 'CH-2,Benjamin,Imported,14/07/2018');
    const result = await importFiles([{ name: 'children.csv', content: changed }]);
    expect(rowOf(result.report!, 'children.csv', 3)).toMatchObject({
      externalId: 'CH-2',
      outcome: 'UPDATED',
    });
    expect(result.report).toMatchObject({ created: 0, updated: 1, unchanged: 1, refused: 1 });
    const [entry] = (
      await api.db.sql(
        `select l.action, l.via, l.changes, s.email from change_log l join staff_user s on s.id = l.changed_by_id
          where l.record_id = (select id from child where external_id = 'CH-2') order by l.id desc limit 1`,
      )
    ).rows;
    expect(entry).toMatchObject({
      action: 'updated',
      via: 'import',
      email: DEMO.admin,
      changes: { firstName: ['Ben', 'Benjamin'] },
    });
  });

  it('refuses files it cannot read as a whole, and imports nothing of them', async () => {
    const report = await preview([
      { name: 'children.csv', content: 'child_id,first_name,surname\nCH-7,Dee,Nope\n' },
      { name: 'people.csv', content: 'a,b\n' },
    ]);
    expect(report.files).toEqual([]);
    expect(report.fileErrors).toEqual([
      {
        file: 'children.csv',
        line: 1,
        message: expect.stringMatching(/^missing columns last_name, .*; unknown column "surname"\./),
      },
      {
        file: 'people.csv',
        line: null,
        message: expect.stringContaining('is not one of the import’s files'),
      },
    ]);
    const r = await api.gql(admin, START, { files: [{ name: 'children.csv', content: 'child_id\n' }] });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fileErrors: [{ file: 'children.csv', line: 1 }],
    });
  });

  it('is for the council’s admins only', async () => {
    for (const who of [DEMO.manager, DEMO.socialWorker1, DEMO.integrator]) {
      const token = await api.tokenFor(who);
      const r = await api.gql(token, PREVIEW, { files: FILES });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const s = await api.gql(token, START, { files: FILES });
      expect(s.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const none = await api.gql(admin, RUN, { id: '00000000-0000-4000-8000-000000000000' });
    expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Another council's admin does not see this council's runs: NOT_FOUND, as for a run that does not exist.
    const other = '22222222-2222-4222-8222-222222222222';
    await api.db.sql(`insert into council (id, name) values ($1, 'Other Council')`, [other]);
    await api.db.sql(
      `insert into staff_user (id, council_id, name, email, role)
         values (gen_random_uuid(), $1, 'Otto Admin', 'otto.admin@other.example', 'admin')`,
      [other],
    );
    const [ours] = (await api.db.sql('select id from import_run limit 1')).rows;
    const theirs = await api.gql(await api.tokenFor('otto.admin@other.example'), RUN, { id: ours.id });
    expect(theirs.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(theirs.errors?.[0]?.message).toBe(none.errors?.[0]?.message);
  });

  it('shows its progress while it runs, and refuses a second import of the council meanwhile', async () => {
    // 60 children, then the same children renamed: the import stops at the 30th while a test transaction holds it.
    const header = 'child_id,first_name,last_name,date_of_birth,date_of_death,carer_id,school_hours\n';
    const many = (name: string) =>
      header +
      Array.from(
        { length: 60 },
        (_, i) => `P-${String(i).padStart(3, '0')},${name},Progress,2015-01-01,,,`,
      ).join('\n');
    const first = await importFiles([{ name: 'children.csv', content: many('Pat') }]);
    expect(first.report?.created).toBe(60);

    const holder = new pg.Client({ connectionString: api.db.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from child where external_id = 'P-030' for update`);
      const r = await api.gql<{ startImport: { id: string } }>(admin, START, {
        files: [{ name: 'children.csv', content: many('Pip') }],
      });
      const id = r.data!.startImport.id;
      // The progress is written every half second: it reaches the held row within a few seconds.
      let seen = await run(id);
      for (let tries = 0; tries < 100 && seen.rowsDone < 30; tries++) {
        await new Promise((res) => setTimeout(res, 100));
        seen = await run(id);
      }
      expect(seen).toMatchObject({ status: 'RUNNING', rowsDone: 30, rowsTotal: 60, report: null });
      const second = await api.gql(admin, START, { files: [{ name: 'children.csv', content: many('Pop') }] });
      expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      await holder.query('rollback');
      let done: Run;
      do {
        done = await run(id);
      } while (done.status === 'RUNNING');
      expect(done).toMatchObject({ status: 'SUCCEEDED', rowsDone: 60, report: { updated: 60 } });
    } finally {
      await holder.end();
    }
  });

  it('marks failed a run whose server stopped while it ran, saying that importing again is safe', async () => {
    const [adminRow] = (
      await api.db.sql('select id, council_id from staff_user where email = $1', [DEMO.admin])
    ).rows;
    const id = '11111111-1111-4111-8111-111111111111';
    await api.db.sql(
      `insert into import_run (id, council_id, started_by_id, via, status, files, rows_total, rows_done, heartbeat_at)
         values ($1, $2, $3, 'dashboard', 'running', '{children.csv}', 10, 4, now() - interval '5 minutes')`,
      [id, adminRow.council_id, adminRow.id],
    );
    const stopped = await run(id);
    expect(stopped.status).toBe('FAILED');
    expect(stopped.failure).toMatch(
      /interrupted .* after 4 of 10 rows\. Importing the same files again is safe/,
    );
  });
});
