import {
  ATTENDANCE_OUTCOMES,
  CANCELLATION_REASON_LABELS,
  CANCELLATION_REASONS,
  SESSION_KIND_LABELS,
  SESSION_KINDS,
  SESSION_STATUSES,
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_LEVELS,
  ATTENDANCE_OUTCOME_LABELS,
} from '@kinroom/domain';
import { registerEnumType } from 'type-graphql';

/** GraphQL enums carry the domain's lowercase values; their names are the same words in capitals. */
export function domainEnum<T extends string>(values: readonly T[]): Record<string, T> {
  return Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<string, T>;
}

function describe(labels: Readonly<Record<string, string>>): Record<string, { description: string }> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.toUpperCase(), { description: v }]));
}

export const SessionStatusEnum = domainEnum(SESSION_STATUSES);
registerEnumType(SessionStatusEnum, {
  name: 'SessionStatus',
  description:
    'Where a session is in its day: scheduled, arrivals, in progress, ended, or cancelled / not attended.',
  valuesConfig: {
    SCHEDULED: { description: 'Booked; nobody has arrived yet.' },
    PARENT_ARRIVED: { description: 'The visiting family member has arrived (they arrive before the child).' },
    CHILD_ARRIVED: { description: 'The child has been brought in; the session is about to start.' },
    IN_PROGRESS: { description: 'Contact is taking place.' },
    ENDED: { description: 'Contact took place and has finished.' },
    CANCELLED: { description: 'Cancelled by the centre, with a recorded reason.' },
    NOT_ATTENDED: { description: 'The family member did not come.' },
  },
});

export const SessionKindEnum = domainEnum(SESSION_KINDS);
registerEnumType(SessionKindEnum, {
  name: 'SessionKind',
  description: 'What a booking is for.',
  valuesConfig: describe(SESSION_KIND_LABELS),
});

export const CancellationReasonEnum = domainEnum(CANCELLATION_REASONS);
registerEnumType(CancellationReasonEnum, {
  name: 'CancellationReason',
  description: 'Why the centre cancelled a session (docs/domain.md rule 6).',
  valuesConfig: describe(CANCELLATION_REASON_LABELS),
});

export const AttendanceOutcomeEnum = domainEnum(ATTENDANCE_OUTCOMES);
registerEnumType(AttendanceOutcomeEnum, {
  name: 'AttendanceOutcome',
  description: 'How a session went for attendance, which drives the three-strikes rule.',
  valuesConfig: describe(ATTENDANCE_OUTCOME_LABELS),
});

export const SupervisionLevelEnum = domainEnum(SUPERVISION_LEVELS);
registerEnumType(SupervisionLevelEnum, {
  name: 'SupervisionLevel',
  description: 'How closely contact is watched, set by the assessed risks.',
  valuesConfig: describe(SUPERVISION_LEVEL_LABELS),
});
