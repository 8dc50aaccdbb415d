import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { listLoader } from '../db/list-loader.js';
import type { StaffMember } from '../auth/auth.type.js';
import type { StaffRole } from '../people/staff-user.entity.js';
import type {
  AgreementParticipantType,
  AgreementReviewType,
  SuspensionMeetingType,
  SuspensionNoticeType,
} from './agreement.type.js';

interface ReviewRow {
  id: string;
  agreement_id: string;
  reviewed_at: Date;
  reviewed_by_id: string;
  reviewer_name: string | null;
  reviewer_role: StaffRole | null;
  summary: string;
  changes: { lines?: string[] } | null;
  previous_review_date: string;
  next_review_date: string;
}

interface ParticipantRow {
  agreement_id: string;
  family_member_id: string;
  first_name: string;
  relationship: string | null;
}

/**
 * The social worker who reviewed an agreement or recorded a meeting about it, as joined from staff_user (the name and
 * role are missing only if the staff row is, and social workers are the ones who do both).
 */
function staffMember(id: string, name: string | null, role: StaffRole | null): StaffMember {
  return { id, name: name ?? '', role: role ?? 'social_worker' };
}

/** A family member as an agreement names them: first name and relationship to the child. */
function participant(id: string, firstName: string, relationship: string | null): AgreementParticipantType {
  return { familyMemberId: id, firstName, relationship: relationship ?? 'family member' };
}

interface MeetingRow {
  id: string;
  agreement_id: string;
  held_at: Date;
  family: { id: string; first_name: string; relationship: string | null }[];
  other_attendees: string[];
  agreed: string;
  recorded_at: Date;
  recorded_by_id: string;
  recorder_name: string | null;
  recorder_role: StaffRole | null;
}

/**
 * The nested parts of contact agreements, one statement per part for however many agreements an operation shows
 * (a caseload lists many). Scoped to the viewer's council like every loader.
 */
export function agreementLoaders(em: EntityManager, councilId: () => string | null) {
  const sql = em.getConnection();
  return {
    agreementParticipants: listLoader<ParticipantRow, AgreementParticipantType>(
      em,
      councilId,
      `select p.agreement_id, p.family_member_id, f.first_name, cf.relationship
           from agreement_participant p
           join contact_agreement a on a.id = p.agreement_id
           join family_member f on f.id = p.family_member_id
           left join child_family_member cf on cf.child_id = a.child_id and cf.family_member_id = f.id
          where p.agreement_id in (?) and p.council_id = ?
          order by f.first_name, f.id`,
      (r) => r.agreement_id,
      (r) => participant(r.family_member_id, r.first_name, r.relationship),
    ),
    suspensionNotice: new DataLoader<string, SuspensionNoticeType | null>(async (ids) => {
      const rows = await sql.execute<
        {
          agreement_id: string;
          issued_at: Date;
          decision: string;
          reasons: string[];
          missed: { id: string; starts_at: string | null }[];
          duration: string;
          parent_actions: string[];
        }[]
      >(
        `select n.agreement_id, n.issued_at, n.decision, n.reasons, n.duration, n.parent_actions,
                coalesce((select json_agg(json_build_object('id', m.id, 'starts_at', s.starts_at) order by m.ord)
                            from unnest(n.missed_session_ids) with ordinality as m(id, ord)
                            left join session s on s.id = m.id), '[]') as missed
           from suspension_notice n
          where n.agreement_id in (?) and n.council_id = ?`,
        [[...ids], councilId()],
      );
      const byId = new Map(rows.map((r) => [r.agreement_id, r]));
      return ids.map((id) => {
        const r = byId.get(id);
        if (!r) return null;
        return {
          issuedAt: new Date(r.issued_at),
          decision: r.decision,
          reasons: r.reasons,
          missedSessions: r.missed.map((m) => ({
            sessionId: m.id,
            startsAt: m.starts_at ? new Date(m.starts_at) : null,
          })),
          duration: r.duration,
          parentActions: r.parent_actions,
        };
      });
    }),
    agreementReviews: listLoader<ReviewRow, AgreementReviewType>(
      em,
      councilId,
      `select r.id, r.agreement_id, r.reviewed_at, r.reviewed_by_id, r.summary, r.changes,
                r.previous_review_date::text, r.next_review_date::text, u.name as reviewer_name, u.role as reviewer_role
           from agreement_review r left join staff_user u on u.id = r.reviewed_by_id
          where r.agreement_id in (?) and r.council_id = ?
          order by r.reviewed_at, r.id`,
      (r) => r.agreement_id,
      (r) => ({
        id: r.id,
        reviewedAt: new Date(r.reviewed_at),
        reviewedBy: staffMember(r.reviewed_by_id, r.reviewer_name, r.reviewer_role),
        summary: r.summary,
        changes: r.changes?.lines ?? [],
        previousReviewDate: r.previous_review_date,
        nextReviewDate: r.next_review_date,
      }),
    ),
    suspensionMeetings: listLoader<MeetingRow, SuspensionMeetingType>(
      em,
      councilId,
      `select m.id, m.agreement_id, m.held_at, m.other_attendees, m.agreed, m.recorded_at, m.recorded_by_id,
                u.name as recorder_name, u.role as recorder_role,
                coalesce((select json_agg(json_build_object('id', f.id, 'first_name', f.first_name,
                                                            'relationship', cf.relationship) order by x.ord)
                            from unnest(m.family_member_ids) with ordinality as x(id, ord)
                            join family_member f on f.id = x.id
                            left join child_family_member cf on cf.child_id = a.child_id and cf.family_member_id = f.id),
                         '[]') as family
           from suspension_meeting m
           join contact_agreement a on a.id = m.agreement_id
           left join staff_user u on u.id = m.recorded_by_id
          where m.agreement_id in (?) and m.council_id = ?
          order by m.held_at, m.id`,
      (r) => r.agreement_id,
      (r) => ({
        id: r.id,
        heldAt: new Date(r.held_at),
        familyAttendees: r.family.map((f) => participant(f.id, f.first_name, f.relationship)),
        otherAttendees: r.other_attendees,
        agreed: r.agreed,
        recordedAt: new Date(r.recorded_at),
        recordedBy: staffMember(r.recorded_by_id, r.recorder_name, r.recorder_role),
      }),
    ),
  };
}

export type AgreementLoaders = ReturnType<typeof agreementLoaders>;
