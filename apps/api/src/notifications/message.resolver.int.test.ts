import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';
import { countStatements } from '../../test/statements.js';
import { maySeeSession, sessionSeenSql } from '../access/index.js';
import { viewerByEmail } from '../../test/messages.js';

/**
 * The record of messages sent outside the dashboard, over real HTTP and PostgreSQL (docs/notifications.md, "Where
 * messages are shown"; docs/access.md "Messages"): a session's messages to whoever sees the session, messages to
 * staff kept from supervisors, messages about a flag to whoever reads the flag, the carer never named, the manager's
 * list of failures at their own centre only, and every read in the access log. Rows are written as the sending
 * engine leaves them.
 */

let api: TestApi;
const token: Record<string, string> = {};
let centreId: string;
let maisie: string;
let sessionId: string;
let sessionStart: Date;
const person: Record<string, string> = {};
const msg: Record<string, string> = {};

const q = async (sql: string, params: unknown[] = []) => (await api.db.sql(sql, params)).rows;
/** `?` placeholders as PostgreSQL's numbered ones, after the first `from`. */
function numbered(sql: string, from: number): string {
  let n = from;
  return sql.replace(/\?/g, () => `$${++n}`);
}
const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;

interface Msg {
  id: string;
  purpose: string;
  channel: string;
  status: string;
  notSentReason: string | null;
  attempts: number;
  lastError: string | null;
  recipient: { kind: string; name: string | null };
  session: { id: string } | null;
  child: { firstName: string; lastInitial: string } | null;
}
const FIELDS = `id purpose channel status notSentReason attempts lastError plannedAt sentAt deliveredAt failedAt
  recipient { kind name } session { id } child { firstName lastInitial }`;
const SESSION = `query($id: ID!) { session(id: $id) { id messages { ${FIELDS} } } }`;
const FAILURES = `query($c: ID!) { centreMessageFailures(centreId: $c) { ${FIELDS} } }`;

async function sessionMessages(
  who: string,
  id = sessionId,
): Promise<GqlResult<{ session: { messages: Msg[] } }>> {
  return api.gql<{ session: { messages: Msg[] } }>(token[who]!, SESSION, { id });
}

/** A message row as the engine leaves it. */
async function message(row: {
  purpose: string;
  kind: 'family_member' | 'carer' | 'staff';
  recipient: string;
  channel?: string;
  status?: string;
  reason?: string | null;
  session?: string | null;
  flag?: string | null;
  centre?: string;
  child?: string;
  error?: string | null;
  attempts?: number;
  failedAt?: Date | null;
}): Promise<string> {
  const [r] = await q(
    `insert into message (id, council_id, dedupe_key, purpose, centre_id, child_id, session_id, flag_id,
       recipient_kind, recipient_id, channel, status, not_sent_reason, attempts, last_error, failed_at, sent_at,
       delivered_at)
     select gen_random_uuid(), c.council_id, gen_random_uuid()::text, $1, $2, c.id, $3, $4, $5, $6, $7, $8, $9, $10,
            $11, $12, case when $8 in ('sent', 'delivered') then now() end, case when $8 = 'delivered' then now() end
       from child c where c.id = $13
     returning id`,
    [
      row.purpose,
      row.centre ?? centreId,
      row.session === undefined ? sessionId : row.session,
      row.flag ?? null,
      row.kind,
      row.recipient,
      row.channel ?? 'email',
      row.status ?? 'delivered',
      row.reason ?? null,
      row.attempts ?? 1,
      row.error ?? null,
      row.failedAt ?? (row.status === 'failed' ? new Date() : null),
      row.child ?? maisie,
    ],
  );
  return r.id as string;
}

