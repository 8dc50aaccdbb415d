import {
  addDaysToDateKey,
  ATTENDANCE_OUTCOME_LABELS,
  CANCELLATION_REASON_LABELS,
  FLAG_CATEGORY_LABELS,
  FLAG_SEVERITY_LABELS,
  fromLondonDateKey,
  parseDateKey,
  SESSION_KIND_LABELS,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgreementParticipantType } from '../agreements/agreement.type.js';
import type { ContactAgreement } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import type { AuditedOperation } from '../access/access-log.service.js';
import { ChildHistoryQuery, type WholeHistory } from '../children/history.query.js';
import type { AgreementEvent, ChildHistoryEntry } from '../children/history.type.js';
import { createLoaders, type Loaders } from '../graphql/loaders.js';
import { verifyEvidenceChain, type ChainReport } from '../observations/evidence-chain.js';
import type { EvidenceKeyring } from '../observations/evidence-keys.js';
import type { SafeguardingFlagType } from '../safeguarding/flag.type.js';
import type { NoticeRow } from '../sessions/attendance.loaders.js';

/** The longest range one bundle covers, in days: a care case's whole contact history fits well within it. */
export const MAX_BUNDLE_DAYS = 366 * 20;

/** A bundle's date range: London calendar days, both included. */
export interface BundleRange {
  from: string;
  to: string;
}

/** The range asked for, checked: two real `YYYY-MM-DD` dates, the first not after the second. */
export function bundleRange(from: unknown, to: unknown): BundleRange {
  const checked = (v: unknown, field: string): string => {
    if (typeof v !== 'string' || v === '')
      throw badInput(`\`${field}\` is required, as YYYY-MM-DD.`, { field });
    try {
      parseDateKey(v);
    } catch {
      throw badInput(`\`${field}\` must be a calendar date written YYYY-MM-DD.`, { field });
    }
    return v;
  };
  const range = { from: checked(from, 'from'), to: checked(to, 'to') };
  if (range.from > range.to) throw badInput('`from` must not be after `to`.', { field: 'from' });
  if (range.to > addDaysToDateKey(range.from, MAX_BUNDLE_DAYS)) {
    throw badInput(`A bundle covers at most ${MAX_BUNDLE_DAYS} days.`, { field: 'to' });
  }
  return range;
}

export interface BundleNotice {
  receivedAt: Date;
  givenBy: string;
  reason: string;
  explainsAbsence: boolean;
  recordedBy: string;
}

export interface BundleFlag {
  raisedAt: Date;
  raisedBy: string;
  category: string;
  severity: string;
  status: string;
  description: string;
  outcome: string | null;
}

export interface BundleSession {
  startsAt: Date;
  endsAt: Date;
  kind: string;
  status: string;
  place: string;
  supervisor: string;
  attendance: string | null;
  cancellation: string | null;
  notices: BundleNotice[];
  report: string | null;
  observation: {
    author: string;
    reviewer: string | null;
    finalisedAt: Date | null;
    sections: { label: string; facts: string; opinion: string }[];
    amendments: { author: string; createdAt: Date; reason: string; text: string }[];
  } | null;
  flags: BundleFlag[];
}

export interface BundleAgreement {
  agreement: ContactAgreement;
  participants: AgreementParticipantType[];
}

/** Everything a court bundle shows, gathered and named, ready to be laid out. */
export interface CourtBundle {
  child: { firstName: string; lastName: string; dateOfBirth: string };
  range: BundleRange;
  producedBy: string;
  producedAt: Date;
  sessions: BundleSession[];
  agreements: BundleAgreement[];
  events: AgreementEvent[];
  flagsOutsideSessions: BundleFlag[];
  chain: ChainReport;
}

/**
 * A child's court bundle over a range, for a viewer already allowed to produce one: the history as the history query
 * reads it (`ChildHistoryQuery.whole`, the one home of what a reader sees), its people, rooms and centres named through
 * the batch loaders, and the evidence chain verified now. NOT_FOUND when the child cannot be read.
 */
