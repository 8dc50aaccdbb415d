import { STRIKES_WORDING, type ObservationStatus } from '@kinroom/domain';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  AgreementReviewType,
  AgreementStatusEnum,
  ContactAgreementType,
  SuspensionMeetingType,
  SuspensionNoticeType,
} from '../agreements/agreement.type.js';
import type { AgreementStatus, ContactAgreement } from '../agreements/agreement.entity.js';
import { domainEnum } from '../graphql/enums.js';
import { ObservationStatusEnum, ObservationType } from '../observations/observation.type.js';
import { SafeguardingFlagType } from '../safeguarding/flag.type.js';
import type { Session } from '../sessions/session.entity.js';
import { AttendanceRecord, SessionType } from '../sessions/session.type.js';

@ObjectType({
  description:
    'Where the observation report of a session stands. Shown to every reader of the history, even while the report itself is still with the centre.',
  simpleResolvers: true,
})
export class ReportProgress {
  @Field(() => ObservationStatusEnum, {
    nullable: true,
    description:
      'Where the report is in its review; null when the session needs an observation record (supervised contact that took place, docs/domain.md rule 9) and nobody has started it.',
  })
  status!: ObservationStatus | null;

  @Field(() => Date, {
    description:
      'When it must be final: the end of the 5th working day after the session, whether or not anyone started it.',
  })
  dueAt!: Date;

  @Field(() => Boolean, {
    description: 'True when it is not final (or not started) and its due time has passed.',
  })
  overdue!: boolean;
}

@ObjectType({
  description:
    'One session in a child’s contact history, with how it went: attendance, the observation record and its amendments, and the safeguarding flags raised in it.',
  simpleResolvers: true,
})
export class ChildHistoryEntry {
  @Field(() => SessionType, { description: 'The session itself.' })
  session!: Session;

  @Field(() => AttendanceRecord, {
    nullable: true,
    description: 'Attendance, once recorded (null for sessions still to come).',
  })
  attendance!: AttendanceRecord | null;

  @Field(() => ReportProgress, {
    nullable: true,
    description:
      'Where the session’s observation report stands, also when it is owed and nobody has started it (status null); null when the session needs none (supported contact, contact that did not take place, other kinds of session).',
  })
  report!: ReportProgress | null;

  @Field(() => ObservationType, {
    nullable: true,
    description:
      'The observation record with its sections (facts apart from opinion), author, reviewer, dates and amendments. For the child’s social worker and integrations only once final (docs/domain.md rule 9); the centre’s manager sees it under review too. Null otherwise.',
  })
  observation!: ObservationType | null;

  @Field(() => [SafeguardingFlagType], {
    description: 'Safeguarding flags raised in this session, oldest first.',
  })
  flags!: SafeguardingFlagType[];
}

@ObjectType({ description: 'One entry of a child’s history with its cursor.', simpleResolvers: true })
export class ChildHistoryEdge {
  @Field(() => String, {
    description:
      'An opaque cursor: pass it as `after` to continue after this entry. It only works for the same child.',
  })
  cursor!: string;

  @Field(() => ChildHistoryEntry, { description: 'The entry.' })
  node!: ChildHistoryEntry;
}

