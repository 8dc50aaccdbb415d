import { loadConfig } from '../src/config/config.js';
import { loadDemoDataIfEmpty } from '../src/db/seed/demo.js';
import { evidenceKeys } from '../src/observations/evidence-keys.js';
import { FlagService } from '../src/safeguarding/flag.service.js';
import type { Viewer } from '../src/auth/viewer.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { DEMO, testEvidenceKeyFile, type TestApi } from './api.js';

/**
 * A database of this test file's own with the demo week loaded, and the message planner's cursor at its newest
 * event, as when messages are switched on for a council already at work: only what happens from now plans messages.
 */
export async function messagesDatabase(now: Date = new Date()): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', KINROOM_EVIDENCE_KEY: await testEvidenceKeyFile() });
  await loadDemoDataIfEmpty(db.orm.em.fork(), now, await evidenceKeys(config));
  await db.sql('update message_cursor set last_event_id = (select coalesce(max(id), 0) from event)');
  return db;
}

/**
 * Raises `count` safeguarding flags as the centre's manager, spread over the demo children whose social worker has
 * an email address: each raise writes its outbox event and calls for one email to that social worker.
 */
export async function raiseFlags(db: TestDatabase, count: number): Promise<string[]> {
  const viewer = await viewerByEmail(db, DEMO.manager);
  const children = (
    await db.sql(
      `select ch.id from child ch
         join child_case cc on cc.child_id = ch.id and cc.closed_at is null
         join staff_user sw on sw.id = cc.social_worker_id and sw.active and sw.email is not null
        where ch.council_id = $1
          and exists (select 1 from contact_agreement a where a.child_id = ch.id and a.centre_id = $2)
        order by ch.id`,
      [viewer.councilId, viewer.centreId],
    )
  ).rows.map((r: { id: string }) => r.id);
  if (children.length === 0) throw new Error('the demo week has no child with a social worker to tell');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const flag = await new FlagService(db.orm.em.fork(), viewer, new Date()).raise({
      childId: children[i % children.length]!,
      category: 'neglect',
      severity: 'medium',
      description: `Concern ${i + 1}: the child arrived without a coat in the rain.`,
    });
    ids.push(flag.id);
  }
  return ids;
}

/** The messages stored, oldest first, as the assertions read them. */
export async function messageRows(
  db: TestDatabase,
  where = 'true',
  params: unknown[] = [],
): Promise<
  {
    id: string;
    purpose: string;
    status: string;
    attempts: number;
    last_error: string | null;
    provider: string | null;
    provider_ref: string | null;
    flag_id: string | null;
    session_id: string | null;
    not_sent_reason: string | null;
  }[]
> {
  return (await db.sql(`select * from message where ${where} order by planned_at, id`, params)).rows;
}

/**
 * Raises a safeguarding flag through the API as the demo's manager, about a child at Coxford Road whose social worker
 * is active and has an email address, so that the flag calls for an email to that social worker. Its id.
 */
export async function raiseFlagThroughApi(api: TestApi): Promise<string> {
  const token = await api.tokenFor(DEMO.manager);
  const child = (
    await api.db.sql(
      `select cc.child_id from child_case cc join staff_user u on u.id = cc.social_worker_id
        where cc.closed_at is null and u.email is not null and u.active
          and exists (select 1 from contact_agreement a join centre c on c.id = a.centre_id
                       where a.child_id = cc.child_id and c.name like 'Coxford Road%')
        limit 1`,
    )
  ).rows[0].child_id as string;
  const raised = await api.gql<{ raiseFlag: { id: string } }>(
    token,
    `mutation($i: RaiseFlagInput!) { raiseFlag(input: $i) { id } }`,
    { i: { childId: child, category: 'NEGLECT', severity: 'LOW', description: 'Arrived hungry.' } },
  );
  if (raised.errors) throw new Error(`raising the flag failed: ${JSON.stringify(raised.errors)}`);
  return raised.data!.raiseFlag.id;
}

/**
 * The messages stored that match `where` (as `messageRows`), read again every 100 ms until there is at least one, or
 * two minutes have passed: then whatever there is (perhaps none), for the test to say what it expected.
 */
export async function messageRowsOnceAny(
  db: TestDatabase,
  where: string,
  params: unknown[] = [],
): Promise<Awaited<ReturnType<typeof messageRows>>> {
  const deadline = Date.now() + 120_000;
  let rows = await messageRows(db, where, params);
  while (rows.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    rows = await messageRows(db, where, params);
  }
  return rows;
}

/** The demo's member of staff with this email address, as the API knows whoever is asking. */
export async function viewerByEmail(db: TestDatabase, email: string): Promise<Viewer> {
  const [u] = (
    await db.sql('select id, council_id, role, centre_id, name from staff_user where email = $1', [email])
  ).rows;
  return { userId: u.id, councilId: u.council_id, role: u.role, centreId: u.centre_id, name: u.name };
}
