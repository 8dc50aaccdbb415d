import type { ContactDetails } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { idArray } from '../../db/pg-array.js';
import type { ContactChannel, MessageLanguages, RecipientKind } from '../contact.js';

/**
 * The people messages go to, read for a whole batch at once: each read takes every id of the batch in one statement,
 * so planning a thousand events costs the same handful of statements as planning one.
 */

/** A recipient as the channel rule reads them, with who they are. */
export interface Recipient extends ContactDetails {
  kind: RecipientKind;
  id: string;
}

/** A participant of an agreement: a family member, and whether they hold parental responsibility for the child. */
export interface Participant extends Recipient {
  parentalResponsibility: boolean;
}

interface PersonRow {
  id: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  contact_by: ContactChannel | null;
  do_not_contact: boolean;
}

function person(kind: RecipientKind, r: PersonRow): Recipient {
  return {
    kind,
    id: r.id,
    email: r.email,
    phone: r.phone,
    address: r.address,
    contactBy: r.contact_by,
    doNotContact: r.do_not_contact,
  };
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Each council's choice of languages for its messages. */
export async function councilLanguages(
  em: EntityManager,
  councilIds: Iterable<string>,
): Promise<Map<string, MessageLanguages>> {
  const ids = idArray(councilIds);
  if (!ids) return new Map();
  const rows = await em.execute<{ id: string; message_languages: MessageLanguages }[]>(
    'select id, message_languages from council where id = any(?::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.message_languages]));
}

/**
 * Each child's social worker: the active member of staff holding the child's open case (the caseload of
 * docs/access.md). A child without one has nobody to tell.
 */
export async function socialWorkers(
  em: EntityManager,
  childIds: Iterable<string | null>,
): Promise<Map<string, Recipient>> {
  const ids = idArray(childIds);
  if (!ids) return new Map();
  const rows = await em.execute<(PersonRow & { child_id: string })[]>(
    `select c.child_id, u.id, u.email, u.mobile as phone, null as address, null as contact_by,
            false as do_not_contact
       from child_case c join staff_user u on u.id = c.social_worker_id
      where c.child_id = any(?::uuid[]) and c.closed_at is null and u.active
      order by c.opened_at desc`,
    [ids],
  );
  const out = new Map<string, Recipient>();
  for (const r of rows) if (!out.has(r.child_id)) out.set(r.child_id, person('staff', r));
  return out;
}

/**
 * Each child's independent reviewing officer, as recorded on the child's open case (the recipient is the case: an IRO
 * is not a Kinroom user). A child with an open case always has one to plan for: with no email recorded, the message
 * is stored as not sent (no contact details), so the record shows the IRO was not told. No open case, no message.
 */
export async function reviewingOfficers(
  em: EntityManager,
  childIds: Iterable<string | null>,
): Promise<Map<string, Recipient>> {
  const ids = idArray(childIds);
  if (!ids) return new Map();
  const rows = await em.execute<(PersonRow & { child_id: string })[]>(
    `select c.child_id, c.id, c.reviewing_officer_email as email, null as phone, null as address,
            null as contact_by, false as do_not_contact
       from child_case c
      where c.child_id = any(?::uuid[]) and c.closed_at is null`,
    [ids],
  );
  return new Map(rows.map((r) => [r.child_id, person('reviewing_officer', r)]));
}

/** Each centre's active managers, ordered by id so that plans come out the same every time. */
export async function centreManagers(
  em: EntityManager,
  centreIds: Iterable<string | null>,
): Promise<Map<string, Recipient[]>> {
  const ids = idArray(centreIds);
  if (!ids) return new Map();
  const rows = await em.execute<(PersonRow & { centre_id: string })[]>(
    `select u.centre_id, u.id, u.email, u.mobile as phone, null as address, null as contact_by,
            false as do_not_contact
       from staff_user u
      where u.centre_id = any(?::uuid[]) and u.role = 'centre_manager' and u.active
      order by u.id`,
    [ids],
  );
  const out = new Map<string, Recipient[]>();
  for (const [centreId, list] of groupBy(rows, (r) => r.centre_id)) {
    out.set(
      centreId,
      list.map((r) => person('staff', r)),
    );
  }
  return out;
}

/** Each agreement's participants (the family members it is with), ordered by id. */
export async function agreementParticipants(
  em: EntityManager,
  agreementIds: Iterable<string | null>,
): Promise<Map<string, Participant[]>> {
  const ids = idArray(agreementIds);
  if (!ids) return new Map();
  const rows = await em.execute<(PersonRow & { agreement_id: string; parental_responsibility: boolean })[]>(
    `select p.agreement_id, f.id, f.email, f.phone, f.address, f.contact_by, f.do_not_contact,
            coalesce(l.parental_responsibility, false) as parental_responsibility
       from agreement_participant p
       join contact_agreement a on a.id = p.agreement_id
       join family_member f on f.id = p.family_member_id
       left join child_family_member l on l.child_id = a.child_id and l.family_member_id = f.id
      where p.agreement_id = any(?::uuid[])
      order by f.id`,
    [ids],
  );
  const out = new Map<string, Participant[]>();
  for (const [agreementId, list] of groupBy(rows, (r) => r.agreement_id)) {
    out.set(
      agreementId,
      list.map((r) => ({ ...person('family_member', r), parentalResponsibility: r.parental_responsibility })),
    );
  }
  return out;
}

/** Each child's carer, where the child has one. */
export async function childCarers(
  em: EntityManager,
  childIds: Iterable<string | null>,
): Promise<Map<string, Recipient>> {
  const ids = idArray(childIds);
  if (!ids) return new Map();
  const rows = await em.execute<(PersonRow & { child_id: string })[]>(
    `select ch.id as child_id, c.id, c.email, c.phone, c.address, c.contact_by, c.do_not_contact
       from child ch join carer c on c.id = ch.carer_id
      where ch.id = any(?::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.child_id, person('carer', r)]));
}

/** A cancelled session as the cancellation messages need it. */
export interface CancelledSession {
  id: string;
  agreementId: string;
  /**
   * Cancelled because its agreement stopped (ended, or suspended after three strikes) rather than by the centre:
   * the agreement's change stamps its own moment (`ended_at`, the suspension notice's `issued_at`) on every session
   * it cancels, in the same transaction, so the two moments are equal exactly then.
   */
  agreementStopped: boolean;
}

/** The sessions named, as cancelled now. */
export async function cancelledSessions(
  em: EntityManager,
  sessionIds: Iterable<string | null>,
): Promise<Map<string, CancelledSession>> {
  const ids = idArray(sessionIds);
  if (!ids) return new Map();
  const rows = await em.execute<{ id: string; agreement_id: string; agreement_stopped: boolean }[]>(
    `select s.id, s.agreement_id,
            (a.status = 'ended' and s.cancelled_at = a.ended_at)
            or (a.status = 'suspended' and exists (
                  select 1 from suspension_notice n
                   where n.agreement_id = a.id and n.issued_at = s.cancelled_at)) as agreement_stopped
       from session s join contact_agreement a on a.id = s.agreement_id
      where s.id = any(?::uuid[]) and s.status = 'cancelled'`,
    [ids],
  );
  return new Map(
    rows.map((r) => [r.id, { id: r.id, agreementId: r.agreement_id, agreementStopped: r.agreement_stopped }]),
  );
}
