import { formatLondonDate } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { agreementsShown, historyCentre } from '../access/index.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import type {
  AgreementReviewType,
  SuspensionMeetingType,
  SuspensionNoticeType,
} from '../agreements/agreement.type.js';
import type { Viewer } from '../auth/viewer.js';
import { queryPrepared } from '../db/prepared.js';
import { RowColumns, type JsonRow } from '../db/row-columns.js';
import type { Loaders } from '../graphql/loaders.js';
import type { SafeguardingFlagType } from '../safeguarding/flag.type.js';
import { FLAG_ROWS } from './history.rows.js';
import type { AgreementEvent } from './history.type.js';

/** Every stored property of an agreement: a property added to the entity is read without editing this file. */
export const AGREEMENT_ROWS = new RowColumns({ what: 'agreement', entity: ContactAgreement });

/** What of a child's history is not a session: the agreements' life and the flags raised outside any session. */
export interface HistoryBeyondSessions {
  agreements: ContactAgreement[];
  /** The agreements' life as dated entries, newest first. */
  events: AgreementEvent[];
  /** Flags raised about the child outside any session, newest first. */
  flags: SafeguardingFlagType[];
}

export interface BeyondSessionsRequest {
  viewer: Viewer;
  childId: string;
  from: Date | null;
  to: Date | null;
  /** Whether to read the agreements (and so their life); false when the operation asks for neither. */
  agreements: boolean;
  flags: boolean;
}

/**
 * The part of a child's history that is not a session, for a child the viewer is already known to read: one
 * statement for the agreements the viewer sees (`agreementsShown`) and the flags raised outside any session at the
 * centres whose history they see (`historyCentre`), then the agreements' reviews and suspension notices through the
 * operation's batch loaders (one statement each, whatever the number of agreements), which the agreements' own fields
 * then answer from without reading again.
 *
 * With a date range, an agreement is included when its life overlaps the range (written before its end, not ended
 * before its start), and an entry or a flag when it is dated within it.
 */
export async function readBeyondSessions(
  em: EntityManager,
  loaders: Loaders,
  req: BeyondSessionsRequest,
): Promise<HistoryBeyondSessions> {
  const shown = req.agreements ? agreementsShown(req.viewer) : 'none';
  if (shown === 'none' && !req.flags) return { agreements: [], events: [], flags: [] };
  const centreId = historyCentre(req.viewer);
  const params: unknown[] = [];
  let agreementsSql = 'null';
  if (shown !== 'none') {
    const where = whereOf(params, [
      ['a.child_id = ?', req.childId],
      ['a.council_id = ?', req.viewer.councilId],
      ['a.centre_id = ?', shown === 'all' ? null : shown.centreId],
      ['a.created_at < ?', req.to],
      ['(a.ended_at is null or a.ended_at >= ?)', req.from],
    ]);
    agreementsSql = `(select json_agg(${AGREEMENT_ROWS.sql('a')} order by a.created_at desc, a.id desc)
                        from contact_agreement a where ${where})`;
  }
  let flagsSql = 'null';
  if (req.flags) {
    const where = whereOf(params, [
      ['f.child_id = ?', req.childId],
      ['f.council_id = ?', req.viewer.councilId],
      'f.session_id is null',
      ['f.centre_id = ?', centreId],
      ['f.raised_at >= ?', req.from],
      ['f.raised_at < ?', req.to],
    ]);
    flagsSql = `(select json_agg(${FLAG_ROWS.sql('f')} order by f.raised_at desc, f.id desc)
                   from safeguarding_flag f where ${where})`;
  }
  // Which of the child's agreements a newer one replaced, even one at a centre the viewer does not see.
  const supersededSql =
    shown === 'none'
      ? 'null'
      : `(select array_agg(b.supersedes_id) from contact_agreement b
           where b.child_id = ? and b.council_id = ? and b.supersedes_id is not null)`;
  if (shown !== 'none') params.push(req.childId, req.viewer.councilId);
  const [row] = await queryPrepared<{
    agreements: JsonRow[] | null;
    flags: JsonRow[] | null;
    superseded: string[] | null;
  }>(
    em,
    `select ${agreementsSql} as agreements, ${flagsSql} as flags, ${supersededSql} as superseded`,
    params,
  );
  const superseded = new Set(row?.superseded ?? []);
  const agreements = (row?.agreements ?? []).map((a) => AGREEMENT_ROWS.read(a));
  const flags = (row?.flags ?? []).map((f) => FLAG_ROWS.read(f));
  const ids = agreements.map((a) => a.id);
  const [reviews, notices, meetings] = await Promise.all([
    loaders.agreementReviews.loadMany(ids),
    loaders.suspensionNotice.loadMany(ids),
    loaders.suspensionMeetings.loadMany(ids),
  ]);
  const events = agreements.flatMap((a, i) =>
    agreementLife(a, {
      reviews: settled(reviews[i]) ?? [],
      notice: settled(notices[i]) ?? null,
      meetings: settled(meetings[i]) ?? [],
      superseded: superseded.has(a.id),
    }),
  );
  return {
    agreements,
    events: events
      .filter((e) => (!req.from || e.at >= req.from) && (!req.to || e.at < req.to))
      .sort((x, y) => y.at.getTime() - x.at.getTime() || order(y) - order(x)),
    flags,
  };
}

