import { chooseChannel, isReminderDue, REMINDER_LOOKAHEAD_MS, type MessageChannel } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer.js';
import { OverdueReportsQuery } from '../../observations/overdue.query.js';
import type { Channels } from '../channel.js';
import type { PlannedMessage } from '../purposes.js';
import { planned, reminderCause } from './plan.js';
import { agreementParticipants, councilLanguages, groupBy, type Recipient } from './recipients.js';

const FAMILY_REMINDER: readonly MessageChannel[] = ['email', 'sms'];
const STAFF_EMAIL: readonly MessageChannel[] = ['email'];

/**
 * How long after a record's due moment its managers are still told that it has gone overdue. The planner runs every
 * few minutes, so this only matters after an outage; a record overdue for longer is already on the manager's desk,
 * and is not announced long after the fact (as with the outbox, messages start from when they were set up).
 */
export const OVERDUE_NOTICE_DAYS = 7;

/**
 * The messages that have fallen due by time at `now`: each family's reminder of a contact session, from 10:00 the
 * day before it (with their own arrival time), unless they have already said they cannot come; and each record gone
 * overdue, to its centre's managers. Their keys name
 * the session and its start, or the record, so a second call plans nothing new, and a session moved to another day is
 * reminded again for its new time.
 */
export async function planDue(
  em: EntityManager,
  now: Date,
  channels: Pick<Channels, 'supports'>,
): Promise<PlannedMessage[]> {
  const supports = (c: MessageChannel) => channels.supports(c);
  return [...(await reminders(em, now, supports)), ...(await overdueRecords(em, now, supports))];
}

async function reminders(
  em: EntityManager,
  now: Date,
  supports: (c: MessageChannel) => boolean,
): Promise<PlannedMessage[]> {
  const rows = await em.execute<
    {
      id: string;
      council_id: string;
      centre_id: string;
      child_id: string;
      agreement_id: string;
      starts_at: Date;
    }[]
  >(
    `select s.id, s.council_id, s.centre_id, s.child_id, s.agreement_id, s.starts_at
       from session s join contact_agreement a on a.id = s.agreement_id
      where s.status = 'scheduled' and s.kind = 'contact' and a.status = 'active'
        and s.starts_at > ? and s.starts_at <= ?
        -- The family already said they cannot come: no reminder to arrive.
        and not exists (select 1 from absence_notice n where n.session_id = s.id)
      order by s.starts_at, s.id`,
    [now, new Date(now.getTime() + REMINDER_LOOKAHEAD_MS)],
  );
  const due = rows.filter((r) => isReminderDue(new Date(r.starts_at), now));
  if (due.length === 0) return [];
  const languages = await councilLanguages(
    em,
    due.map((r) => r.council_id),
  );
  const families = await agreementParticipants(
    em,
    due.map((r) => r.agreement_id),
  );
  return due.flatMap((r) => {
    const startsAt = new Date(r.starts_at);
    const cause = {
      councilId: r.council_id,
      key: reminderCause(r.id, startsAt),
      eventId: null,
      languages: languages.get(r.council_id) ?? 'en',
      about: { centreId: r.centre_id, childId: r.child_id, sessionId: r.id, agreementId: r.agreement_id },
    };
    return (families.get(r.agreement_id) ?? []).map((p) =>
      planned(cause, 'session_reminder_family', p, chooseChannel(p, FAMILY_REMINDER, supports)),
    );
  });
}

/**
 * Records gone overdue, to each active manager of the session's centre: the same list the manager's desk shows
 * (observations/overdue.query.ts, through the access rules), read once per centre that has a manager.
 */
async function overdueRecords(
  em: EntityManager,
  now: Date,
  supports: (c: MessageChannel) => boolean,
): Promise<PlannedMessage[]> {
  const managers = await em.execute<
    {
      id: string;
      council_id: string;
      centre_id: string;
      name: string;
      email: string;
      mobile: string | null;
    }[]
  >(
    `select u.id, u.council_id, u.centre_id, u.name, u.email, u.mobile
       from staff_user u where u.role = 'centre_manager' and u.active and u.centre_id is not null
      order by u.centre_id, u.id`,
  );
  if (managers.length === 0) return [];
  const byCentre = groupBy(managers, (m) => m.centre_id);
  const languages = await councilLanguages(
    em,
    managers.map((m) => m.council_id),
  );
  const since = now.getTime() - OVERDUE_NOTICE_DAYS * 86_400_000;
  const out: PlannedMessage[] = [];
  for (const [centreId, staff] of byCentre) {
    const first = staff[0]!;
    const viewer: Viewer = {
      userId: first.id,
      councilId: first.council_id,
      role: 'centre_manager',
      centreId,
      name: first.name,
    };
    const records = await new OverdueReportsQuery(em, viewer, now).forCentre(centreId);
    for (const r of records) {
      if (r.dueAt.getTime() < since) continue;
      const cause = {
        councilId: first.council_id,
        key: `record:${r.sessionId}`,
        eventId: null,
        languages: languages.get(first.council_id) ?? 'en',
        about: {
          centreId,
          childId: r.childId,
          sessionId: r.sessionId,
          agreementId: r.session.agreementId,
          observationId: r.observationId,
        },
      };
      for (const m of staff) {
        const to: Recipient = {
          kind: 'staff',
          id: m.id,
          email: m.email,
          phone: m.mobile,
          address: null,
          contactBy: null,
          doNotContact: false,
        };
        out.push(planned(cause, 'record_overdue_manager', to, chooseChannel(to, STAFF_EMAIL, supports)));
      }
    }
  }
  return out;
}
