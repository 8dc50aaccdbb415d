import { Field, ID, InputType } from 'type-graphql';
import { StaffRoleEnum } from '../auth/auth.type.js';
import type { StaffRole } from '../people/staff-user.entity.js';

@InputType({ description: 'A new member of staff. They sign in through the council’s identity provider.' })
export class InviteStaffInput {
  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => String, { description: 'Email address they sign in with; unique across Kinroom.' })
  email!: string;

  @Field(() => StaffRoleEnum, { description: 'Role.' })
  role!: StaffRole;

  @Field(() => ID, {
    nullable: true,
    description: 'The centre they work at: required for managers and supervisors.',
  })
  centreId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The identity provider’s subject (`sub`) when known; otherwise bound at their first sign-in.',
  })
  oidcSubject?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A UK mobile number for urgent messages (a safeguarding flag not acknowledged in time), else BAD_USER_INPUT. Optional.',
  })
  mobile?: string | null;
}

@InputType({ description: 'Changes to a staff account: only the fields given change.' })
export class UpdateStaffInput {
  @Field(() => String, { nullable: true, description: 'Full name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address; unique across Kinroom.' })
  email?: string | null;

  @Field(() => StaffRoleEnum, {
    nullable: true,
    description: 'Role. You cannot take away your own admin role.',
  })
  role?: StaffRole | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The centre they work at (managers and supervisors must have one).',
  })
  centreId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True to take them off any centre (not for managers and supervisors).',
  })
  clearCentre?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The identity provider’s subject (`sub`).' })
  oidcSubject?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True to unbind the sign-in subject, e.g. after the identity provider re-created the person.',
  })
  clearOidcSubject?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A UK mobile number for urgent messages (a safeguarding flag not acknowledged in time), else BAD_USER_INPUT. An empty string removes it.',
  })
  mobile?: string | null;
}
