import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { writeFigures } from './figures.js';

/**
 * Evidence integrity (issue 6): a child's final records and amendments form a hash chain; changing any of it
 * directly in SQL, the way only someone with the database's keys could, is caught by the verification query. Each
 * tampering is undone before the next, so that each one is caught on its own.
 */

let api: TestApi;
let client: pg.Client;
let maisie: string;
let admin: string;
const caught: string[] = [];

const VERIFY = `query($c: ID!) { verifyEvidenceChain(childId: $c) { intact checkedRecords firstBrokenRecordId problem } }`;

interface Report {
  intact: boolean;
  checkedRecords: number;
  firstBrokenRecordId: string | null;
  problem: string | null;
}

async function verify(): Promise<Report> {
  const r = await api.gql<{ verifyEvidenceChain: Report }>(admin, VERIFY, { c: maisie });
  expect(r.errors).toBeUndefined();
  return r.data!.verifyEvidenceChain;
}

/** Runs statements with the immutability triggers set aside, as a superuser could, in one transaction. */
async function asSuperuser(statements: [string, unknown[]][]): Promise<void> {
  await client.query('begin');
  try {
    await client.query('set local session_replication_role = replica');
    for (const [text, params] of statements) await client.query(text, params);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}

/** Saves rows as they are, to put them back exactly after a tampering. */
async function snapshot(table: string, ids: string[]): Promise<[string, unknown[]][]> {
  const rows = (
    await client.query(`select id, row_to_json(t) as r from ${table} t where id = any($1)`, [ids])
  ).rows;
  return rows.flatMap((row) => [
    [`delete from ${table} where id = $1`, [row.id]],
    [
      `insert into ${table} select * from json_populate_record(null::${table}, $1::json)`,
      [JSON.stringify(row.r)],
    ],
  ]);
}

async function expectCaught(what: string, tamper: [string, unknown[]][], restore: [string, unknown[]][]) {
  await asSuperuser(tamper);
  const report = await verify();
  await asSuperuser(restore);
  expect(report.intact, `${what} went unnoticed`).toBe(false);
  expect(report.firstBrokenRecordId).toBeTruthy();
  caught.push(`${what}: ${report.problem}`);
  expect((await verify()).intact, `restored after ${what}`).toBe(true);
}

beforeAll(async () => {
  api = await startTestApi();
  client = new pg.Client({ connectionString: api.db.url });
  await client.connect();
  admin = await api.tokenFor(DEMO.admin);
  maisie = (await client.query(`select id from child where first_name = 'Maisie'`)).rows[0].id;
  // One more link made through the API, so that the chain's newest link has its anchor in the outbox.
  const final = (
    await client.query(
      `select id from observation where child_id = $1 and status = 'final' order by finalised_at desc limit 1`,
      [maisie],
    )
  ).rows[0].id;
  const amended = await api.gql(
    await api.tokenFor(DEMO.manager),
    `mutation($id: ID!) { amendObservation(id: $id, reason: "Correction of fact", text: "The session began at 16:05.") { id } }`,
    { id: final },
  );
  expect(amended.errors).toBeUndefined();
});
afterAll(async () => {
  await client.end();
  await api.close();
});

describe('the evidence chain', () => {
  it('is intact as written, and catches every kind of tampering done directly in SQL', async () => {
    const intact = await verify();
    expect(intact).toMatchObject({ intact: true, firstBrokenRecordId: null });
    expect(intact.checkedRecords).toBeGreaterThanOrEqual(3);
    const finals = (
      await client.query(
        `select id from observation where child_id = $1 and status = 'final' order by finalised_at`,
        [maisie],
      )
    ).rows.map((r) => r.id as string);
    const amendments = (
      await client.query(`select id from observation_amendment where child_id = $1 order by created_at`, [
        maisie,
      ])
    ).rows.map((r) => r.id as string);
    const [first, second] = [finals[0]!, finals[1]!];
    const newest = amendments.at(-1)!;

    await expectCaught(
      'a fact rewritten',
      [
        [
          `update observation set sections = jsonb_set(sections, '{0,facts}', '"Parent arrived on time."') where id = $1`,
          [first],
        ],
      ],
      await snapshot('observation', [first]),
    );
    await expectCaught(
      'a record moved in time',
      [[`update observation set finalised_at = finalised_at + interval '400 days' where id = $1`, [first]]],
      await snapshot('observation', [first]),
    );
    await expectCaught(
      'a final record turned back into a draft',
      [[`update observation set status = 'submitted' where id = $1`, [second]]],
      await snapshot('observation', [second]),
    );
    await expectCaught(
      'an amendment reworded',
      [[`update observation_amendment set text = 'Nothing happened.' where id = $1`, [amendments[0]]]],
      await snapshot('observation_amendment', [amendments[0]!]),
    );
    await expectCaught(
      'a record in the middle removed',
      [[`delete from observation where id = $1`, [second]]],
      await snapshot('observation', [second]),
    );
    await expectCaught(
      'the newest link removed',
      [[`delete from observation_amendment where id = $1`, [newest]]],
      await snapshot('observation_amendment', [newest]),
    );
    await expectCaught(
      'a link forged at the end',
      [
        [
          `insert into observation_amendment (id, council_id, observation_id, child_id, author_id, reason, text,
             created_at, content_hash, previous_hash)
           select '00000000-0000-4000-8000-000000000001', council_id, observation_id, child_id, author_id, 'Added',
             'Parent apologised.', created_at + interval '1 minute', md5('forged'), content_hash
             from observation_amendment where id = $1`,
          [newest],
        ],
      ],
      [[`delete from observation_amendment where id = '00000000-0000-4000-8000-000000000001'`, []]],
    );
    console.info(`evidence chain: ${caught.length} of 7 tamperings caught\n  ${caught.join('\n  ')}`);
    writeFigures('tamper', { tamperings: 7, caught: caught.length });
    expect(caught).toHaveLength(7);
  });
});
