import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { STAFF_ROLES, type StaffRole } from '../people/staff-user.entity.js';

export const StaffRoleEnum = Object.fromEntries(STAFF_ROLES.map((r) => [r.toUpperCase(), r])) as Record<
  string,
  StaffRole
>;
registerEnumType(StaffRoleEnum, {
  name: 'StaffRole',
  description: 'What a member of staff does, which decides what they may see and do.',
  valuesConfig: {
    CENTRE_MANAGER: {
      description: 'Runs a contact centre: watches its rooms live, books sessions, sees its flags.',
    },
    SUPERVISOR: {
      description: 'A contact supervisor (parenting practitioner) who runs sessions and writes observations.',
    },
    SOCIAL_WORKER: {
      description: "Owns children's cases: agreements, transport, and each child's whole contact history.",
    },
    INTEGRATOR: {
      description: "Another council system reading the council's records (never carers' identities).",
    },
    ADMIN: {
      description: 'Manages users and centres and reads the access log; does not read children’s records.',
    },
  },
});

@ObjectType({ description: 'A member of staff, as shown to colleagues.', simpleResolvers: true })
export class StaffMember {
  @Field(() => ID, { description: 'Stable identifier of the staff member.' })
  id!: string;

  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => StaffRoleEnum, { description: 'Role, which decides what they may see and do.' })
  role!: StaffRole;
}

@ObjectType({ description: 'A demo user offered by the development sign-in.' })
export class DemoUser extends StaffMember {
  @Field(() => String, { description: 'Sign-in email address.' })
  email!: string;

  @Field(() => String, { description: 'The council the user works for.' })
  councilName!: string;
}

@ObjectType({
  description: 'The result of signing in: a bearer token for HTTP and WebSocket, and who it is for.',
})
export class SignInPayload {
  @Field(() => String, {
    description: 'Send as `Authorization: Bearer <token>`, and as `token` in `connection_init`.',
  })
  token!: string;

  @Field(() => Date, { description: 'When the token stops working.' })
  expiresAt!: Date;

  @Field(() => StaffMember, { description: 'Who is signed in.' })
  user!: StaffMember;
}

@ObjectType({ description: 'The signed-in member of staff.' })
export class Me extends StaffMember {
  @Field(() => ID, { nullable: true, description: 'The centre they work at, for managers and supervisors.' })
  centreId!: string | null;

  @Field(() => ID, { description: 'Their council.' })
  councilId!: string;
}

@ObjectType({ description: 'The council’s identity provider, as the dashboard needs it to start a sign-in.' })
export class OidcSignIn {
  @Field(() => String, { description: 'The provider’s issuer URL; its discovery document is under it.' })
  issuer!: string;

  @Field(() => String, { description: 'Kinroom’s client id at the provider.' })
  clientId!: string;

  @Field(() => String, { description: 'The scopes to ask for, space-separated (always including `openid`).' })
  scopes!: string;
}

@ObjectType({ description: 'The ways of signing in this server offers.' })
export class SignInOptions {
  @Field(() => OidcSignIn, {
    nullable: true,
    description: 'Signing in through the council’s identity provider; null while it is not set up.',
  })
  oidc!: OidcSignIn | null;

  @Field(() => Boolean, {
    description: 'Whether the development sign-in as the demo cast is on (a development instance only).',
  })
  demo!: boolean;
}
