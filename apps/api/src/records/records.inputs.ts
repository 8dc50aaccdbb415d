import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import type { ContactChannel } from '../notifications/contact.js';
import { MessageChannelEnum } from '../notifications/message.type.js';

/**
 * In every input, a field left out keeps what the record has (a new record: nothing), and null clears it. A record is
 * named by `id`, or else by the case system's `externalId` (an upsert: an unknown external id makes a new record).
 */
@InputType({ description: 'One recurring weekly slot in London local time.' })
export class WeeklySlotInput {
  @Field(() => Int, { description: '0 is Sunday … 6 is Saturday.' })
  weekday!: number;

  @Field(() => String, { description: 'Start, HH:MM.' })
  start!: string;

  @Field(() => String, { description: 'End, HH:MM (24:00 allowed; at or before the start runs overnight).' })
  end!: string;
}

@InputType({
  description:
    'A child’s record. Name it by id or by the case system’s externalId (an unknown external id makes a new child); fields left out keep their value, null clears one.',
})
export class ChildInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The child to change; leave out to create one (or upsert by externalId).',
  })
  id?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The case system’s id for the child (1–100 characters).',
  })
  externalId?: string | null;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { description: 'Date of birth, YYYY-MM-DD.' })
  dateOfBirth!: string;

  @Field(() => String, { nullable: true, description: 'Date of death, YYYY-MM-DD.' })
  dateOfDeath?: string | null;

  @Field(() => ID, { nullable: true, description: 'Who the child lives with (needs carer access).' })
  carerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who the child lives with, by the case system’s carer id.',
  })
  carerExternalId?: string | null;

  @Field(() => [WeeklySlotInput], {
    nullable: true,
    description: 'The child’s school timetable; contact is not booked during it.',
  })
  schoolPattern?: WeeklySlotInput[] | null;
}

@InputType({
  description:
    'A family member’s record. Name it by id or by the case system’s externalId; fields left out keep their value, null clears one.',
})
export class FamilyMemberInput {
  @Field(() => ID, { nullable: true, description: 'The family member to change; leave out to create one.' })
  id?: string | null;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the family member.' })
  externalId?: string | null;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Telephone number.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address?: string | null;

  @Field(() => [WeeklySlotInput], {
    nullable: true,
    description: 'When they work; contact is not booked during it.',
  })
  workPattern?: WeeklySlotInput[] | null;

  @Field(() => MessageChannelEnum, {
    nullable: true,
    description:
      'How they asked to be reached by messages (email, text message or letter); null lets Kinroom choose.',
  })
  contactBy?: ContactChannel | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Nothing is sent to them outside the dashboard while true; messages are recorded as not sent. Needs `doNotContactReason`.',
  })
  doNotContact?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why they must not be contacted (required while `doNotContact` is true; at most 500 characters).',
  })
  doNotContactReason?: string | null;
}

@InputType({
  description:
    'A carer’s record (confidential, docs/domain.md rule 11). Name it by id or by the case system’s externalId.',
})
export class CarerInput {
  @Field(() => ID, { nullable: true, description: 'The carer to change; leave out to create one.' })
  id?: string | null;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the carer.' })
  externalId?: string | null;

  @Field(() => String, { description: 'The carer’s or placement’s name.' })
  name!: string;

  @Field(() => String, { description: 'Where the child lives.' })
  address!: string;

  @Field(() => String, { nullable: true, description: 'Telephone number.' })
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Email address, for messages about the child’s sessions.',
  })
  email?: string | null;

  @Field(() => MessageChannelEnum, {
    nullable: true,
    description:
      'How they asked to be reached by messages (email or text message; never a letter); null lets Kinroom choose.',
  })
  contactBy?: ContactChannel | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Nothing is sent to them outside the dashboard while true; messages are recorded as not sent. Needs `doNotContactReason`.',
  })
  doNotContact?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why they must not be contacted (required while `doNotContact` is true; at most 500 characters).',
  })
  doNotContactReason?: string | null;
}

/** The child a change is about, by Kinroom's id or the case system's: exactly one of the two. */
@ArgsType()
export class ChildRefArgs {
  @Field(() => ID, { nullable: true, description: 'The child (or give childExternalId).' })
  childId?: string | null;

  @Field(() => String, { nullable: true, description: 'The child, by the case system’s id.' })
  childExternalId?: string | null;
}

/** A child and one of their family, each by Kinroom's id or the case system's. */
@ArgsType()
export class ChildAndFamilyMemberArgs extends ChildRefArgs {
  @Field(() => ID, { nullable: true, description: 'The family member (or give familyMemberExternalId).' })
  familyMemberId?: string | null;

  @Field(() => String, { nullable: true, description: 'The family member, by the case system’s id.' })
  familyMemberExternalId?: string | null;
}
