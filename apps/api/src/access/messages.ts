import type { Viewer } from '../auth/viewer.js';
import {
  CASELOAD_SQL,
  childScopeSql,
  MANAGER_CURRENT_WORK_SQL,
  SUPERVISED_CHILDREN_SQL,
} from './children.js';

/**
 * Who sees the record of a message sent outside the dashboard (docs/access.md "Messages"; docs/notifications.md).
 * A message is seen by whoever sees what it is about, by that record's own rule:
 * - a message about a safeguarding flag (raised, escalated): whoever reads the whole flag (`mayReadFlag`), since a
 *   message about a flag says a flag exists;
 * - else a message about a session (cancelled, a reminder, an absence notice, an overdue record): whoever
 *   `session(id)` answers for (`maySeeSession`);
 * - else a message about an agreement (a suspension notice): whoever reads the agreement (`mayReadAgreement`);
 * - else whoever reads the child's record.
 * And a message to a member of staff (a social worker, a manager) is the council's word to its own staff about the
 * child's work: a supervisor sees only messages to the family and the carer of their own sessions (the family was
 * told), and none to colleagues, unless addressed to themselves.
 *
 * Whoever sees a message sees its recipient as the product words it: a family member's or staff member's name, and
 * "the child's carer" for a carer, never named (docs/access.md "Carers"); never the address, number or email a
 * message went to.
 *
 * Messages are always listed from the database, so the rule is SQL: a condition over a message `m` joined (left) to
 * its session `s`, flag `f` and agreement `a`. Its session and flag branches are the SQL twins of `maySeeSession`
 * and `mayReadFlag`; message.resolver.int.test.ts checks the session branch against its twin for every session and
 * viewer, and that a message about a flag stays from a viewer who sees the session but may not read the flag.
 */
export function messagesSeenSql(viewer: Viewer): ScopeSql | null {
  const session = sessionSeenSql(viewer, 's');
  const flag = flagReadSql(viewer, 'f');
  const agreement = agreementReadSql(viewer, 'a');
  const child = childScopeSql(viewer);
  if (!session || !flag || !agreement || !child) return null;
  const staff =
    viewer.role === 'supervisor'
      ? { sql: `(m.recipient_kind <> 'staff' or m.recipient_id = ?)`, params: [viewer.userId] }
      : { sql: 'true', params: [] };
  return {
    sql: `(case when m.flag_id is not null then ${flag.sql}
               when m.session_id is not null then ${session.sql}
               when m.agreement_id is not null then ${agreement.sql}
               else m.child_id in (${child.sql}) end)
          and ${staff.sql}`,
    params: [...flag.params, ...session.params, ...agreement.params, ...child.params, ...staff.params],
  };
}

type ScopeSql = { sql: string; params: unknown[] };

/**
 * The SQL twin of `maySeeSession` over a session aliased `alias` (of the viewer's council): the manager of its centre
 * while the child has current work there, its supervisor and second member of staff, the child's social worker, the
 * council's integrations. Null for a viewer who sees no session (an admin).
 */
export function sessionSeenSql(viewer: Viewer, alias: string): ScopeSql | null {
  if (viewer.role !== 'supervisor') return childWorkSql(viewer, alias);
  return {
    sql: `(${alias}.supervisor_id = ? or ${alias}.second_staff_id is not distinct from ?)`,
    params: [viewer.userId, viewer.userId],
  };
}

/** The SQL twin of `mayReadFlag` over a flag aliased `alias`. Null for a viewer who reads no flag (an admin). */
function flagReadSql(viewer: Viewer, alias: string): ScopeSql | null {
  switch (viewer.role) {
    case 'centre_manager':
      if (!viewer.centreId) return null;
      return { sql: `(${alias}.centre_id = ?)`, params: [viewer.centreId] };
    case 'supervisor':
      if (!viewer.centreId) return null;
      return {
        sql: `(${alias}.centre_id = ? and ${alias}.child_id in (${SUPERVISED_CHILDREN_SQL}))`,
        params: [viewer.centreId, viewer.userId, viewer.userId],
      };
    default:
      return childWorkSql(viewer, alias);
  }
}

/**
 * `mayReadAgreement` as SQL over an agreement aliased `alias`: the child's social worker, the manager of its centre
 * while the child has current work there, the council's integrations; a supervisor none (`false`).
 */
function agreementReadSql(viewer: Viewer, alias: string): ScopeSql | null {
  if (viewer.role === 'supervisor') return { sql: 'false', params: [] };
  return childWorkSql(viewer, alias);
}

/**
 * What a session, a flag and an agreement (each with `centre_id`, `child_id` and `council_id`, aliased `alias`)
 * share in who sees them: the child's social worker by caseload, the council's integrations by council, and the
 * manager of the record's centre while the child has current work there. Null for an admin, or a manager with no
 * centre; a supervisor is decided by each record's own rule, so never here (null).
 */
function childWorkSql(viewer: Viewer, alias: string): ScopeSql | null {
  switch (viewer.role) {
    case 'centre_manager':
      if (!viewer.centreId) return null;
      return {
        sql: `(${alias}.centre_id = ? and ${alias}.child_id in (${MANAGER_CURRENT_WORK_SQL}))`,
        params: [viewer.centreId, viewer.centreId, viewer.centreId, viewer.centreId],
      };
    case 'social_worker':
      return { sql: `(${alias}.child_id in (${CASELOAD_SQL}))`, params: [viewer.userId] };
    case 'integrator':
      return { sql: `(${alias}.council_id = ?)`, params: [viewer.councilId] };
    case 'supervisor':
    case 'admin':
      return null;
  }
}

/** The joins `messagesSeenSql` reads a message `m` through. */
export const MESSAGE_SUBJECT_JOINS = `left join session s on s.id = m.session_id
  left join safeguarding_flag f on f.id = m.flag_id
  left join contact_agreement a on a.id = m.agreement_id`;
