import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../test/database.js';
import { messageRows, messagesDatabase, raiseFlags } from '../../test/messages.js';
import { startApiProcess, type ApiProcess } from '../../test/processes.js';
import {
  startNotifyEndpoint,
  startSmtpServer,
  type NotifyTestEndpoint,
  type SmtpTestServer,
} from '../../test/support/mail-servers.js';

/**
 * Exactly once, through a crash (docs/notifications.md, "Exactly once, and its honest limits"): the real API runs as
 * its own process with messages on, 200 messages are planned, the process is killed with SIGKILL in the middle of
 * sending them, and started again. Every message arrives, and every row ends `sent`: through GOV.UK Notify exactly
 * once each; by SMTP exactly once each, except that an email whose send the kill interrupted after the mail server
 * accepted it may arrive again, and then only under its own Message-ID.
 */

const BURST = 200;
const MINUTES = 60_000;

let db: TestDatabase;
let smtp: SmtpTestServer;
let notify: NotifyTestEndpoint;
let api: ApiProcess | null = null;

beforeEach(async () => {
  db = await messagesDatabase();
  smtp = await startSmtpServer();
  notify = await startNotifyEndpoint();
});
afterEach(async () => {
  await api?.kill();
  api = null;
  await smtp.close();
  await notify.close();
  await db.drop();
});
afterAll(async () => {
  await api?.kill('SIGKILL');
});

/** Waits until `check` holds, asking every 200 ms; fails after `timeoutMs` saying what it last saw. */
async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`still not as expected: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The burst's messages: a flag raised tells the child's social worker. (The demo's own overdue flags, escalated by
 * the process, call for their managers' messages beside them.) */
const BURST_ROWS = `purpose = 'flag_raised_social_worker'`;

const statusCounts = async () =>
  Object.fromEntries(
    (
      await db.sql(`select status, count(*)::int as n from message where ${BURST_ROWS} group by status`)
    ).rows.map((r: { status: string; n: number }) => [r.status, r.n]),
  ) as Record<string, number>;

/**
 * Kills the process once `received()` has reached `after` while it has sends in hand (rows `sending`), and says how
 * many had arrived and which rows the kill left mid-send.
 */
async function killMidway(received: () => number, after: number) {
  await eventually(
    async () => ({
      received: received(),
      sending: (await db.sql(`select count(*)::int as n from message where status = 'sending'`)).rows[0]
        .n as number,
    }),
    (v) => v.received >= after && v.sending > 0,
    2 * MINUTES,
  );
  await api!.kill('SIGKILL');
  api = null;
  const arrived = received();
  const interrupted = (await messageRows(db, `status = 'sending'`)).map((m) => m.id);
  return { arrived, interrupted };
}

describe('a process killed in the middle of sending', () => {
  it(
    'by GOV.UK Notify: every message delivered exactly once',
    async () => {
      const env = {
        KINROOM_MESSAGE_ENGINE: 'true',
        KINROOM_LOG_LEVEL: 'error',
        KINROOM_NOTIFY_API_KEY: notify.apiKey,
        KINROOM_NOTIFY_BASE_URL: notify.baseUrl,
        KINROOM_NOTIFY_EMAIL_TEMPLATE_ID: notify.templateIds.email,
      };
      await raiseFlags(db, BURST);
      api = await startApiProcess(db.url, env);
      const { arrived } = await killMidway(() => notify.sent.length, 20);
      expect(arrived).toBeLessThan(BURST);

      api = await startApiProcess(db.url, env);
      await eventually(statusCounts, (c) => c.sent === BURST, 4 * MINUTES);
      const rows = await messageRows(db, BURST_ROWS);
      expect(rows).toHaveLength(BURST);
      expect(rows.every((m) => m.provider === 'notify')).toBe(true);

      // Nothing twice: every notification under a reference of its own, and one for each message.
      const references = notify.sent.map((n) => n.reference);
      expect(new Set(references).size).toBe(references.length);
      const ours = notify.sent.filter((n) => rows.some((m) => m.id === n.reference));
      expect(ours).toHaveLength(BURST);
      expect(new Set(ours.map((n) => n.id))).toEqual(new Set(rows.map((m) => m.provider_ref)));
    },
    10 * MINUTES,
  );

  it(
    'by SMTP: every message arrives, and only an interrupted one can arrive again, under its own Message-ID',
    async () => {
      const env = {
        KINROOM_MESSAGE_ENGINE: 'true',
        KINROOM_LOG_LEVEL: 'error',
        KINROOM_SMTP_URL: smtp.url,
        KINROOM_MAIL_FROM: 'Kinroom <kinroom@council.example>',
      };
      await raiseFlags(db, BURST);
      api = await startApiProcess(db.url, env);
      const { arrived, interrupted } = await killMidway(() => smtp.messages.length, 20);
      expect(arrived).toBeLessThan(BURST);

      api = await startApiProcess(db.url, env);
      await eventually(statusCounts, (c) => c.sent === BURST, 4 * MINUTES);
      const rows = await messageRows(db, BURST_ROWS);
      expect(rows).toHaveLength(BURST);

      // Every message arrived under its own Message-ID, the one its row records.
      const copies = new Map<string, number>();
      for (const e of smtp.messages) copies.set(e.messageId, (copies.get(e.messageId) ?? 0) + 1);
      for (const m of rows) {
        expect(m.provider_ref).toContain(m.id);
        expect(copies.get(m.provider_ref!)).toBeGreaterThanOrEqual(1);
      }
      // A second copy only of a message whose send the kill interrupted, never a third, and nothing else twice.
      const twice = rows.filter((m) => copies.get(m.provider_ref!)! > 1);
      for (const m of twice) {
        expect(interrupted).toContain(m.id);
        expect(copies.get(m.provider_ref!)).toBe(2);
      }
      expect([...copies.values()].filter((n) => n > 1)).toHaveLength(twice.length);
    },
    10 * MINUTES,
  );
});
