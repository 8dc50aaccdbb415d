import {
  FLAG_CATEGORIES,
  FLAG_CATEGORY_LABELS,
  FLAG_SEVERITIES,
  FLAG_SEVERITY_LABELS,
  FLAG_STATUSES,
  type FlagCategory,
  type FlagSeverity,
  type FlagStatus,
} from '@kinroom/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { domainEnum } from '../graphql/enums.js';

function described(labels: Readonly<Record<string, string>>) {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.toUpperCase(), { description: v }]));
}

export const FlagCategoryEnum = domainEnum(FLAG_CATEGORIES);
registerEnumType(FlagCategoryEnum, {
  name: 'FlagCategory',
  description: 'What a safeguarding concern is about.',
  valuesConfig: described(FLAG_CATEGORY_LABELS),
});

export const FlagSeverityEnum = domainEnum(FLAG_SEVERITIES);
registerEnumType(FlagSeverityEnum, {
  name: 'FlagSeverity',
  description:
    'How serious a concern is; it sets how soon someone must acknowledge it (critical 15 minutes, high 1 hour, medium 4 hours, low 24 hours).',
  valuesConfig: {
    LOW: { description: `${FLAG_SEVERITY_LABELS.low}: acknowledge within 24 hours.` },
    MEDIUM: { description: `${FLAG_SEVERITY_LABELS.medium}: acknowledge within 4 hours.` },
    HIGH: { description: `${FLAG_SEVERITY_LABELS.high}: acknowledge within 1 hour.` },
    CRITICAL: {
      description: `${FLAG_SEVERITY_LABELS.critical}: a child in danger now; acknowledge within 15 minutes.`,
    },
  },
});

export const FlagStatusEnum = domainEnum(FLAG_STATUSES);
registerEnumType(FlagStatusEnum, {
  name: 'FlagStatus',
  description: 'Where a safeguarding flag is in its handling (docs/domain.md rule 10).',
  valuesConfig: {
    OPEN: { description: 'Raised; nobody has acknowledged it yet.' },
    ACKNOWLEDGED: { description: 'Someone has taken it on; who and when is recorded.' },
    ESCALATED: {
      description: 'Passed to someone more senior, by hand or because nobody acknowledged it in time.',
    },
    RESOLVED: { description: 'Closed with a recorded outcome; a new concern is a new flag.' },
  },
});

@ObjectType('FlagAcknowledgement', { description: 'One person’s acknowledgement of a flag: who, and when.' })
export class FlagAcknowledgementType {
  @Field(() => ID, { description: 'Who acknowledged it.' })
  userId!: string;

  @Field(() => Date, { description: 'When they acknowledged it.' })
  acknowledgedAt!: Date;

  @Field(() => String, { nullable: true, description: 'What they said they would do, if anything.' })
  note!: string | null;
}

@ObjectType('FlagEscalation', { description: 'A flag passed to someone more senior.' })
export class FlagEscalationType {
  @Field(() => ID, {
    nullable: true,
    description: 'Who escalated it; null when Kinroom did because nobody acknowledged it in time.',
  })
  escalatedById!: string | null;

  @Field(() => Boolean, { description: 'True when Kinroom escalated it because its deadline passed.' })
  automatic!: boolean;

  @Field(() => Date, { description: 'When it was escalated.' })
  escalatedAt!: Date;

  @Field(() => String, { description: 'Why.' })
  reason!: string;
}

@ObjectType('SafeguardingFlag', {
  description:
    'A safeguarding concern raised by a supervisor or the centre manager (docs/domain.md rule 10). It reaches the child’s social worker and the centre manager at once; who acknowledged it and when is recorded; it escalates if nobody acknowledges it in time, and is resolved with an outcome.',
  simpleResolvers: true,
})
export class SafeguardingFlagType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The centre it was raised at.' })
  centreId!: string;

  @Field(() => ID, { description: 'The child concerned.' })
  childId!: string;

  @Field(() => ID, { nullable: true, description: 'The session it arose in, if any.' })
  sessionId!: string | null;

  @Field(() => FlagCategoryEnum, { description: 'What it is about.' })
  category!: FlagCategory;

  @Field(() => FlagSeverityEnum, { description: 'How serious it is.' })
  severity!: FlagSeverity;

  @Field(() => String, { description: 'What happened, in the words of whoever raised it.' })
  description!: string;

  @Field(() => FlagStatusEnum, { description: 'Where it is in its handling.' })
  status!: FlagStatus;

  @Field(() => ID, { description: 'Who raised it.' })
  raisedById!: string;

  @Field(() => Date, { description: 'When it was raised.' })
  raisedAt!: Date;

  @Field(() => Date, {
    description: 'The acknowledgement deadline: if nobody has acknowledged it by then, it escalates.',
  })
  acknowledgeBy!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was resolved.' })
  resolvedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who resolved it.' })
  resolvedById!: string | null;

  @Field(() => String, { nullable: true, description: 'The outcome recorded when it was resolved.' })
  outcome!: string | null;

  @Field(() => Int, { description: 'Version for optimistic locking: send it back when resolving.' })
  version!: number;
}
