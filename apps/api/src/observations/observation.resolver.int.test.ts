import { OBSERVATION_SECTION_KEYS } from '@kinroom/domain';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

let api: TestApi;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

const OBSERVATION_FIELDS = `id status version sessionId childId centreId returnReason dueAt overdue finalisedAt
  contentHash previousHash author { name } reviewer { name }
  sections { key label facts opinion } submitProblems { key message }
  amendments { id reason text createdAt contentHash previousHash author { name } }`;

const START = `mutation($s: ID!) { startObservation(sessionId: $s) { ${OBSERVATION_FIELDS} } }`;
const SAVE = `mutation($id: ID!, $sections: [ObservationSectionInput!]!, $v: Int!) {
  saveObservationDraft(id: $id, sections: $sections, expectedVersion: $v) { ${OBSERVATION_FIELDS} } }`;
const SUBMIT = `mutation($id: ID!, $v: Int!) { submitObservation(id: $id, expectedVersion: $v) { ${OBSERVATION_FIELDS} } }`;
const RETURN = `mutation($id: ID!, $r: String!, $v: Int!) {
  returnObservation(id: $id, reason: $r, expectedVersion: $v) { ${OBSERVATION_FIELDS} } }`;
const APPROVE = `mutation($id: ID!, $v: Int!) { approveObservation(id: $id, expectedVersion: $v) { ${OBSERVATION_FIELDS} } }`;
const FINALISE = `mutation($id: ID!, $v: Int!) { finaliseObservation(id: $id, expectedVersion: $v) { ${OBSERVATION_FIELDS} } }`;
const AMEND = `mutation($id: ID!, $r: String!, $t: String!) {
  amendObservation(id: $id, reason: $r, text: $t) { id observationId reason text createdAt contentHash previousHash author { name } } }`;
const READ = `query($id: ID!) { observation(id: $id) { ${OBSERVATION_FIELDS} } }`;
const VERIFY = `query($c: ID!) { verifyEvidenceChain(childId: $c) { childId intact checkedRecords firstBrokenRecordId problem } }`;
const TO_REVIEW = `{ observationsToReview { id status author { name } } }`;
const MY_DRAFTS = `{ myObservationDrafts { id status returnReason } }`;

interface Obs {
  id: string;
  status: string;
  version: number;
  returnReason: string | null;
  contentHash: string | null;
  previousHash: string | null;
  reviewer: { name: string } | null;
  sections: { key: string; facts: string; opinion: string }[];
  submitProblems: { key: string }[];
  amendments: { id: string; contentHash: string; previousHash: string | null; author: { name: string } }[];
}

