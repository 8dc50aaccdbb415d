import { OBSERVATION_SECTIONS } from '@kinroom/domain';
import type { Observation, ObservationAmendment } from './observation.entity.js';
import type {
  KnownStaff,
  ObservationAmendmentType,
  ReadAlong,
  ObservationSectionType,
  ObservationType,
} from './observation.type.js';

/** The stored record as an integrator reads it: every section in order, blanks where a draft has none yet. */
export function toObservationType(o: Observation, centreId: string, readAlong?: ReadAlong): ObservationType {
  const stored = new Map(o.sections.map((s) => [s.key, s]));
  const sections: ObservationSectionType[] = OBSERVATION_SECTIONS.map(({ key, label }) => ({
    key,
    label,
    facts: stored.get(key)?.facts ?? '',
    opinion: stored.get(key)?.opinion ?? '',
  }));
  return {
    id: o.id,
    sessionId: o.sessionId,
    childId: o.childId,
    centreId,
    authorId: o.authorId,
    reviewerId: o.reviewerId,
    status: o.status,
    sections,
    returnReason: o.returnReason,
    dueAt: o.dueAt,
    submittedAt: o.submittedAt,
    approvedAt: o.approvedAt,
    finalisedAt: o.finalisedAt,
    contentHash: o.contentHash,
    previousHash: o.previousHash,
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    ...(readAlong ? { readAlong } : {}),
  };
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
