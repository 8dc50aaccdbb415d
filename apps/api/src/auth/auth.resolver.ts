import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ANYONE, ADMIN, INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import { requireViewer } from '../access/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { DemoUser, Me, SignInPayload } from './auth.type.js';
import { demoSignIn, listDemoUsers } from './auth.service.js';

@Resolver()
export class AuthResolver {
  @Authorized(ANYONE)
  @Query(() => [DemoUser], {
    description:
      'Development only: the demo cast, who can sign in without a password on a development instance (not production, bound to a loopback address). Empty anywhere else.',
  })
  demoUsers(@Ctx() ctx: GraphQLContext): Promise<DemoUser[]> {
    return listDemoUsers(ctx.em, ctx.config);
  }

  @Authorized(ANYONE)
  @Mutation(() => SignInPayload, {
    description:
      'Development only: sign in as one of the demo cast by email, without a password, on a development instance (not production, bound to a loopback address). Refused anywhere else, and for anyone not in the demo cast.',
  })
  signInAsDemoUser(
    @Arg('email', () => String, { description: "The demo user's sign-in email, as listed by `demoUsers`." })
    email: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SignInPayload> {
    return demoSignIn(ctx.em, ctx.config, email, ctx.now());
  }

  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR, ADMIN)
  @Query(() => Me, { description: 'Who the bearer token belongs to.' })
  me(@Ctx() ctx: GraphQLContext): Me {
    const v = requireViewer(ctx.viewer);
    return { id: v.userId, name: v.name, role: v.role, centreId: v.centreId, councilId: v.councilId };
  }
}
