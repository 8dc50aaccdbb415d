import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { ADMIN } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { InviteStaffInput, UpdateStaffInput } from './staff.inputs.js';
import { StaffAdminService } from './staff.service.js';
import { StaffAccountType } from './staff.type.js';

function service(ctx: GraphQLContext): StaffAdminService {
  return new StaffAdminService(ctx.em, requireViewer(ctx.viewer), ctx.now());
}

/** An admin managing the council's staff accounts (docs/set-up.md); each change is in the change log. */
@Resolver()
export class StaffAdminResolver {
  @Authorized(ADMIN)
  @Query(() => [StaffAccountType], {
    description:
      'The council’s staff accounts, by name, with role, centre and whether they can sign in. Admins only.',
  })
  staffMembers(
    @Ctx() ctx: GraphQLContext,
    @Arg('includeInactive', () => Boolean, {
      defaultValue: false,
      description: 'Include deactivated accounts.',
    })
    includeInactive: boolean = false,
  ): Promise<StaffAccountType[]> {
    return service(ctx).list(includeInactive);
  }

  @Authorized(ADMIN)
  @Mutation(() => StaffAccountType, {
    description:
      'Add a member of staff, who then signs in through the council’s identity provider with that email. CONFLICT when the email or subject is taken. Admins only.',
  })
  inviteStaff(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => InviteStaffInput, { description: 'Who.' }) input: InviteStaffInput,
  ): Promise<StaffAccountType> {
    return service(ctx).invite(input);
  }

  @Authorized(ADMIN)
  @Mutation(() => StaffAccountType, {
    description:
      'Change a member of staff’s name, email, role, centre or sign-in subject. LAST_ADMIN when it would leave the council without an active admin. Admins only.',
  })
  updateStaff(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: 'The member of staff.' }) id: string,
    @Arg('input', () => UpdateStaffInput, { description: 'What changes.' }) input: UpdateStaffInput,
  ): Promise<StaffAccountType> {
    return service(ctx).update(id, input);
  }

  @Authorized(ADMIN)
  @Mutation(() => StaffAccountType, {
    description:
      'Deactivate an account: it is signed out at once, everywhere, and keeps its history. Not your own; LAST_ADMIN for the council’s last active admin. Admins only.',
  })
  deactivateStaff(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: 'The member of staff.' }) id: string,
  ): Promise<StaffAccountType> {
    return service(ctx).deactivate(id);
  }

  @Authorized(ADMIN)
  @Mutation(() => StaffAccountType, { description: 'Let a deactivated account sign in again. Admins only.' })
  reactivateStaff(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: 'The member of staff.' }) id: string,
  ): Promise<StaffAccountType> {
    return service(ctx).reactivate(id);
  }
}
