import { Field, ID, Int, ObjectType } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import type { ChangeVia } from '../audit/change-log.js';
import { ChangeViaEnum, FieldChange } from '../audit/change-log.type.js';
import type { ContactChannel } from '../notifications/contact.js';
import { MessageChannelEnum } from '../notifications/message.type.js';

@ObjectType('WeeklySlot', {
  description:
    'One recurring weekly slot in London local time, e.g. school on Mondays 08:45–15:15. An end at or before the start runs overnight.',
  simpleResolvers: true,
})
export class WeeklySlotType {
  @Field(() => Int, { description: '0 is Sunday … 6 is Saturday.' })
  weekday!: number;

  @Field(() => String, { description: 'Start, HH:MM.' })
  start!: string;

  @Field(() => String, { description: 'End, HH:MM (24:00 allowed).' })
  end!: string;
}

@ObjectType('RecordChange', {
  description:
    'One change to a record, from the append-only change log: who, when, how, and each field before and after.',
  simpleResolvers: true,
})
export class RecordChangeType {
  @Field(() => Date, { description: 'When the change was made.' })
  at!: Date;

  @Field(() => String, {
    description: 'The kind of record changed: child, child_case, family_member or carer.',
  })
  recordType!: string;

  @Field(() => ID, { description: 'The record changed.' })
  recordId!: string;

  @Field(() => String, {
    description:
      'What was done: created, updated, opened, transferred, closed, family_linked, family_link_changed, family_unlinked.',
  })
  action!: string;

  @Field(() => StaffMember, {
    nullable: true,
    description: 'Who made it; null only for the first-run command, before any staff existed.',
  })
  changedBy!: StaffMember | null;

  @Field(() => ChangeViaEnum, { description: 'How it arrived.' })
  via!: ChangeVia;

  @Field(() => [FieldChange], { description: 'Each field changed.' })
  fields!: FieldChange[];
}

@ObjectType('CarerDetails', {
  description:
    'A carer as kept on record: identity, address and telephone. Only for the social worker of a child they care for, admins, and integrations with the carers scope (docs/domain.md rule 11).',
  simpleResolvers: true,
})
export class CarerDetailsType {
  @Field(() => ID, { description: 'Stable identifier of the carer.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the carer.' })
  externalId!: string | null;

  @Field(() => String, { description: 'The carer’s or placement’s name.' })
  name!: string;

  @Field(() => String, { description: 'Where the child lives.' })
  address!: string;

  @Field(() => String, { nullable: true, description: 'Telephone number.' })
  phone!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Email address, for messages about the child’s sessions.',
  })
  email!: string | null;

  @Field(() => MessageChannelEnum, {
    nullable: true,
    description: 'How they asked to be reached by messages; null lets Kinroom choose.',
  })
  contactBy!: ContactChannel | null;

  @Field(() => Boolean, { description: 'True when nothing may be sent to them outside the dashboard.' })
  doNotContact!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why they must not be contacted; null unless `doNotContact`.',
  })
  doNotContactReason!: string | null;

  @Field(() => [RecordChangeType], { description: 'The carer’s change history, newest first.' })
  changes!: RecordChangeType[];
}

/** What names a family member in every answer about them (lent to the types below; never in the schema itself). */
@ObjectType()
export abstract class FamilyMemberIdentityFields {
  @Field(() => ID, { description: 'Stable identifier of the family member.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the family member.' })
  externalId!: string | null;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;
}

@ObjectType('FamilyMemberDetails', {
  description: 'A family member as kept on record, with their contact details and work pattern.',
  simpleResolvers: true,
})
export class FamilyMemberDetailsType extends FamilyMemberIdentityFields {
  @Field(() => String, { nullable: true, description: 'Telephone number.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address!: string | null;

  @Field(() => [WeeklySlotType], {
    description: 'When they work: contact is not booked during it (docs/domain.md rule 2).',
  })
  workPattern!: WeeklySlotType[];

  @Field(() => MessageChannelEnum, {
    nullable: true,
    description: 'How they asked to be reached by messages; null lets Kinroom choose.',
  })
  contactBy!: ContactChannel | null;

  @Field(() => Boolean, { description: 'True when nothing may be sent to them outside the dashboard.' })
  doNotContact!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why they must not be contacted; null unless `doNotContact`.',
  })
  doNotContactReason!: string | null;

