import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { ADMIN, INTEGRATOR, MANAGER, SUPERVISOR } from '../access/roles.js';
import { StaffMember, StaffRoleEnum } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { StaffRole } from '../people/staff-user.entity.js';
import { CentreService } from './centre.service.js';
import { CentreType } from './centre.type.js';

function service(ctx: GraphQLContext): CentreService {
  return new CentreService(ctx.em, requireViewer(ctx.viewer));
}

@Resolver()
export class CentreResolver {
  @Authorized(MANAGER, SUPERVISOR, INTEGRATOR, ADMIN)
  @Query(() => [CentreType], {
    description:
      'The centres you work with: a manager’s or supervisor’s own centre; every centre of the council for integrators and admins. With rooms, hours and turnover.',
  })
  myCentres(@Ctx() ctx: GraphQLContext): Promise<CentreType[]> {
    return service(ctx).mine();
  }

  @Authorized(MANAGER, SUPERVISOR, INTEGRATOR, ADMIN)
  @Query(() => CentreType, { description: 'One centre you work with, with its rooms.' })
  centre(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: 'The centre.' }) id: string,
  ): Promise<CentreType> {
    return service(ctx).one(id);
  }

  @Authorized(MANAGER, INTEGRATOR, ADMIN)
  @Query(() => [StaffMember], {
    description:
      'The active staff working at a centre, by name: with role SUPERVISOR, the supervisors a manager can book.',
  })
  centreStaff(
    @Ctx() ctx: GraphQLContext,
    @Arg('centreId', () => ID, { description: 'The centre.' }) centreId: string,
    @Arg('role', () => StaffRoleEnum, { nullable: true, description: 'Only staff with this role.' })
    role?: StaffRole | null,
  ): Promise<StaffMember[]> {
    return service(ctx).staff(centreId, role ?? null);
  }
}
