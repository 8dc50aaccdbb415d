import { supervisionLevelFor, type RiskFactor } from '@kinroom/domain';
import type { AgreementStatus } from './agreement.entity.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertCentre } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../common/errors.js';
import { nameSearch } from '../records/find.query.js';
import type { CentreAgreementType } from './centre-agreements.type.js';

/** The statuses sessions can be booked under: active for any session, draft for a visit or planning meeting. */
export const BOOKABLE_STATUSES: readonly AgreementStatus[] = ['active', 'draft'];

/** The most agreements one search returns. */
export const MAX_CENTRE_AGREEMENTS = 50;

interface Row {
  id: string;
  status: AgreementStatus;
  child_id: string;
  first_name: string;
  last_name: string;
  sessions_per_week: number;
  session_minutes: number;
  risk_factors: RiskFactor[];
}

/**
 * The agreements at a manager's own centre that sessions can be booked under, found by the child's or a
 * participant's name (docs/sessions.md, "Finding an agreement to book under"). Another centre is NOT_FOUND. Every
 * child shown is written to the access log before the answer is given.
 */
export async function centreAgreements(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
  q: { centreId: string; search: string | null; statuses: AgreementStatus[] | null },
): Promise<CentreAgreementType[]> {
  assertCentre(viewer, q.centreId);
  const statuses = q.statuses && q.statuses.length > 0 ? q.statuses : [...BOOKABLE_STATUSES];
  if (statuses.some((s) => !BOOKABLE_STATUSES.includes(s)))
    throw badInput('Only active and draft agreements can be booked under.', { field: 'statuses' });
  const search = q.search ? nameSearch(q.search) : null;
  const rows = await em.execute<Row[]>(
    `select a.id, a.status, a.child_id, c.first_name, c.last_name, a.sessions_per_week, a.session_minutes,
            a.risk_factors
       from contact_agreement a join child c on c.id = a.child_id and c.council_id = a.council_id
      where a.council_id = ? and a.centre_id = ? and a.status in (?)
        ${
          search
            ? `and (c.first_name || ' ' || c.last_name ilike ? or exists (
                 select 1 from agreement_participant p join family_member f on f.id = p.family_member_id
                  where p.agreement_id = a.id and f.first_name || ' ' || f.last_name ilike ?))`
            : ''
        }
      order by c.first_name, c.last_name, a.id
      limit ${MAX_CENTRE_AGREEMENTS}`,
    [viewer.councilId, q.centreId, statuses, ...(search ? [search.pattern, search.pattern] : [])],
  );
  if (rows.length === 0) return [];
  const participants = await em.execute<{ agreement_id: string; name: string }[]>(
    `select p.agreement_id, f.first_name || ' ' || f.last_name as name
       from agreement_participant p join family_member f on f.id = p.family_member_id
      where p.agreement_id in (?) order by f.first_name, f.last_name`,
    [rows.map((r) => r.id)],
  );
  await logChildReads(
    em,
    viewer,
    operation,
    [...new Set(rows.map((r) => r.child_id))].map((childId) => ({
      childId,
      fields: ['first_name', 'last_initial', 'agreement', 'family'],
      reason: 'agreements to book under',
    })),
  );
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    child: { id: r.child_id, firstName: r.first_name, lastInitial: r.last_name.slice(0, 1) },
    participantNames: participants.filter((p) => p.agreement_id === r.id).map((p) => p.name),
    sessionsPerWeek: r.sessions_per_week,
    sessionMinutes: r.session_minutes,
    requiresSecondStaff: supervisionLevelFor(r.risk_factors).requiresSecondStaff,
  }));
}
