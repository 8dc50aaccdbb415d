import type { FlagAcknowledgement, FlagEscalation, SafeguardingFlag } from './flag.entity.js';
import type { FlagAcknowledgementType, FlagEscalationType, SafeguardingFlagType } from './flag.type.js';

export function toFlagType(f: SafeguardingFlag): SafeguardingFlagType {
  return {
    id: f.id,
    centreId: f.centreId,
    childId: f.childId,
    sessionId: f.sessionId,
    category: f.category,
    severity: f.severity,
    description: f.description,
    status: f.status,
    raisedById: f.raisedById,
    raisedAt: f.raisedAt,
    acknowledgeBy: f.acknowledgeBy,
    resolvedAt: f.resolvedAt,
    resolvedById: f.resolvedById,
    outcome: f.outcome,
    version: f.version,
  };
}

export function toAcknowledgementType(a: FlagAcknowledgement): FlagAcknowledgementType {
  return { userId: a.userId, acknowledgedAt: a.acknowledgedAt, note: a.note };
}

export function toEscalationType(e: FlagEscalation): FlagEscalationType {
  return {
    escalatedById: e.escalatedById,
    automatic: e.escalatedById === null,
    escalatedAt: e.escalatedAt,
    reason: e.reason,
  };
}