export async function gatherCourtBundle(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
  keys: EvidenceKeyring,
  childId: string,
  range: BundleRange,
  now: Date,
): Promise<CourtBundle> {
  if (!isUuid(childId)) throw notFound('child');
  const loaders = createLoaders(em, () => viewer.councilId);
  // A whole read seals no cursor, so the query needs no cursor secret.
  const history = await new ChildHistoryQuery(em, viewer, loaders, '', operation, now).whole(
    childId,
    fromLondonDateKey(range.from, '00:00'),
    fromLondonDateKey(range.to, '24:00'),
  );
  const child = history && (await loaders.child.load(childId));
  if (!history || !child) throw notFound('child');
  const [sessions, agreements, flagsOutsideSessions, chain] = await Promise.all([
    namedSessions(loaders, history),
    Promise.all(
      history.beyond.agreements.map(async (agreement) => ({
        agreement,
        participants: await loaders.agreementParticipants.load(agreement.id),
      })),
    ),
    Promise.all(history.beyond.flags.map((f) => namedFlag(loaders, f))),
    verifyEvidenceChain(em, childId, keys, now),
  ]);
  return {
    child: { firstName: child.firstName, lastName: child.lastName, dateOfBirth: child.dateOfBirth },
    range,
    producedBy: viewer.name,
    producedAt: now,
    sessions,
    agreements,
    events: history.beyond.events,
    flagsOutsideSessions,
    chain,
  };
}

async function nameOf(loaders: Loaders, staffId: string | null): Promise<string> {
  if (!staffId) return 'not recorded';
  return (await loaders.staff.load(staffId))?.name ?? 'a former member of staff';
}

async function namedFlag(loaders: Loaders, f: SafeguardingFlagType): Promise<BundleFlag> {
  return {
    raisedAt: f.raisedAt,
    raisedBy: await nameOf(loaders, f.raisedById),
    category: FLAG_CATEGORY_LABELS[f.category],
    severity: FLAG_SEVERITY_LABELS[f.severity],
    status: f.status.replace(/_/g, ' '),
    description: f.description,
    outcome: f.outcome,
  };
}

function namedSessions(loaders: Loaders, history: WholeHistory): Promise<BundleSession[]> {
  const staffName = (id: string | null) => (id ? (history.staff.get(id)?.name ?? null) : null);
  return Promise.all(
    history.entries.map(async ({ entry, amendments }) => {
      const s = entry.session;
      const [centre, room, supervisor, notices, flags] = await Promise.all([
        loaders.centre.load(s.centreId),
        loaders.room.load(s.roomId),
        nameOf(loaders, s.supervisorId),
        loaders.absenceNotices.load(s.id),
        Promise.all(entry.flags.map((f) => namedFlag(loaders, f))),
      ]);
      const o = entry.observation;
      return {
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        kind: SESSION_KIND_LABELS[s.kind],
        status: s.status.replace(/_/g, ' '),
        place: [room?.name, centre?.name].filter(Boolean).join(', ') || 'not recorded',
        supervisor,
        attendance: attendanceWords(entry),
        cancellation: s.cancellationReason
          ? `${CANCELLATION_REASON_LABELS[s.cancellationReason]}${s.cancellationNote ? `: ${s.cancellationNote}` : ''}`
          : null,
        notices: await Promise.all(notices.map((n) => namedNotice(loaders, n))),
        report: entry.report
          ? entry.report.status
            ? `${entry.report.status}${entry.report.overdue ? ' (overdue)' : ''}`
            : `owed, not started${entry.report.overdue ? ' (overdue)' : ''}`
          : null,
        observation: o && {
          author: staffName(o.authorId) ?? 'not recorded',
          reviewer: staffName(o.reviewerId),
          finalisedAt: o.finalisedAt,
          sections: o.sections.map((x) => ({ label: x.label, facts: x.facts, opinion: x.opinion })),
          amendments: amendments.map((m) => ({
            author: staffName(m.authorId) ?? 'not recorded',
            createdAt: m.createdAt,
            reason: m.reason,
            text: m.text,
          })),
        },
        flags,
      };
    }),
  );
}

function attendanceWords(entry: ChildHistoryEntry): string | null {
  const a = entry.attendance;
  if (!a) return null;
  const late = a.minutesLate ? `, ${a.minutesLate} minutes late` : '';
  return `${ATTENDANCE_OUTCOME_LABELS[a.outcome]}${late}${a.note ? `. ${a.note}` : ''}`;
}

async function namedNotice(loaders: Loaders, n: NoticeRow): Promise<BundleNotice> {
  return {
    receivedAt: n.receivedAt,
    givenBy: n.givenBy,
    reason: n.reason,
    explainsAbsence: n.explainsAbsence,
    recordedBy: await nameOf(loaders, n.receivedById),
  };
}
