import { OBSERVATION_SECTIONS } from '@kinroom/domain';
import { unreadOf } from '../db/row-columns.js';
import type { Observation, ObservationAmendment } from './observation.entity.js';
import type {
  KnownStaff,
  ObservationAmendmentType,
  ReadAlong,
  ObservationSectionType,
  ObservationType,
} from './observation.type.js';

/** The properties an observation record shows as they are stored. */
const STORED = [
  'id',
  'sessionId',
  'childId',
  'authorId',
  'reviewerId',
  'status',
  'returnReason',
  'dueAt',
  'submittedAt',
  'approvedAt',
  'finalisedAt',
  'contentHash',
  'previousHash',
  'version',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Observation & keyof ObservationType)[];

/**
 * The stored record as an integrator reads it: every section in order, blanks where a draft has none yet. A record
 * read with only some of its columns (a history page's) gives only those: any other field fails when read, as the
 * partial record itself does, rather than answering null.
 */
export function toObservationType(o: Observation, centreId: string, readAlong?: ReadAlong): ObservationType {
  const unread = unreadOf(o);
  const t = Object.create(unread.prototype) as Record<string, unknown>;
  for (const p of STORED) if (!unread.properties.has(p)) t[p] = o[p];
  t.centreId = centreId;
  if (!unread.properties.has('sections')) {
    const stored = new Map(o.sections.map((s) => [s.key, s]));
    t.sections = OBSERVATION_SECTIONS.map(({ key, label }) => ({
      key,
      label,
      facts: stored.get(key)?.facts ?? '',
      opinion: stored.get(key)?.opinion ?? '',
    })) satisfies ObservationSectionType[];
  }
  if (readAlong) t.readAlong = readAlong;
  return t as unknown as ObservationType;
}

export function toAmendmentType(
  a: ObservationAmendment,
  staff?: ReadonlyMap<string, KnownStaff>,
): ObservationAmendmentType {
  return {
    id: a.id,
    observationId: a.observationId,
    childId: a.childId,
    authorId: a.authorId,
    reason: a.reason,
    text: a.text,
    createdAt: a.createdAt,
    contentHash: a.contentHash,
    previousHash: a.previousHash,
    ...(staff ? { readAlong: staff } : {}),
  };
}