beforeAll(async () => {
  api = await startTestApi();
  for (const [key, email] of Object.entries(DEMO)) token[key] = await api.tokenFor(email);
  token.supervisor2 = await api.tokenFor(DEMO.supervisor2);
  const [s] = await q(
    `select s.id, s.starts_at, s.centre_id, s.child_id, s.supervisor_id, c.carer_id, cc.social_worker_id,
            (select family_member_id from child_family_member where child_id = s.child_id limit 1) as family_member_id
       from session s join child c on c.id = s.child_id
       join child_case cc on cc.child_id = c.id and cc.closed_at is null
       join staff_user u on u.id = s.supervisor_id
      where c.first_name = 'Maisie' and s.status = 'scheduled' and u.email = $1
      order by s.starts_at limit 1`,
    [DEMO.supervisor1],
  );
  sessionId = s.id;
  sessionStart = new Date(s.starts_at);
  centreId = s.centre_id;
  maisie = s.child_id;
  person.family = s.family_member_id;
  person.carer = s.carer_id;
  person.socialWorker = s.social_worker_id;
  const [m] = await q(`select id from staff_user where email = $1`, [DEMO.manager]);
  person.manager = m.id;
  const [flag] = await q(
    `insert into safeguarding_flag (id, council_id, centre_id, child_id, session_id, raised_by_id, raised_at,
       acknowledge_by, category, severity, description, status, version)
     select gen_random_uuid(), council_id, centre_id, child_id, id, supervisor_id, now(), now() + interval '1 hour',
            'emotional_harm', 'high', 'A worry during play.', 'open', 1 from session where id = $1
     returning id`,
    [sessionId],
  );
  person.flag = flag.id;

  msg.family = await message({
    purpose: 'session_cancelled_family',
    kind: 'family_member',
    recipient: person.family!,
  });
  msg.carer = await message({
    purpose: 'session_cancelled_carer',
    kind: 'carer',
    recipient: person.carer!,
    channel: 'sms',
    status: 'failed',
    error: 'number not recognised',
    attempts: 3,
  });
  msg.socialWorker = await message({
    purpose: 'session_cancelled_social_worker',
    kind: 'staff',
    recipient: person.socialWorker!,
  });
  msg.flag = await message({
    purpose: 'flag_raised_social_worker',
    kind: 'staff',
    recipient: person.socialWorker!,
    flag: person.flag,
  });
  msg.notReachable = await message({
    purpose: 'session_cancelled_family',
    kind: 'family_member',
    recipient: person.family!,
    channel: 'letter',
    status: 'not_sent',
    reason: 'no_contact_details',
    attempts: 0,
  });
  msg.doNotContact = await message({
    purpose: 'session_reminder_family',
    kind: 'family_member',
    recipient: person.family!,
    status: 'not_sent',
    reason: 'do_not_contact',
    attempts: 0,
  });
});
afterAll(async () => {
  await api?.close();
});