  @Field(() => [RecordChangeType], { description: 'The family member’s change history, newest first.' })
  changes!: RecordChangeType[];
}

@ObjectType('FamilyLink', {
  description:
    'A member of the child’s family: how they are related and whether they hold parental responsibility.',
  simpleResolvers: true,
})
export class FamilyLinkType {
  @Field(() => String, { description: 'Relationship to the child, e.g. mother, grandfather.' })
  relationship!: string;

  @Field(() => Boolean, { description: 'Whether they hold parental responsibility for the child.' })
  parentalResponsibility!: boolean;

  @Field(() => FamilyMemberDetailsType, { description: 'The family member.' })
  familyMember!: FamilyMemberDetailsType;
}

@ObjectType('ChildCaseDetails', {
  description: 'A child’s case, held by one social worker at a time.',
  simpleResolvers: true,
})
export class ChildCaseType {
  @Field(() => ID, { description: 'Stable identifier of the case.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the case.' })
  externalId!: string | null;

  @Field(() => StaffMember, { description: 'The social worker holding the case (or who held it last).' })
  socialWorker!: StaffMember;

  @Field(() => Date, { description: 'When the case was opened.' })
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the case was closed; null while open.' })
  closedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The child’s independent reviewing officer (IRO), by name; null when not recorded.',
  })
  reviewingOfficerName!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The email the reviewing officer is told at (a suspension of contact); null when not recorded.',
  })
  reviewingOfficerEmail!: string | null;
}

/**
 * What names a child in every answer about their records. These base classes only lend their fields to the types
 * below: no field returns them, so they never appear in the schema themselves.
 */
@ObjectType()
export abstract class ChildIdentityFields {
  @Field(() => ID, { description: 'Stable identifier of the child.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the child.' })
  externalId!: string | null;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { description: 'Date of birth (YYYY-MM-DD).' })
  dateOfBirth!: string;
}

/** A child's own record: who they are, their dates and their school timetable. */
@ObjectType()
export abstract class ChildKeptFields extends ChildIdentityFields {
  @Field(() => String, { nullable: true, description: 'Date of death (YYYY-MM-DD), if recorded.' })
  dateOfDeath!: string | null;

  @Field(() => String, {
    description:
      'The record is kept until this date (YYYY-MM-DD), worked out from the dates: the 75th birthday, or 15 years after death before 18 (docs/domain.md rule 12).',
  })
  retainUntil!: string;

  @Field(() => [WeeklySlotType], {
    description: 'The child’s school timetable: contact is not booked during it (docs/domain.md rule 2).',
  })
  schoolPattern!: WeeklySlotType[];
}

@ObjectType('ChildDetails', {
  description:
    'A child’s record as their social worker, the council’s admins and integrations keep it: everything editable, the family, the case and every change. Every read is written to the access log.',
  simpleResolvers: true,
})
export class ChildDetailsType extends ChildKeptFields {
  @Field(() => CarerDetailsType, {
    nullable: true,
    description:
      'Who the child lives with: for the social worker and admins, and integrations with the carers scope; null for everyone else, and when none is recorded.',
  })
  carer!: CarerDetailsType | null;

  @Field(() => [FamilyLinkType], { description: 'The child’s family members, by name.' })
  family!: FamilyLinkType[];

  @Field(() => ChildCaseType, { nullable: true, description: 'The open case; null when the child has none.' })
  openCase!: ChildCaseType | null;

  @Field(() => [ChildCaseType], { description: 'Every case of the child, newest first.' })
  cases!: ChildCaseType[];

  @Field(() => [RecordChangeType], {
    description:
      'The changes to the child’s record and cases, newest first (at most 200). Changes to who the carer is are left out for those who may not see carers.',
  })
  changes!: RecordChangeType[];
}

@ObjectType('ChildMatch', {
  description: 'A child found by name, within your reach, to open their record.',
  simpleResolvers: true,
})
export class ChildMatchType extends ChildIdentityFields {}
