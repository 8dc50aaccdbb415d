import { Field, ID, ObjectType } from 'type-graphql';
import { StaffRoleEnum } from '../auth/auth.type.js';
import type { StaffRole } from '../people/staff-user.entity.js';

@ObjectType('StaffAccount', {
  description: 'A member of staff’s account, as the council’s admins manage it (docs/set-up.md).',
  simpleResolvers: true,
})
export class StaffAccountType {
  @Field(() => ID, { description: 'Stable identifier of the staff member.' })
  id!: string;

  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => String, { description: 'Email address, unique across Kinroom.' })
  email!: string;

  @Field(() => StaffRoleEnum, { description: 'Role, which decides what they may see and do.' })
  role!: StaffRole;

  @Field(() => String, {
    nullable: true,
    description: 'Their UK mobile number for urgent messages (docs/notifications.md); null when none.',
  })
  mobile!: string | null;

  @Field(() => ID, { nullable: true, description: 'The centre they work at (managers and supervisors).' })
  centreId!: string | null;

  @Field(() => String, { nullable: true, description: 'The name of that centre.' })
  centreName!: string | null;

  @Field(() => Boolean, { description: 'False once deactivated: they can no longer sign in or act.' })
  active!: boolean;

  @Field(() => Boolean, {
    description:
      'Whether a sign-in subject of the council’s identity provider is bound to the account (set at invitation, or at the first sign-in with this email).',
  })
  signInBound!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The identity provider’s subject (`sub`), when bound.',
  })
  oidcSubject!: string | null;

  @Field(() => Date, { description: 'When the account was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was deactivated; null while active.' })
  deactivatedAt!: Date | null;
}
