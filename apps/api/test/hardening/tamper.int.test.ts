import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sealUnsignedLinks, verifyEvidenceChain } from '../../src/observations/evidence-chain.js';
import {
  amendmentEvidence,
  evidenceHash,
  observationEvidence,
  sealStatement,
} from '../../src/observations/evidence-hash.js';
import {
  evidenceKeys,
  keyFingerprint,
  keyringFrom,
  newEvidenceKeyPem,
  type EvidenceKeyring,
} from '../../src/observations/evidence-keys.js';
import { Observation, ObservationAmendment } from '../../src/observations/observation.entity.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { writeFigures } from './figures.js';

/**
 * Evidence integrity (docs/evidence.md): a child's final records and amendments form a hash chain, each link signed
 * with a key kept outside the database. Changing any of it directly in SQL, the way only someone with the
 * database's keys could, is caught by the verification query, even when the tamperer recomputes every hash and
 * anchor, because nobody without the evidence key can sign. Each tampering is undone before the next, so that each
 * one is caught on its own.
 */

let api: TestApi;
let client: pg.Client;
let maisie: string;
let admin: string;
const caught: string[] = [];

const VERIFY = `query($c: ID!) { verifyEvidenceChain(childId: $c) {
  intact checkedRecords firstBrokenRecordId problem verifiedAt keyFingerprint signingKeys headHash } }`;

interface Report {
  intact: boolean;
  checkedRecords: number;
  firstBrokenRecordId: string | null;
  problem: string | null;
  verifiedAt: string;
  keyFingerprint: string;
  signingKeys: string[];
  headHash: string | null;
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

  it('is signed with the key kept outside the database, whose fingerprint the check reports', async () => {
    const report = await verify();
    const pem = await readFile(api.config.evidenceKeyFile, 'utf8');
    const fingerprint = keyFingerprint(createPublicKey(pem));
    expect(report).toMatchObject({ intact: true, keyFingerprint: fingerprint, signingKeys: [fingerprint] });
    expect(Date.now() - Date.parse(report.verifiedAt)).toBeLessThan(60_000);
    const head = (await chainRows()).at(-1)!;
    expect(report.headHash).toBe(head.content_hash);
    const unsigned = await client.query(
      `select count(*)::int as n from (
         select signature, signing_key from observation where status = 'final'
         union all select signature, signing_key from observation_amendment) l
        where signature is null or signing_key <> $1`,
      [fingerprint],
    );
    expect(unsigned.rows[0].n).toBe(0);
  });

  it('catches a rewritten record even when every hash and anchor after it is recomputed', async () => {
    const links = await chainRows();
    const target = links.find((l) => l.kind === 'observation')!;
    const undo = await undoAll(links);
    await asSuperuser(await rechain(links, target.id, 'Parent arrived on time and the visit went well.'));
    const report = await verify();
    await asSuperuser(undo);
    expect(report.intact, 'a rewrite with recomputed hashes went unnoticed').toBe(false);
    expect(report.firstBrokenRecordId).toBe(target.id);
    expect(report.problem).toMatch(/signature does not match/);
    expect((await verify()).intact).toBe(true);
  });

  it('refuses signatures made with any other key, and records whose signature was removed', async () => {
    const links = await chainRows();
    const target = links.find((l) => l.kind === 'observation')!;
    const forger = keyringFrom(newEvidenceKeyPem());
    const realKey = (await verify()).keyFingerprint;
    const cases: [string, EvidenceKeyring, string | null, RegExp][] = [
      ['re-signed with a key of their own', forger, null, /key this server does not know/],
      ['re-signed with their own key under the real key’s id', forger, realKey, /signature does not match/],
    ];
    for (const [what, keys, claimedKey, problem] of cases) {
      const undo = await undoAll(links);
      await asSuperuser(await rechain(links, target.id, 'Nothing of concern happened.', keys, claimedKey));
      const report = await verify();
      await asSuperuser(undo);
      expect(report.intact, `${what} went unnoticed`).toBe(false);
      expect(report.firstBrokenRecordId).toBe(target.id);
      expect(report.problem, what).toMatch(problem);
    }
    const undo = await undoAll(links);
    await asSuperuser([
      [`update observation set signature = null, signing_key = null where id = $1`, [target.id]],
    ]);
    const stripped = await verify();
    await asSuperuser(undo);
    expect(stripped).toMatchObject({ intact: false, firstBrokenRecordId: target.id });
    expect(stripped.problem).toMatch(/carries no signature/);
    expect((await verify()).intact).toBe(true);
  });