describe('a session’s messages', () => {
  it('shows the manager every message of a session at their centre, each recipient in words they may see', async () => {
    const r = await sessionMessages('manager');
    expect(r.errors).toBeUndefined();
    const list = r.data!.session.messages;
    const byId = new Map(list.map((m) => [m.id, m]));
    const [family] = await q(
      `select first_name || ' ' || last_name as name from family_member where id = $1`,
      [person.family],
    );
    expect(byId.get(msg.family!)).toMatchObject({
      purpose: 'SESSION_CANCELLED_FAMILY',
      channel: 'EMAIL',
      status: 'DELIVERED',
      recipient: { kind: 'FAMILY_MEMBER', name: family.name },
      session: { id: sessionId },
      child: { firstName: 'Maisie', lastInitial: 'C' },
    });
    expect(byId.get(msg.carer!)).toMatchObject({
      channel: 'TEXT_MESSAGE',
      status: 'FAILED',
      attempts: 3,
      lastError: 'number not recognised',
      recipient: { kind: 'CARER', name: null },
    });
    expect(byId.get(msg.socialWorker!)?.recipient).toEqual({ kind: 'STAFF', name: 'Aisha Khan' });
    expect(byId.get(msg.doNotContact!)).toMatchObject({
      status: 'NOT_SENT',
      notSentReason: 'DO_NOT_CONTACT',
    });
    expect(byId.has(msg.flag!)).toBe(true);
  });

  it('never names the carer, nor gives anyone an address, number or email a message went to', async () => {
    const [carer] = await q(`select name, address, phone from carer where id = $1`, [person.carer]);
    const [family] = await q(`select email, phone from family_member where id = $1`, [person.family]);
    for (const who of ['manager', 'socialWorker1', 'integrator', 'supervisor1']) {
      const text = JSON.stringify(await sessionMessages(who));
      expect(text).toContain(msg.carer);
      for (const secret of [carer.name, carer.address, carer.phone, family.email, family.phone].filter(
        Boolean,
      )) {
        expect(text, who).not.toContain(secret);
      }
    }
  });

  it('shows the session’s supervisor the messages to the family and carer, not those to staff', async () => {
    const r = await sessionMessages('supervisor1');
    expect(r.errors).toBeUndefined();
    const ids = r.data!.session.messages.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([msg.family, msg.carer, msg.notReachable]));
    expect(ids).not.toContain(msg.socialWorker);
    expect(ids).not.toContain(msg.flag);
  });

  it('shows the child’s social worker and the council’s integration everything, and no one else anything', async () => {
    for (const who of ['socialWorker1', 'integrator']) {
      const r = await sessionMessages(who);
      expect(r.errors, who).toBeUndefined();
      expect(r.data!.session.messages.map((m) => m.id).sort(), who).toEqual(Object.values(msg).sort());
    }
    for (const who of ['socialWorker3', 'supervisor2', 'otherManager', 'admin']) {
      const r = await sessionMessages(who);
      expect(['NOT_FOUND', 'FORBIDDEN'], who).toContain(code(r));
      expect(JSON.stringify(r)).not.toContain(msg.family);
    }
  });

  it('keeps a message about a flag from a viewer who sees the session but may not read the flag', async () => {
    // The flag moved to another centre's record: the session's manager no longer reads it, so not its message.
    const [other] = await q(
      `insert into centre (id, council_id, name, address, opening_hours)
       select gen_random_uuid(), council_id, 'Elsewhere', '1 Other Road', opening_hours from centre where id = $1
       returning id`,
      [centreId],
    );
    await q(`update safeguarding_flag set centre_id = $2 where id = $1`, [person.flag, other.id]);
    try {
      const ids = (await sessionMessages('manager')).data!.session.messages.map((m) => m.id);
      expect(ids).toContain(msg.family);
      expect(ids).not.toContain(msg.flag);
    } finally {
      await q(`update safeguarding_flag set centre_id = $2 where id = $1`, [person.flag, centreId]);
    }
  });

  it('writes each read of a child’s messages to the access log', async () => {
    const [sw] = await q(`select id from staff_user where email = $1`, [DEMO.socialWorker1]);
    const before = await q(
      `select count(*)::int as n from access_log where user_id = $1 and child_id = $2
      and 'messages' = any(fields)`,
      [sw.id, maisie],
    );
    await sessionMessages('socialWorker1');
    const after = await q(
      `select count(*)::int as n, max(reason) as reason from access_log where user_id = $1
      and child_id = $2 and 'messages' = any(fields)`,
      [sw.id, maisie],
    );
    expect(after[0].n).toBe(before[0].n + 1);
    expect(after[0].reason).toBe('messages read');
  });

  it('agrees, as SQL, with who `session(id)` answers for, for every session and every kind of viewer', async () => {
    // A session with a second member of staff, late one evening when the demo books nothing.
    await q(
      `insert into session (id, council_id, centre_id, room_id, supervisor_id, second_staff_id, agreement_id, child_id,
         kind, starts_at, ends_at, turnover_minutes, status)
       select gen_random_uuid(), s.council_id, s.centre_id, s.room_id, s.supervisor_id,
              (select id from staff_user where email = $2), s.agreement_id, s.child_id, 'contact',
              date_trunc('day', now()) + interval '40 days 21 hours', date_trunc('day', now()) + interval '40 days 22 hours',
              15, 'scheduled'
         from session s where s.id = $1`,
      [sessionId, DEMO.supervisor2],
    );
    const em = api.db.orm.em.fork();
    const sessions = await q(
      `select id, council_id, centre_id, child_id, supervisor_id, second_staff_id from session
        where council_id = (select council_id from centre where id = $1)`,
      [centreId],
    );
    const emails = [
      DEMO.manager,
      DEMO.supervisor1,
      DEMO.supervisor2,
      DEMO.socialWorker1,
      DEMO.socialWorker3,
      DEMO.integrator,
      DEMO.admin,
    ];
    for (const email of emails) {
      const viewer = await viewerByEmail(api.db, email);
      const sql = sessionSeenSql(viewer, 's');
      const seen = new Set(
        sql
          ? (
              await q(`select s.id from session s where s.council_id = $1 and ${numbered(sql.sql, 1)}`, [
                viewer.councilId,
                ...sql.params,
              ])
            ).map((r) => r.id as string)
          : [],
      );
      for (const s of sessions) {
        const ts = await maySeeSession(em, viewer, {
          centreId: s.centre_id,
          childId: s.child_id,
          supervisorId: s.supervisor_id,
          secondStaffId: s.second_staff_id,
        });
        expect(seen.has(s.id), `${email} ${s.id}`).toBe(ts);
      }
    }
  });
});