function code(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

async function ok<T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await api.gql<Record<string, T>>(token[who]!, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return Object.values(r.data!)[0]!;
}

const allSections = (extra = '') =>
  OBSERVATION_SECTION_KEYS.map((k) => ({
    key: k.toUpperCase(),
    facts: k === 'suggestions' ? 'Nothing to record' : `Seen and heard: ${k}${extra}`,
    opinion: k === 'interactions' ? 'In my view the parent was attuned.' : '',
  }));

async function row(id: string) {
  return (await api.db.sql('select * from observation where id = $1', [id])).rows[0];
}

const one = async (sql: string, params: unknown[] = []) => (await api.db.sql(sql, params)).rows[0];

beforeAll(async () => {
  api = await startTestApi();
  const who = {
    tom: DEMO.supervisor1,
    grace: DEMO.supervisor2,
    kwame: 'kwame.mensah@coxford.example',
    ruth: 'ruth.evans@coxford.example',
    sam: 'sam.patel@coxford.example',
    manager: DEMO.manager,
    sw1: DEMO.socialWorker1,
    sw2: 'daniel.brooks@coxford.example',
    sw3: DEMO.socialWorker3,
    integrator: DEMO.integrator,
    admin: DEMO.admin,
    otherManager: DEMO.otherManager,
  };
  for (const [k, email] of Object.entries(who)) token[k] = await api.tokenFor(email);
  const child = async (first: string) =>
    (await one('select id from child where first_name = $1', [first])).id;
  ids.maisie = await child('Maisie');
  ids.ruby = await child('Ruby');
  ids.maisieLive = (
    await one(`select id from session where child_id = $1 and status = 'in_progress'`, [ids.maisie])
  ).id;
  ids.amaraEnded = (
    await one(
      `select s.id from session s join child c on c.id = s.child_id
        where c.first_name = 'Amara' and s.status = 'ended' order by s.starts_at desc limit 1`,
    )
  ).id;
  const ruby = await one(`select id, version from session where child_id = $1 and status = 'child_arrived'`, [
    ids.ruby,
  ]);
  ids.rubySession = ruby.id;
  ids.rubyVersion = String(ruby.version);
  ids.maisieSubmitted = (
    await one(`select id from observation where child_id = $1 and status = 'submitted'`, [ids.maisie])
  ).id;
});
afterAll(() => api.close());

describe('observation records (docs/domain.md rule 9)', () => {
  it('refuses supported contact, and contact that has not started, changing nothing', async () => {
    const before = (await one('select count(*)::int as n from observation')).n;
    const supported = await api.gql(token.sam!, START, { s: ids.amaraEnded });
    expect(code(supported)).toBe('OBSERVATION_NOT_REQUIRED');
    expect(supported.errors?.[0]?.message).toMatch(/supported contact/i);
    const early = await api.gql(token.kwame!, START, { s: ids.rubySession });
    expect(code(early)).toBe('OBSERVATION_SESSION_NOT_STARTED');
    expect((await one('select count(*)::int as n from observation')).n).toBe(before);
  });

  it('walks a record from autosaved draft to final, amended and verified evidence', async () => {
    // Draft, saved as the supervisor types: facts and opinion apart, section by section.
    const started = await ok<Obs>('tom', START, { s: ids.maisieLive });
    expect(started).toMatchObject({ status: 'DRAFT', reviewer: null, amendments: [] });
    expect(started.sections).toHaveLength(8);
    expect((await ok<Obs>('tom', START, { s: ids.maisieLive })).id).toBe(started.id);
    const id = started.id;
    let o = await ok<Obs>('tom', SAVE, {
      id,
      v: started.version,
      sections: [
        { key: 'ARRIVAL_AND_GREETINGS', facts: 'Mum said "hello darling".', opinion: 'She seemed nervous.' },
        { key: 'ACTIVITIES', facts: 'Lego' },
      ],
    });
    expect(o.sections[0]).toMatchObject({
      facts: 'Mum said "hello darling".',
      opinion: 'She seemed nervous.',
    });
    expect(o.submitProblems.length).toBe(6);
    const stored = await row(id);
    expect(stored.sections).toEqual([
      { key: 'arrival_and_greetings', facts: 'Mum said "hello darling".', opinion: 'She seemed nervous.' },
      { key: 'activities', facts: 'Lego', opinion: '' },
    ]);

    // A stale autosave and an incomplete submission are refused and change nothing.
    expect(code(await api.gql(token.tom!, SAVE, { id, v: started.version, sections: [] }))).toBe(
      'STALE_VERSION',
    );
    const incomplete = await api.gql(token.tom!, SUBMIT, { id, v: o.version });
    expect(code(incomplete)).toBe('OBSERVATION_INCOMPLETE');
    expect((incomplete.errors?.[0]?.extensions?.problems as unknown[]).length).toBe(6);
    expect(await row(id)).toEqual(stored);

    // The remaining sections merge in; then submit.
    o = await ok<Obs>('tom', SAVE, { id, v: o.version, sections: allSections().slice(1) });
    expect(o.sections[0]!.facts).toBe('Mum said "hello darling".');
    expect(o.submitProblems).toEqual([]);
    o = await ok<Obs>('tom', SUBMIT, { id, v: o.version });
    expect(o.status).toBe('SUBMITTED');
    expect(code(await api.gql(token.tom!, SAVE, { id, v: o.version, sections: [] }))).toBe(
      'OBSERVATION_ILLEGAL_TRANSITION',
    );

    // In another supervisor's review queue, not the author's; sent back with a reason.
    expect((await ok<{ id: string }[]>('grace', TO_REVIEW)).map((r) => r.id)).toContain(id);
    expect((await ok<{ id: string }[]>('tom', TO_REVIEW)).map((r) => r.id)).not.toContain(id);
    o = await ok<Obs>('grace', RETURN, { id, v: o.version, r: 'Say who else was in the room.' });
    expect(o).toMatchObject({ status: 'DRAFT', returnReason: 'Say who else was in the room.' });
    expect(await ok<{ id: string; returnReason: string }[]>('tom', MY_DRAFTS)).toContainEqual({
      id,
      status: 'DRAFT',
      returnReason: 'Say who else was in the room.',
    });
    o = await ok<Obs>('tom', SAVE, {
      id,
      v: o.version,
      sections: [{ key: 'ACTIVITIES', facts: 'Lego; the carer waited outside the room.' }],
    });
    o = await ok<Obs>('tom', SUBMIT, { id, v: o.version });
    expect(o).toMatchObject({ status: 'SUBMITTED', returnReason: null });

    // The author can never approve their own record.
    const self = await api.gql(token.tom!, APPROVE, { id, v: o.version });
    expect(code(self)).toBe('FORBIDDEN');
    expect(self.errors?.[0]?.message).toMatch(/someone other than its author/);
    expect(await row(id)).toMatchObject({ status: 'submitted', reviewer_id: null, version: o.version });

    // Approved by another supervisor; finalised into the child's chain at the same moment as another record.
    o = await ok<Obs>('grace', APPROVE, { id, v: o.version });
    expect(o).toMatchObject({ status: 'APPROVED', reviewer: { name: 'Grace Lin' } });
    const other = await row(ids.maisieSubmitted!);
    const otherApproved = await ok<Obs>('manager', APPROVE, { id: other.id, v: other.version });
    const headBefore = await one(
      `select content_hash from (
         select content_hash, finalised_at as at from observation where child_id = $1 and status = 'final'
         union all select content_hash, created_at from observation_amendment where child_id = $1
       ) c order by at desc limit 1`,
      [ids.maisie],
    );
    const [mine, theirs] = await Promise.all([
      ok<Obs>('grace', FINALISE, { id, v: o.version }),
      ok<Obs>('tom', FINALISE, { id: otherApproved.id, v: otherApproved.version }),
    ]);
    expect(mine.status).toBe('FINAL');
    expect(theirs.status).toBe('FINAL');
    // One links to the old head and the other to it: the chain did not fork.
    const first = [mine, theirs].find((x) => x.previousHash === headBefore.content_hash)!;
    const links = [first, first === mine ? theirs : mine];
    expect(links[0]!.previousHash).toBe(headBefore.content_hash);
    expect(links[1]!.previousHash).toBe(links[0]!.contentHash);
    o = mine;

    // A final record is never changed through the API (and the database would refuse it too).
    for (const [query, vars] of [
      [SAVE, { id, v: o.version, sections: [{ key: 'ACTIVITIES', facts: 'changed' }] }],
      [SUBMIT, { id, v: o.version }],
      [RETURN, { id, v: o.version, r: 'late change' }],
      [APPROVE, { id, v: o.version }],
      [FINALISE, { id, v: o.version }],
    ] as const) {
      const who = query === SAVE || query === SUBMIT ? 'tom' : 'manager';
      expect(code(await api.gql(token[who]!, query, vars))).toBe('OBSERVATION_FINAL');
    }
    const finalRow = await row(id);
    expect(finalRow).toMatchObject({ status: 'final', content_hash: o.contentHash, version: o.version });

    // Amended with a dated, signed addendum, chained after the last link.
    const amendment = await ok<{ id: string; previousHash: string; contentHash: string; createdAt: string }>(
      'tom',
      AMEND,
      { id, r: 'Correction of fact', t: 'The session started five minutes late.' },
    );
    expect(amendment).toMatchObject({ reason: 'Correction of fact', author: { name: 'Tom Okafor' } });
    expect(amendment.previousHash).toBe(links[1]!.contentHash);

    // The child's social worker now reads it, amendment included, and the read is logged.
    const read = await ok<Obs>('sw1', READ, { id });
    expect(read.amendments.map((a) => a.id)).toEqual([amendment.id]);
    const logged = await one(
      `select a.fields from access_log a join staff_user u on u.id = a.user_id
        where u.email = $1 and a.child_id = $2 order by a.id desc limit 1`,
      [DEMO.socialWorker1, ids.maisie],
    );
    expect(logged.fields).toEqual(['observations']);
    expect(
      (
        await api.db.sql(
          `select kind from event where topic = 'observation' and subject_id = $1 order by id`,
          [id],
        )
      ).rows.map((r) => r.kind),
    ).toEqual(['started', 'submitted', 'returned', 'submitted', 'approved', 'finalised']);

    const chain = await ok<{ intact: boolean; checkedRecords: number }>('sw1', VERIFY, { c: ids.maisie });
    const records = await one(
      `select (select count(*) from observation where child_id = $1 and status = 'final')
            + (select count(*) from observation_amendment where child_id = $1) as n`,
      [ids.maisie],
    );
    expect(chain).toEqual({
      childId: ids.maisie,
      intact: true,
      checkedRecords: Number(records.n),
      firstBrokenRecordId: null,
      problem: null,
    });
    ids.walked = id;
    ids.amendment = amendment.id;
  });

  it('lets only the right people start, write, read and review a record', async () => {
    // Ruby's session starts; only its supervisor (not the second member of staff) writes its record.
    const step = await api.gql(
      token.kwame!,
      `mutation($i: RecordSessionStepInput!) { recordSessionStep(input: $i) { status } }`,
      { i: { sessionId: ids.rubySession, expectedVersion: Number(ids.rubyVersion), step: 'START' } },
    );
    expect(step.errors).toBeUndefined();
    expect(code(await api.gql(token.ruth!, START, { s: ids.rubySession }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.grace!, START, { s: ids.rubySession }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.manager!, START, { s: ids.rubySession }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.sw2!, START, { s: ids.rubySession }))).toBe('FORBIDDEN');
    const draft = await ok<Obs>('kwame', START, { s: ids.rubySession });
    const id = draft.id;

    // A draft stays with the centre: nobody else writes it; social worker and integrator cannot see it yet.
    const write = { id, v: draft.version, sections: [{ key: 'ACTIVITIES', facts: 'x' }] };
    expect(code(await api.gql(token.grace!, SAVE, write))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.manager!, SAVE, write))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.grace!, SUBMIT, { id, v: draft.version }))).toBe('NOT_FOUND');
    for (const who of ['sw2', 'integrator', 'grace', 'otherManager']) {
      expect(code(await api.gql(token[who]!, READ, { id })), who).toBe('NOT_FOUND');
    }
    expect(code(await api.gql(token.admin!, READ, { id }))).toBe('FORBIDDEN');
    expect((await ok<Obs>('manager', READ, { id })).status).toBe('DRAFT');
    expect(code(await api.gql(token.kwame!, AMEND, { id, r: 'x', t: 'y' }))).toBe(
      'OBSERVATION_ILLEGAL_TRANSITION',
    );

    let o = await ok<Obs>('kwame', SAVE, { id, v: draft.version, sections: allSections() });
    o = await ok<Obs>('kwame', SUBMIT, { id, v: o.version });
    expect((await ok<Obs>('grace', READ, { id })).status).toBe('SUBMITTED');
    expect(code(await api.gql(token.sw2!, APPROVE, { id, v: o.version }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.integrator!, APPROVE, { id, v: o.version }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.otherManager!, APPROVE, { id, v: o.version }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.grace!, FINALISE, { id, v: o.version }))).toBe(
      'OBSERVATION_ILLEGAL_TRANSITION',
    );
    expect(code(await api.gql(token.grace!, RETURN, { id, v: o.version, r: '   ' }))).toBe('BAD_USER_INPUT');
    expect((await row(id)).status).toBe('submitted');

    // Final records: a colleague who neither wrote nor reviewed one cannot read or amend it; the manager can.
    expect(code(await api.gql(token.kwame!, READ, { id: ids.walked }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.kwame!, AMEND, { id: ids.walked, r: 'x', t: 'y' }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.sw3!, READ, { id: ids.walked }))).toBe('NOT_FOUND');
    expect((await ok<Obs>('integrator', READ, { id: ids.walked })).status).toBe('FINAL');

    // Chain checks: not for supervisors, not for another caseload's child.
    expect(code(await api.gql(token.tom!, VERIFY, { c: ids.maisie }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.sw3!, VERIFY, { c: ids.maisie }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.sw1!, VERIFY, { c: 'not-a-uuid' }))).toBe('NOT_FOUND');
    expect((await ok<{ intact: boolean }>('admin', VERIFY, { c: ids.maisie })).intact).toBe(true);
    // An auditor checks any child of their council, and only those: a child who is not one is NOT_FOUND.
    expect(code(await api.gql(token.admin!, VERIFY, { c: randomUUID() }))).toBe('NOT_FOUND');
  });

  it('catches a final record tampered with in SQL, through the API and the command line', async () => {
    // The command reads its configuration from the environment, which the child process inherits.
    vi.stubEnv('DATABASE_URL', api.db.url);
    vi.stubEnv('KINROOM_EVIDENCE_KEY', api.config.evidenceKeyFile);
    onTestFinished(() => void vi.unstubAllEnvs());
    const cli = (childId: string) =>
      promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        fileURLToPath(new URL('./evidence-verify.cli.ts', import.meta.url)),
        childId,
      ]).then(
        (r) => ({ exit: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ exit: e.code, stdout: e.stdout }),
      );
    const intact = await cli(ids.maisie!);
    expect(intact).toMatchObject({ exit: 0 });
    expect(intact.stdout).toMatch(/intact:\s+yes/);
    expect(
      await one(
        `select user_id, role, fields from access_log where operation = 'evidence:verify' and child_id = $1`,
        [ids.maisie],
      ),
    ).toEqual({ user_id: null, role: 'admin', fields: ['evidence_chain'] });

    // As a superuser could: bypass the immutability trigger for one statement.
    const tamper = (sql: string) =>
      api.db.sql(`begin; set local session_replication_role = replica; ${sql}; commit;`);
    const original = (await row(ids.walked!)).sections;
    await tamper(
      `update observation set sections = jsonb_set(sections, '{0,facts}', '"Mum arrived on time."') where id = '${ids.walked}'`,
    );
    const broken = await ok<{ intact: boolean; firstBrokenRecordId: string; problem: string }>(
      'sw1',
      VERIFY,
      {
        c: ids.maisie,
      },
    );
    expect(broken).toMatchObject({ intact: false, firstBrokenRecordId: ids.walked });
    expect(broken.problem).toMatch(/changed/);
    const reported = await cli(ids.maisie!);
    expect(reported.exit, reported.stdout).toBe(1);
    expect(reported.stdout).toContain(ids.walked);

    // Put back exactly as it was: intact again. Then remove the last link, which no later link could reveal.
    await tamper(
      `update observation set sections = '${JSON.stringify(original)}' where id = '${ids.walked}'`,
    );
    expect((await ok<{ intact: boolean }>('sw1', VERIFY, { c: ids.maisie })).intact).toBe(true);
    await tamper(`delete from observation_amendment where id = '${ids.amendment}'`);
    expect(await ok('sw1', VERIFY, { c: ids.maisie })).toMatchObject({
      intact: false,
      firstBrokenRecordId: ids.amendment,
    });
  });
});