  it('after a key rotation, verifies older records with the earlier key’s public half, and only with it', async () => {
    const oldPem = await readFile(api.config.evidenceKeyFile, 'utf8');
    const oldPublic = createPublicKey(oldPem).export({ type: 'spki', format: 'pem' }).toString();
    const rotated = keyringFrom(newEvidenceKeyPem(), [{ pem: oldPublic, file: 'earlier.pub.pem' }]);
    const withEarlier = await verifyEvidenceChain(api.db.orm.em.fork(), maisie, rotated, new Date());
    expect(withEarlier).toMatchObject({ intact: true, keyFingerprint: rotated.keyId });
    expect(withEarlier.signingKeys).toEqual([keyFingerprint(createPublicKey(oldPem))]);
    const forgotten = await verifyEvidenceChain(
      api.db.orm.em.fork(),
      maisie,
      keyringFrom(newEvidenceKeyPem()),
      new Date(),
    );
    expect(forgotten.intact).toBe(false);
    expect(forgotten.problem).toMatch(/key this server does not know/);
  });
});

describe('records written before signing began', () => {
  it('are sealed once by `evidence:seal` when their chain is sound, and never otherwise', async () => {
    const since = (
      await client.query(`select executed_at from schema_migration where name = '0009-evidence-signatures'`)
    ).rows[0].executed_at as Date;
    const links = await chainRows();
    const undo = await undoAll(links);
    // As an upgraded database holds them: the demo week's records, written before, carry no signature.
    const strip = (ids: string[]): [string, unknown[]][] => [
      [`update observation set signature = null, signing_key = null where id = any($1)`, [ids]],
      [`update observation_amendment set signature = null, signing_key = null where id = any($1)`, [ids]],
    ];
    const before = (
      await client.query(
        `select id from observation where child_id = $1 and status = 'final' and finalised_at < $2
         union all select id from observation_amendment where child_id = $1 and created_at < $2`,
        [maisie, since],
      )
    ).rows.map((r) => r.id as string);
    expect(before.length).toBeGreaterThan(1);
    expect(before.length).toBeLessThan(links.length);
    await asSuperuser(strip(before));
    const unsealed = await verify();
    expect(unsealed).toMatchObject({ intact: false, firstBrokenRecordId: links[0]!.id });
    expect(unsealed.problem).toMatch(/carries no signature/);

    // Nothing but a seal may be added to a final record, even by the service's own database user.
    await expect(
      client.query(
        `update observation set signature = 'x', signing_key = 'y', sections = '[]' where id = $1`,
        [before[0]],
      ),
    ).rejects.toThrow(/cannot be changed/);
    const signed = links.at(-1)!.id;
    await expect(
      client.query(`update observation_amendment set signature = 'x' where id = $1`, [signed]),
    ).rejects.toThrow(/append-only/);

    const keys = await evidenceKeys(api.config);
    // A tampered chain is not sealed.
    await asSuperuser([
      [
        `update observation set sections = jsonb_set(sections, '{0,facts}', '"Rewritten."') where id = $1`,
        [before[0]],
      ],
    ]);
    const refused = await sealUnsignedLinks(api.db.orm.em.fork(), maisie, keys, new Date(), since);
    expect(refused.sealed).toBe(0);
    expect(refused.report.problem).toMatch(/no longer matches its hash/);
    await asSuperuser(undo);
    await asSuperuser(strip(before));

    // A record from after signing began that lost its signature is not sealed either.
    await asSuperuser(strip([signed]));
    expect((await sealUnsignedLinks(api.db.orm.em.fork(), maisie, keys, new Date(), since)).sealed).toBe(0);
    await asSuperuser(undo);
    await asSuperuser(strip(before));

    // The command seals the sound chain's earlier records with the evidence key; then it verifies.
    const run = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../../src/observations/evidence-seal.cli.ts', import.meta.url)),
      ],
      { env: { ...process.env, DATABASE_URL: api.db.url, KINROOM_EVIDENCE_KEY: api.config.evidenceKeyFile } },
    );
    expect(run.stdout).toContain(`${maisie}: sealed ${before.length} record(s); intact`);
    const sealed = await verify();
    await asSuperuser(undo);
    expect(sealed).toMatchObject({ intact: true, signingKeys: [keys.keyId] });
    expect((await verify()).intact).toBe(true);
  });
});