/**
 * The `and` of a statement's conditions, adding their values to `params` in order: a plain string always applies and
 * takes no value; a condition with a value applies only when the value is given (a range's missing end, a centre
 * not narrowed to).
 */
function whereOf(params: unknown[], conditions: readonly (string | [sql: string, value: unknown])[]): string {
  const applied: string[] = [];
  for (const c of conditions) {
    if (typeof c === 'string') applied.push(c);
    else if (c[1] !== null && c[1] !== undefined) {
      applied.push(c[0]);
      params.push(c[1]);
    }
  }
  return applied.join(' and ');
}

function settled<T>(v: T | Error | undefined): T | undefined {
  if (v instanceof Error) throw v;
  return v;
}

/** Entries at the same moment in the order they happen: a new agreement is written, then signed, then ends another. */
const KIND_ORDER: Record<AgreementEvent['kind'], number> = {
  written: 0,
  signed: 1,
  reviewed: 2,
  suspended: 3,
  meeting: 4,
  superseded: 5,
  ended: 6,
};
const order = (e: AgreementEvent) => KIND_ORDER[e.kind];

/** What happened to an agreement besides its own columns, as the agreement loaders read it. */
export interface AgreementParts {
  reviews: readonly AgreementReviewType[];
  notice: SuspensionNoticeType | null;
  meetings: readonly SuspensionMeetingType[];
  /** Whether a newer agreement replaced it. */
  superseded: boolean;
}

/**
 * One agreement's life as dated entries: written, signed, each review, its suspension, the meetings with the parent
 * after it, and how it ended.
 */
export function agreementLife(
  a: ContactAgreement,
  { reviews, notice, meetings, superseded }: AgreementParts,
): AgreementEvent[] {
  const base = { agreementId: a.id, review: null, suspensionNotice: null, suspensionMeeting: null };
  const events: AgreementEvent[] = [
    {
      ...base,
      kind: 'written',
      at: a.createdAt,
      summary: `Agreement written: ${a.contactType} contact, ${a.sessionsPerWeek} session${a.sessionsPerWeek === 1 ? '' : 's'} a week of ${a.sessionMinutes} minutes.`,
    },
  ];
  if (a.signedAt) {
    events.push({
      ...base,
      kind: 'signed',
      at: a.signedAt,
      summary: signedWords(a),
    });
  }
  for (const r of reviews) {
    events.push({
      ...base,
      kind: 'reviewed',
      at: r.reviewedAt,
      summary: `Reviewed by ${r.reviewedBy.name}: ${r.summary}`,
      review: r,
    });
  }
  if (notice) {
    events.push({
      ...base,
      kind: 'suspended',
      at: notice.issuedAt,
      summary: `Contact suspended: ${notice.decision}`,
      suspensionNotice: notice,
    });
  }
  for (const m of meetings) {
    const who = [...m.familyAttendees.map((p) => `${p.firstName} (${p.relationship})`), ...m.otherAttendees];
    events.push({
      ...base,
      kind: 'meeting',
      at: m.heldAt,
      summary: `Met ${who.join(', ')} after the suspension. Agreed: ${m.agreed}`,
      suspensionMeeting: m,
    });
  }
  if (a.endedAt) {
    events.push({
      ...base,
      kind: superseded ? 'superseded' : 'ended',
      at: a.endedAt,
      summary: superseded
        ? (a.endReason ?? 'Superseded by a new agreement.')
        : `Agreement ended: ${a.endReason ?? 'no reason recorded'}`,
    });
  }
  return events;
}

/** "Signed by Jane Smith (by post), recorded Monday 2 March 2026." */
function signedWords(a: ContactAgreement): string {
  const how = a.signedVia ? ` (${a.signedVia.replace(/_/g, ' ')})` : '';
  const recorded = a.signatureRecordedAt ? `, recorded ${formatLondonDate(a.signatureRecordedAt)}` : '';
  return `Signed${a.signedBy ? ` by ${a.signedBy}` : ''}${how}${recorded}.`;
}
