import { addDaysToDateKey, formatLondonDate, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from './api.js';
import {
  startNotifyEndpoint,
  startSmtpServer,
  type NotifySent,
  type NotifyTestEndpoint,
  type SmtpTestServer,
} from './support/mail-servers.js';

/**
 * Messages outside the dashboard, as a council sees them (docs/notifications.md, "How it was proved"): the real API
 * with its message engine on, email through a mail server and text messages and letters through GOV.UK Notify (both
 * real servers on this machine), and every change made through GraphQL as the staff make it. One child's week: an
 * absence notice tells the social worker; a cancellation the family was not told of tells them, and the session shows
 * it; three unexplained no-shows suspend contact, and the parent is sent the written notice by letter and by email,
 * the social worker an email; a flag raised tells the social worker, and one left unacknowledged the managers.
 */

const WAIT = 90_000;
const STEP_TIMEOUT = 180_000;
const HOUR = 3_600_000;

let api: TestApi;
let smtp: SmtpTestServer;
let notify: NotifyTestEndpoint;
let manager: string;
let socialWorker: string;

interface Story {
  childId: string;
  child: string;
  agreementId: string;
  swEmail: string;
  parentId: string;
  parentName: string;
  carer: { name: string; address: string; phone: string };
  upcoming: { id: string; version: number; starts_at: Date; room_id: string; supervisor_id: string }[];
}
let story: Story;

const PARENT = {
  email: 'jo.parent@family.example',
  address: '14 Elm Terrace, Coxford, CX2 5QT',
  mobile: '07700 900555',
};
const MANAGER_MOBILE = '07700 900777';
/** The child's independent reviewing officer, as the social worker records them on the case. */
const IRO = { name: 'Rae Reviewer', email: 'rae.iro@coxford.example' };

async function eventually<T>(read: () => T | Promise<T>, check: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`still not as expected: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The emails to `to` whose subject matches, once there is at least one. */
const emailsTo = (to: string, subject: RegExp) =>
  eventually(
    () => smtp.messages.filter((e) => e.to.includes(to) && subject.test(e.subject)),
    (list) => list.length > 0,
  );

/** What Notify was sent of a type, matching `match`, once there is at least one. */
const notifySent = (type: NotifySent['type'], match: (n: NotifySent) => boolean) =>
  eventually(
    () => notify.sent.filter((n) => n.type === type && match(n)),
    (list) => list.length > 0,
  );

/** Nothing of the carer's: not their name, their address or their telephone. */
function expectNoCarer(text: string) {
  expect(text).not.toContain(story.carer.name);
  expect(text).not.toContain(story.carer.address);
  expect(text).not.toContain(story.carer.phone);
}

const gqlOk = async <T>(token: string, query: string, variables?: Record<string, unknown>) => {
  const r = await api.gql<T>(token, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  notify = await startNotifyEndpoint();
  api = await startTestApi({
    env: {
      KINROOM_MESSAGE_ENGINE: 'true',
      KINROOM_SMTP_URL: smtp.url,
      KINROOM_MAIL_FROM: 'Kinroom <kinroom@coxford.example>',
      KINROOM_EMAIL_VIA: 'smtp',
      KINROOM_NOTIFY_API_KEY: notify.apiKey,
      KINROOM_NOTIFY_BASE_URL: notify.baseUrl,
      KINROOM_NOTIFY_SMS_TEMPLATE_ID: notify.templateIds.sms,
      KINROOM_NOTIFY_LETTER_TEMPLATE_ID: notify.templateIds.letter,
    },
  });
  manager = await api.tokenFor(DEMO.manager);

  // A child at the manager's centre with an active agreement, a parent taking part, a social worker with an email,
  // two sessions booked ahead, and no absence as the last recorded outcome (so that three no-shows make three strikes);
  // the one whose last recorded session is longest ago, so that three more fit between it and now.
  const row = (
    await api.db.sql(
      `select ch.id as child_id, ch.first_name || ' ' || ch.last_name as child, a.id as agreement_id,
              sw.email as sw_email, fm.id as parent_id, fm.first_name || ' ' || fm.last_name as parent_name,
              car.name as carer_name, car.address as carer_address, car.phone as carer_phone
         from child ch
         join contact_agreement a on a.child_id = ch.id and a.status = 'active'
         join centre c on c.id = a.centre_id
         join staff_user m on m.email = $1 and m.centre_id = c.id
         join child_case cc on cc.child_id = ch.id and cc.closed_at is null
         join staff_user sw on sw.id = cc.social_worker_id and sw.active and sw.email is not null
         join agreement_participant p on p.agreement_id = a.id
         join family_member fm on fm.id = p.family_member_id
         join carer car on car.id = ch.carer_id
        where (select count(*) from session s where s.agreement_id = a.id and s.status = 'scheduled'
                  and s.kind = 'contact' and s.starts_at > now() + interval '1 day') >= 2
          and (select count(*) from agreement_participant p2 where p2.agreement_id = a.id) = 1
          and coalesce((select at.outcome from attendance at join session s on s.id = at.session_id
                         where s.agreement_id = a.id order by s.starts_at desc limit 1), 'attended')
              in ('attended', 'late_within_grace', 'centre_cancelled')
        order by (select max(s.starts_at) from attendance at join session s on s.id = at.session_id
                   where s.agreement_id = a.id) nulls first, ch.id
        limit 1`,
      [DEMO.manager],
    )
  ).rows[0];
  expect(row, 'the demo week has a child to follow').toBeDefined();
  const upcoming = (
    await api.db.sql(
      `select id, version, starts_at, room_id, supervisor_id from session
        where agreement_id = $1 and status = 'scheduled' and kind = 'contact' and starts_at > now() + interval '1 day'
        order by starts_at`,
      [row.agreement_id],
    )
  ).rows;
  story = {
    childId: row.child_id,
    child: row.child,
    agreementId: row.agreement_id,
    swEmail: row.sw_email,
    parentId: row.parent_id,
    parentName: row.parent_name,
    carer: { name: row.carer_name, address: row.carer_address, phone: row.carer_phone },
    upcoming,
  };
  socialWorker = await api.tokenFor(story.swEmail);

  // The social worker records the parent's email, address and mobile, as the family's record is kept.
  const parent = (
    await api.db.sql('select first_name, last_name from family_member where id = $1', [story.parentId])
  ).rows[0];
  await gqlOk(
    socialWorker,
    `mutation($input: FamilyMemberInput!) { saveFamilyMember(input: $input) { id } }`,
    {
      input: {
        id: story.parentId,
        firstName: parent.first_name,
        lastName: parent.last_name,
        phone: PARENT.mobile,
        email: PARENT.email,
        address: PARENT.address,
        contactBy: 'EMAIL',
      },
    },
  );
  // The social worker records the child's independent reviewing officer on the case.
  await gqlOk(
    socialWorker,
    `mutation($c: ID!, $name: String, $email: String) { setReviewingOfficer(childId: $c, name: $name, email: $email) { id } }`,
    { c: story.childId, ...IRO },
  );
  // The centre's managers have a mobile for the escalation's text message (set where staff accounts are kept).
  await api.db.sql('update staff_user set mobile = $1 where email = $2', [MANAGER_MOBILE, DEMO.manager]);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await smtp?.close();
  await notify?.close();
});

describe('messages outside the dashboard, through the real API', () => {
  it(
    'an absence notice sends the child’s social worker an email naming the child and the session',
    async () => {
      const s = story.upcoming[0]!;
      await gqlOk(
        manager,
        `mutation($input: RecordAbsenceNoticeInput!) { recordAbsenceNotice(input: $input) { id } }`,
        {
          input: {
            sessionId: s.id,
            givenBy: `${story.parentName} (parent)`,
            reason: 'A hospital appointment that cannot be moved.',
            receivedAt: new Date(Date.now() - 60_000).toISOString(),
          },
        },
      );
      const [email, ...more] = await emailsTo(story.swEmail, /^Absence notice/);
      expect(more).toHaveLength(0);
      expect(email!.to).toEqual([story.swEmail]);
      expect(email!.subject).toBe(`Absence notice: ${story.child}, ${formatLondonDate(s.starts_at)}`);
      expect(email!.text).toContain(story.child);
      expect(email!.text).toContain('Coxford Road');
      expect(email!.text).toContain(formatLondonDate(s.starts_at));
      expect(email!.text).toContain('A hospital appointment that cannot be moved.');
      expectNoCarer(`${email!.subject}\n${email!.text}`);
    },
    STEP_TIMEOUT,
  );

  it(
    'a cancellation the family was not told of sends them a message, and the session shows them told by it',
    async () => {
      const s = story.upcoming[1]!;
      await gqlOk(manager, `mutation($input: CancelSessionInput!) { cancelSession(input: $input) { id } }`, {
        input: { sessionId: s.id, expectedVersion: s.version, reason: 'OTHER', note: 'The room is flooded.' },
      });
      const [email] = await emailsTo(PARENT.email, /cancelled/);
      expect(email!.to).toEqual([PARENT.email]);
      expect(email!.text).toContain(formatLondonDate(s.starts_at));
      expect(email!.text).toContain('Coxford Road');
      expectNoCarer(`${email!.subject}\n${email!.text}`);
      // The centre's own note may name anyone: it stays inside Kinroom.
      expect(email!.text).not.toContain('flooded');

      type Read = {
        session: {
          familyInformedVia: string | null;
          cancellation: { familyInformedAt: string | null };
          messages: { purpose: string; channel: string; status: string; sentAt: string | null }[];
        };
      };
      const read = () =>
        gqlOk<Read>(
          manager,
          `query($id: ID!) { session(id: $id) { familyInformedVia cancellation { familyInformedAt }
           messages { purpose channel status sentAt } } }`,
          { id: s.id },
        );
      const { session } = await eventually(read, (r) => r.session.familyInformedVia !== null);
      const family = session.messages.filter((m) => m.purpose === 'SESSION_CANCELLED_FAMILY');
      // The mail server accepting it is the last word SMTP gives: sent, and the family told at that moment.
      expect(family).toEqual([expect.objectContaining({ channel: 'EMAIL', status: 'SENT' })]);
      expect(session.familyInformedVia).toBe('KINROOM_MESSAGE');
      expect(session.cancellation.familyInformedAt).toBe(family[0]!.sentAt);
    },
    STEP_TIMEOUT,
  );

  it(
    'a third unexplained no-show sends the parent the suspension notice by letter and email, and the social worker an email',
    async () => {
      // Three sessions booked ahead under the agreement, in the child's room and with their supervisor.
      const { room_id: roomId, supervisor_id: supervisorId } = story.upcoming[0]!;
      const booked: string[] = [];
      for (const days of [21, 28, 35]) {
        const startsAt = eveningAhead(days);
        const r = await gqlOk<{ bookSession: { id: string } }>(
          manager,
          `mutation($input: BookSessionInput!) { bookSession(input: $input) { id } }`,
          {
            input: {
              agreementId: story.agreementId,
              roomId,
              supervisorId,
              kind: 'CONTACT',
              startsAt: startsAt.toISOString(),
              endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
            },
          },
        );
        booked.push(r.bookSession.id);
      }
      // Time passes: they are moved to times since the last session recorded, with the room and the supervisor free an
      // hour either side, as if held then.
      for (const [k, at] of (
        await freeSlotsSinceLastRecorded(roomId, supervisorId, booked.length)
      ).entries()) {
        await api.db.sql(`update session set starts_at = $2, ends_at = $3 where id = $1`, [
          booked[k],
          at,
          new Date(at.getTime() + HOUR),
        ]);
      }
      const moved = (
        await api.db.sql('select id, version, starts_at from session where id = any($1) order by starts_at', [
          booked,
        ])
      ).rows as { id: string; version: number; starts_at: Date }[];
      expect(moved.every((m) => m.starts_at.getTime() < Date.now())).toBe(true);
      for (const m of moved) {
        await gqlOk(
          manager,
          `mutation($input: RecordSessionStepInput!) { recordSessionStep(input: $input) { status } }`,
          { input: { sessionId: m.id, expectedVersion: m.version, step: 'RECORD_NO_SHOW' } },
        );
      }
      const notice = (
        await api.db.sql(
          `select n.decision, n.reasons, n.duration, n.parent_actions, a.status from suspension_notice n
           join contact_agreement a on a.id = n.agreement_id where n.agreement_id = $1`,
          [story.agreementId],
        )
      ).rows[0] as {
        decision: string;
        reasons: string[];
        duration: string;
        parent_actions: string[];
        status: string;
      };
      expect(notice.status).toBe('suspended');

      // The letter, through Notify: addressed to the parent at their address, with the whole decision.
      const [letter, ...moreLetters] = await notifySent('letter', (n) =>
        /Contact suspended/.test(n.personalisation.subject ?? ''),
      );
      expect(moreLetters).toHaveLength(0);
      expect(letter!.address).toEqual([story.parentName, '14 Elm Terrace', 'Coxford', 'CX2 5QT']);
      const body = letter!.personalisation.body!;
      expect(body).toContain(notice.decision);
      for (const reason of notice.reasons) expect(body).toContain(reason);
      expect(body).toContain(notice.duration);
      for (const action of notice.parent_actions) expect(body).toContain(action);
      expectNoCarer(body);

      // And by email, the parent's preferred way, at once: the same notice.
      const [email] = await emailsTo(PARENT.email, /^Contact suspended: written notice$/);
      expect(email!.text).toContain(notice.decision);
      expect(email!.text).toContain(notice.duration);
      expectNoCarer(email!.text);

      // The social worker's email names the child.
      const [sw] = await emailsTo(story.swEmail, /^Contact suspended:/);
      expect(sw!.subject).toBe(`Contact suspended: ${story.child}`);

      // The child's reviewing officer is told too: the child, the decision, the notice's reasons and how long; not a
      // Kinroom user, so no link; never a word of the carer.
      const [iro, ...moreToIro] = await emailsTo(IRO.email, /^Contact suspended:/);
      expect(moreToIro).toHaveLength(0);
      expect(iro!.subject).toBe(`Contact suspended: ${story.child}`);
      expect(iro!.text).toContain(`Dear ${IRO.name},`);
      expect(iro!.text).toContain(notice.decision);
      for (const reason of notice.reasons) expect(iro!.text).toContain(reason);
      expect(iro!.text).toContain(notice.duration);
      expect(iro!.text).not.toMatch(/https?:/);
      expectNoCarer(iro!.text);
      // The child's history shows the social worker who was told: the reviewing officer, by name, not an address.
      const history = await gqlOk<{
        childHistory: {
          messagesOutsideSessions: { purpose: string; recipient: { kind: string; name: string } }[];
        };
      }>(
        socialWorker,
        `query($c: ID!) { childHistory(childId: $c, first: 1) { messagesOutsideSessions { purpose recipient { kind name } } } }`,
        { c: story.childId },
      );
      const told = history.childHistory.messagesOutsideSessions.filter(
        (m) => m.purpose === 'SUSPENSION_NOTICE_REVIEWING_OFFICER',
      );
      expect(told).toEqual([
        {
          purpose: 'SUSPENSION_NOTICE_REVIEWING_OFFICER',
          recipient: { kind: 'REVIEWING_OFFICER', name: IRO.name },
        },
      ]);
    },
    STEP_TIMEOUT,
  );

  it(
    'a flag raised emails the social worker; one left unacknowledged emails and texts the managers',
    async () => {
      const RAISE = `mutation($i: RaiseFlagInput!) { raiseFlag(input: $i) { id } }`;
      const description = 'Said something worrying about the weekend at home.';
      await gqlOk(manager, RAISE, {
        i: { childId: story.childId, category: 'EMOTIONAL_HARM', severity: 'MEDIUM', description },
      });
      const [raised] = await emailsTo(story.swEmail, /^Safeguarding flag raised/);
      expect(raised!.subject).toBe(`Safeguarding flag raised: ${story.child}`);
      // What happened stays behind Kinroom's access rules.
      expect(raised!.text).not.toContain(description);

      const high = await gqlOk<{ raiseFlag: { id: string } }>(manager, RAISE, {
        i: {
          childId: story.childId,
          category: 'NEGLECT',
          severity: 'HIGH',
          description: 'Arrived with a bruise.',
        },
      });
      // Time passes: its deadline to be acknowledged goes by with nobody acknowledging it.
      await api.db.sql(
        `update safeguarding_flag
          set raised_at = raised_at - interval '1 day', acknowledge_by = acknowledge_by - interval '1 day'
        where id = $1`,
        [high.raiseFlag.id],
      );
      const [escalated] = await emailsTo(DEMO.manager, /^Safeguarding flag escalated/);
      expect(escalated!.subject).toBe(`Safeguarding flag escalated: ${story.child}`);
      expect(escalated!.text).not.toContain('bruise');
      const [text] = await notifySent('sms', (n) => n.to === MANAGER_MOBILE);
      expect(text!.personalisation.body).toMatch(/not acknowledged in time/);
      expect(text!.personalisation.body).not.toContain('bruise');
      // A text may show on a locked phone: the child by first name and initial.
      const [first, last] = story.child.split(' ') as [string, string];
      expect(text!.personalisation.body).toContain(`${first} ${last[0]}.`);
      expect(text!.personalisation.body).not.toContain(last);
    },
    STEP_TIMEOUT,
  );
});

/** A weekday at 18:00 London, `days` ahead. */
function eveningAhead(days: number): Date {
  let key = addDaysToDateKey(londonDateKey(new Date()), days);
  while ([0, 6].includes(new Date(`${key}T12:00:00Z`).getUTCDay())) key = addDaysToDateKey(key, 1);
  return fromLondonDateKey(key, '18:00');
}

/**
 * `count` hour-long times, oldest first, after the agreement's last recorded session and before now, each with the
 * room and the supervisor free from an hour before to an hour after.
 */
async function freeSlotsSinceLastRecorded(
  roomId: string,
  supervisorId: string,
  count: number,
): Promise<Date[]> {
  const last = (
    await api.db.sql(
      `select max(s.ends_at) as at from session s join attendance a on a.session_id = s.id
        where s.agreement_id = $1 and s.starts_at < now()`,
      [story.agreementId],
    )
  ).rows[0].at as Date | null;
  const busy = (
    await api.db.sql(
      `select starts_at, ends_at from session
        where status <> 'cancelled' and (room_id = $1 or supervisor_id = $2) and ends_at > now() - interval '4 days'`,
      [roomId, supervisorId],
    )
  ).rows as { starts_at: Date; ends_at: Date }[];
  const slots: Date[] = [];
  const floor = (last?.getTime() ?? Date.now() - 72 * HOUR) + HOUR;
  for (let at = Date.now() - 2 * HOUR; at >= floor && slots.length < count; at -= HOUR / 2) {
    const clear = busy.every(
      (b) => b.ends_at.getTime() + HOUR <= at || b.starts_at.getTime() >= at + 2 * HOUR,
    );
    const apart = slots.every((t) => Math.abs(t.getTime() - at) >= 3 * HOUR);
    if (clear && apart) slots.push(new Date(at));
  }
  expect(slots, 'free times since the last recorded session').toHaveLength(count);
  return slots.reverse();
}