interface ChainRow {
  kind: 'observation' | 'amendment';
  id: string;
  content_hash: string;
}

/** The child's links in chain order, as verification orders them. */
async function chainRows(): Promise<ChainRow[]> {
  return (
    await client.query(
      `select kind, id, content_hash from (
         select 'observation' as kind, id, content_hash, finalised_at as at, 0 as rank from observation
          where child_id = $1 and status = 'final'
         union all
         select 'amendment', id, content_hash, created_at, 1 from observation_amendment where child_id = $1
       ) l order by at, rank, id`,
      [maisie],
    )
  ).rows;
}

/** Puts back every link and every outbox anchor of the child exactly as they are now. */
async function undoAll(links: ChainRow[]): Promise<[string, unknown[]][]> {
  const anchors = (
    await client.query(
      `select id from event where child_id = $1 and topic = 'observation' and kind in ('finalised', 'amended')`,
      [maisie],
    )
  ).rows.map((r) => String(r.id));
  return [
    ...(await snapshot('event', anchors)),
    ...(await snapshot(
      'observation',
      links.filter((l) => l.kind === 'observation').map((l) => l.id),
    )),
    ...(await snapshot(
      'observation_amendment',
      links.filter((l) => l.kind === 'amendment').map((l) => l.id),
    )),
  ];
}

/**
 * What someone with the database's keys but not the evidence key would do: rewrite a record's facts, then
 * recompute its hash and every later link's, and the outbox anchors, so that the unkeyed chain is sound again.
 * With `keys`, they also sign each recomputed link with a key of their own, under `claimedKey` if given.
 */
async function rechain(
  links: ChainRow[],
  targetId: string,
  facts: string,
  keys?: EvidenceKeyring,
  claimedKey?: string | null,
): Promise<[string, unknown[]][]> {
  const em = api.db.orm.em.fork({ clear: true });
  const observations = new Map(
    (await em.find(Observation, { childId: maisie, status: 'final' })).map((o) => [o.id, o]),
  );
  const amendments = new Map(
    (await em.find(ObservationAmendment, { childId: maisie })).map((a) => [a.id, a]),
  );
  const statements: [string, unknown[]][] = [];
  let previous: string | null = null;
  let rewritten = false;
  for (const link of links) {
    const o = observations.get(link.id);
    const a = amendments.get(link.id);
    if (o && o.id === targetId) {
      o.sections = o.sections.map((section, k) => (k === 0 ? { ...section, facts } : section));
      rewritten = true;
    }
    if (!rewritten) {
      previous = link.content_hash;
      continue;
    }
    const hash: string = o
      ? evidenceHash(observationEvidence(o), previous)
      : evidenceHash(amendmentEvidence(a!), previous);
    const signature = keys?.sign(sealStatement({ id: link.id, childId: maisie, contentHash: hash }));
    const table = o ? 'observation' : 'observation_amendment';
    statements.push(
      [
        `update ${table} set content_hash = $2, previous_hash = $3,
           signature = coalesce($4, signature), signing_key = coalesce($5, signing_key)
           ${o ? ', sections = $6::jsonb' : ''} where id = $1`,
        [
          link.id,
          hash,
          previous,
          signature ?? null,
          keys ? (claimedKey ?? keys.keyId) : null,
          ...(o ? [JSON.stringify(o.sections)] : []),
        ],
      ],
      [
        `update event set payload = jsonb_set(payload, '{contentHash}', to_jsonb($2::text))
          where subject_id = $1 and topic = 'observation' and kind in ('finalised', 'amended')`,
        [link.id, hash],
      ],
    );
    previous = hash;
  }
  return statements;
}