@ObjectType({ description: 'Where a page of a cursor connection ends.', simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when there are more entries after this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last entry on this page.' })
  endCursor!: string | null;
}

@ObjectType({
  description: `Figures for a child’s contact, worked out with the attendance and ${STRIKES_WORDING.ruleAdjective} rules (docs/domain.md rules 7 and 8).`,
  simpleResolvers: true,
})
export class ChildHistorySummary {
  @Field(() => Float, {
    nullable: true,
    description:
      'Sessions attended (on time or within the grace period) divided by sessions counted, from 0 to 1, over the date range asked for. Null when no session counts yet.',
  })
  attendanceRate!: number | null;

  @Field(() => Int, {
    description:
      'Sessions with attendance recorded that count towards the rate, in the date range. Explained absences and centre cancellations do not count (rule 8 treats them as neutral).',
  })
  sessionsCounted!: number;

  @Field(() => Int, {
    description: `The current run of unexplained absences under the child’s current agreement, skipping explained absences and cancellations. ${STRIKES_WORDING.inBrief}`,
  })
  consecutiveUnexplainedAbsences!: number;

  @Field(() => SessionType, { nullable: true, description: 'The next session booked, if any.' })
  nextSession!: Session | null;

  @Field(() => AgreementStatusEnum, {
    nullable: true,
    description:
      'The status of the child’s current agreement (the latest active or suspended one, else the latest written); null when there is none.',
  })
  activeAgreementStatus!: AgreementStatus | null;
}

export const AGREEMENT_EVENT_KINDS = [
  'written',
  'signed',
  'reviewed',
  'suspended',
  'meeting',
  'superseded',
  'ended',
] as const;
export type AgreementEventKind = (typeof AGREEMENT_EVENT_KINDS)[number];

export const AgreementEventKindEnum = domainEnum(AGREEMENT_EVENT_KINDS);
registerEnumType(AgreementEventKindEnum, {
  name: 'AgreementEventKind',
  description: 'A step in the life of a contact agreement, as a dated entry of a child’s history.',
  valuesConfig: {
    WRITTEN: { description: 'The social worker wrote the agreement (as a draft).' },
    SIGNED: { description: 'The parent signed it and it came into force.' },
    REVIEWED: { description: 'The social worker reviewed it; the review says what changed.' },
    SUSPENDED: {
      description: `Contact was suspended by the ${STRIKES_WORDING.ruleAdjective} rule; the suspension notice goes with it.`,
    },
    MEETING: {
      description:
        'The social worker met the parent after the suspension; the meeting’s record goes with it.',
    },
    SUPERSEDED: { description: 'A newer agreement with the same family members was signed and replaced it.' },
    ENDED: { description: 'The social worker ended it, with a reason.' },
  },
});

@ObjectType({
  description:
    'One dated step in the life of a child’s contact agreement: written, signed (by whom and how), reviewed, suspended (with its notice), the meeting with the parent after a suspension, superseded or ended.',
  simpleResolvers: true,
})
export class AgreementEvent {
  @Field(() => AgreementEventKindEnum, { description: 'Which step this is.' })
  kind!: AgreementEventKind;

  @Field(() => Date, { description: 'When it happened.' })
  at!: Date;

  @Field(() => ID, { description: 'The agreement it happened to (one of the history’s `agreements`).' })
  agreementId!: string;

  @Field(() => String, { description: 'What happened, in plain words.' })
  summary!: string;

  @Field(() => AgreementReviewType, { nullable: true, description: 'The review, for a REVIEWED entry.' })
  review!: AgreementReviewType | null;

  @Field(() => SuspensionNoticeType, {
    nullable: true,
    description: 'The written notice sent to the parent, for a SUSPENDED entry.',
  })
  suspensionNotice!: SuspensionNoticeType | null;

  @Field(() => SuspensionMeetingType, {
    nullable: true,
    description: 'The meeting with the parent after the suspension, for a MEETING entry.',
  })
  suspensionMeeting!: SuspensionMeetingType | null;
}

@ObjectType({
  description:
    'A child’s whole contact history, newest session first, one page at a time (cursor connection), with summary figures.',
  simpleResolvers: true,
})
export class ChildHistoryConnection {
  @Field(() => [ChildHistoryEdge], { description: 'The entries of this page.' })
  edges!: ChildHistoryEdge[];

  @Field(() => PageInfo, { description: 'Whether more entries follow, and the cursor to fetch them.' })
  pageInfo!: PageInfo;

  @Field(() => ChildHistorySummary, {
    description: 'Figures for the child: attendance over the date range asked for, and the current position.',
  })
  summary!: ChildHistorySummary;

  @Field(() => [ContactAgreementType], {
    description:
      'The child’s contact agreements, newest first, with their reviews and suspension notices: all of them for the social worker and integrations, the manager’s own centre’s for a manager. With a date range, those in force or written during it. The same on every page.',
  })
  agreements!: ContactAgreement[];

  @Field(() => [AgreementEvent], {
    description:
      'The agreements’ life as dated entries, newest first: written, signed (by whom and how), reviewed, suspended (with the notice), the meeting with the parent after a suspension, superseded or ended. With a date range, those within it. The same on every page.',
  })
  agreementEvents!: AgreementEvent[];

  @Field(() => [SafeguardingFlagType], {
    description:
      'Safeguarding flags raised about the child outside any session (a session’s own flags are on its entry), newest first; a manager sees their own centre’s. With a date range, those raised within it. The same on every page.',
  })
  flagsOutsideSessions!: SafeguardingFlagType[];

  /** Which child and range the page is of, for the fields resolved beside it (not in the schema). */
  about?: { childId: string; from: Date | null; to: Date | null };
}