describe('the manager’s list of messages that failed', () => {
  it('lists failures and people nobody can reach at the manager’s centre, newest first, never what was meant', async () => {
    const r = await api.gql<{ centreMessageFailures: Msg[] }>(token.manager!, FAILURES, { c: centreId });
    expect(r.errors).toBeUndefined();
    const list = r.data!.centreMessageFailures;
    const ids = list.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([msg.carer, msg.notReachable]));
    expect(ids).not.toContain(msg.family);
    expect(ids).not.toContain(msg.doNotContact);
    expect(list.find((m) => m.id === msg.carer)).toMatchObject({
      purpose: 'SESSION_CANCELLED_CARER',
      lastError: 'number not recognised',
      recipient: { kind: 'CARER', name: null },
      session: { id: sessionId },
      child: { firstName: 'Maisie' },
    });
  });

  it('is the manager’s own centre alone, and for managers alone', async () => {
    expect(code(await api.gql(token.otherManager!, FAILURES, { c: centreId }))).toBe('NOT_FOUND');
    for (const who of ['supervisor1', 'socialWorker1', 'integrator', 'admin']) {
      expect(code(await api.gql(token[who]!, FAILURES, { c: centreId })), who).toBe('FORBIDDEN');
    }
  });

  it('costs the same statements however many failures it lists, and logs each child read', async () => {
    const list = () => api.gql(token.manager!, FAILURES, { c: centreId });
    const before = await countStatements(api, list);
    for (let k = 0; k < 5; k++) {
      await message({
        purpose: 'session_cancelled_carer',
        kind: 'carer',
        recipient: person.carer!,
        status: 'failed',
        error: 'mail server refused',
      });
    }
    const after = await countStatements(api, list);
    expect(after.length).toBe(before.length);
    const [logged] = await q(
      `select l.fields, l.reason from access_log l where l.user_id = $1 and l.child_id = $2 order by l.id desc limit 1`,
      [person.manager, maisie],
    );
    expect(logged).toMatchObject({ fields: ['messages'], reason: 'messages read' });
  });
});

describe('in the child’s history', () => {
  const HISTORY = `query($c: ID!, $first: Int, $to: DateTimeISO) { childHistory(childId: $c, first: $first, to: $to) {
    edges { node { session { id messages { id recipient { kind name } status } } } } } }`;

  it('shows each session’s messages in a fixed number of statements for 5 sessions as for 50', async () => {
    const count = async (first: number) =>
      countStatements(api, async () => {
        // Up to the session with messages, so that every page shows some.
        const r = await api.gql<{
          childHistory: { edges: { node: { session: { id: string; messages: Msg[] } } }[] };
        }>(token.socialWorker1!, HISTORY, { c: maisie, first, to: new Date(sessionStart.getTime() + 1) });
        expect(r.errors).toBeUndefined();
        const entry = r.data!.childHistory.edges.find((e) => e.node.session.id === sessionId);
        expect(entry!.node.session.messages.map((m) => m.id)).toContain(msg.family);
      });
    const small = await count(2);
    const large = await count(50);
    expect(large.length, large.join('\n---\n')).toBe(small.length);
  });
});

describe('beside the child’s history', () => {
  const OUTSIDE = `query($c: ID!) { childHistory(childId: $c, first: 1) {
    messagesOutsideSessions { id purpose channel recipient { kind name } } } }`;

  it('lists the messages about no one session (a suspension notice), not a session’s own', async () => {
    const [agreement] = await q(
      `select id from contact_agreement where child_id = $1 and status = 'active'`,
      [maisie],
    );
    const [notice] = await q(
      `insert into message (id, council_id, dedupe_key, purpose, centre_id, child_id, agreement_id, recipient_kind,
         recipient_id, channel, status, sent_at)
       select gen_random_uuid(), council_id, gen_random_uuid()::text, 'suspension_notice_family', centre_id, child_id,
              id, 'family_member', $2, 'letter', 'sent', now()
         from contact_agreement where id = $1
       returning id`,
      [agreement.id, person.family],
    );
    for (const who of ['socialWorker1', 'manager', 'integrator']) {
      const r = await api.gql<{ childHistory: { messagesOutsideSessions: Msg[] } }>(token[who]!, OUTSIDE, {
        c: maisie,
      });
      expect(r.errors, who).toBeUndefined();
      const ids = r.data!.childHistory.messagesOutsideSessions.map((m) => m.id);
      expect(ids, who).toEqual([notice.id]);
    }
  });
});
