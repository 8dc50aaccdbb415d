import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { domainEnum } from '../graphql/enums.js';
import { RECIPIENT_KINDS, type ContactChannel, type RecipientKind } from './contact.js';
import {
  MESSAGE_STATUSES,
  NOT_SENT_REASONS,
  type MessageStatus,
  type NotSentReason,
} from './message.entity.js';
import { MESSAGE_PURPOSES, type MessagePurpose } from './purposes.js';

const PURPOSE_DESCRIPTIONS: Record<MessagePurpose, string> = {
  session_cancelled_family: 'To a family member: the centre cancelled their session (docs/domain.md rule 6).',
  session_cancelled_carer: 'To the child’s carer: a session the child was due at is cancelled.',
  session_cancelled_social_worker: 'To the child’s social worker: a session of their child is cancelled.',
  session_reminder_family: 'To a family member, the day before: the session and their own arrival time.',
  absence_notice_social_worker: 'To the child’s social worker: a family member said they cannot come.',
  suspension_notice_family:
    'To a parent: the dated written notice that contact is suspended after unexplained absences (rule 8).',
  suspension_social_worker: 'To the child’s social worker: their child’s contact is suspended.',
  suspension_notice_reviewing_officer:
    'To the child’s independent reviewing officer: their child’s contact is suspended, with the notice’s reasons and duration.',
  flag_raised_social_worker:
    'To the child’s social worker: a safeguarding flag was raised about their child.',
  flag_escalated_manager: 'To the centre’s managers: a safeguarding flag was not acknowledged in time.',
  record_overdue_manager: 'To the centre’s managers: an observation record is past its due date.',
};

export const MessagePurposeEnum = domainEnum(MESSAGE_PURPOSES);
registerEnumType(MessagePurposeEnum, {
  name: 'MessagePurpose',
  description: 'What a message sent outside the dashboard is for (docs/notifications.md).',
  valuesConfig: Object.fromEntries(
    MESSAGE_PURPOSES.map((p) => [p.toUpperCase(), { description: PURPOSE_DESCRIPTIONS[p] }]),
  ),
});

/** A text message is `sms` where it is stored; the schema says it in words. */
export const MessageChannelEnum: Record<string, ContactChannel> = {
  EMAIL: 'email',
  TEXT_MESSAGE: 'sms',
  LETTER: 'letter',
};
registerEnumType(MessageChannelEnum, {
  name: 'MessageChannel',
  description: 'How a message reaches a person outside the dashboard.',
  valuesConfig: {
    EMAIL: { description: 'An email (through the council’s mail server or GOV.UK Notify).' },
    TEXT_MESSAGE: { description: 'A text message to a UK mobile (GOV.UK Notify).' },
    LETTER: { description: 'A posted letter (GOV.UK Notify).' },
  },
});

export const MessageStatusEnum = domainEnum(MESSAGE_STATUSES);
registerEnumType(MessageStatusEnum, {
  name: 'MessageStatus',
  description: 'Where a message is between being planned and reaching the person.',
  valuesConfig: {
    QUEUED: { description: 'Planned, waiting to be sent.' },
    SENDING: { description: 'Being handed to the mail server or GOV.UK Notify.' },
    SENT: { description: 'Accepted for delivery; no confirmation of delivery yet.' },
    DELIVERED: { description: 'The provider confirmed it reached the person.' },
    FAILED: { description: 'Given up after the last attempt, or refused for good: see `lastError`.' },
    NOT_SENT: { description: 'Never sent, for the reason in `notSentReason`.' },
  },
});

export const MessageNotSentReasonEnum = domainEnum(NOT_SENT_REASONS);
registerEnumType(MessageNotSentReasonEnum, {
  name: 'MessageNotSentReason',
  description: 'Why a message was recorded but never sent.',
  valuesConfig: {
    DO_NOT_CONTACT: { description: 'The person is marked “do not contact”.' },
    NO_CONTACT_DETAILS: {
      description: 'No email, mobile or address on record for any channel that would do.',
    },
    CHANNEL_NOT_CONFIGURED: { description: 'Kinroom is not set up to send by this channel.' },
    NO_LONGER_NEEDED: {
      description:
        'No longer needed when it was to be sent: a reminder for a session cancelled, moved, or that the family said they cannot come to since it was planned.',
    },
  },
});

export const MessageRecipientKindEnum = domainEnum(RECIPIENT_KINDS);
registerEnumType(MessageRecipientKindEnum, {
  name: 'MessageRecipientKind',
  description: 'Who a message was for.',
  valuesConfig: {
    FAMILY_MEMBER: { description: 'A family member of the child.' },
    CARER: { description: 'The child’s carer (never named in a message’s record).' },
    STAFF: { description: 'A member of staff: the child’s social worker, or a centre manager.' },
    REVIEWING_OFFICER: {
      description:
        'The child’s independent reviewing officer, as recorded on the child’s case (not a Kinroom user).',
    },
  },
});

@ObjectType('MessageRecipient', {
  description:
    'Who a message was for, as anyone who sees the message may see it: a family member’s or staff member’s name; the child’s carer is never named. Never the address, number or email it went to.',
})
export class MessageRecipientType {
  @Field(() => MessageRecipientKindEnum, { description: 'A family member, the child’s carer, or staff.' })
  kind!: RecipientKind;

  @Field(() => String, {
    nullable: true,
    description:
      'The family member’s, staff member’s or reviewing officer’s name; null for the child’s carer, who is never named, and for a reviewing officer not recorded by name.',
  })
  name!: string | null;
}

@ObjectType('Message', {
  description:
    'A message sent (or meant to be sent) outside the dashboard to one person by one channel, with where it stands (docs/notifications.md). Its words are not kept: they are written from the records when it is sent.',
  simpleResolvers: true,
})
export class MessageType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => MessagePurposeEnum, { description: 'What the message is for.' })
  purpose!: MessagePurpose;

  @Field(() => MessageChannelEnum, { description: 'Email, text message or letter.' })
  channel!: ContactChannel;

  @Field(() => MessageRecipientType, { description: 'Who it was for.' })
  recipient!: MessageRecipientType;

  @Field(() => MessageStatusEnum, { description: 'Where it stands.' })
  status!: MessageStatus;

  @Field(() => MessageNotSentReasonEnum, {
    nullable: true,
    description: 'Why it was not sent; null otherwise.',
  })
  notSentReason!: NotSentReason | null;

  @Field(() => Int, { description: 'How many times sending it was tried.' })
  attempts!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The last failure, in words safe to show (e.g. “number not recognised”); null when none.',
  })
  lastError!: string | null;

  @Field(() => Date, { description: 'When it was planned.' })
  plannedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the provider accepted it; null until then.' })
  sentAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the provider confirmed delivery; null until then.',
  })
  deliveredAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was given up as failed; null unless it failed.',
  })
  failedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The session it is about, if any.' })
  sessionId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The child it is about, if any.' })
  childId!: string | null;
}
