import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ANYONE, ADMIN, INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import { requireViewer } from '../access/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { DemoUser, Me, SignInOptions, SignInPayload } from './auth.type.js';
import { demoSignIn, listDemoUsers } from './auth.service.js';
import { oidcSignIn, signInOptions, signOut } from './oidc.service.js';

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

  @Authorized(ANYONE)
  @Query(() => SignInOptions, {
    description:
      'Which ways of signing in this server offers, so that the sign-in screen shows the right ones.',
  })
  signInOptions(@Ctx() ctx: GraphQLContext): SignInOptions {
    return signInOptions(ctx.config);
  }

  @Authorized(ANYONE)
  @Mutation(() => SignInPayload, {
    description:
      'Sign in with an ID token from the council’s identity provider (authorization code flow with PKCE, done by the dashboard). The account is the one bound to the token’s subject, or an invited one with the same verified email; its role and centre are Kinroom’s. Refused with UNAUTHENTICATED (a bad, expired or foreign token) or NO_ACCOUNT (nobody in Kinroom has this identity yet: `extensions.email` and `extensions.subject` say who signed in).',
  })
  signInWithOidc(
    @Arg('idToken', () => String, { description: 'The ID token the provider issued to the dashboard.' })
    idToken: string,
    @Arg('nonce', () => String, {
      description: 'The nonce the dashboard sent with its authorization request.',
    })
    nonce: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SignInPayload> {
    return oidcSignIn(ctx.em, ctx.config, idToken, nonce);
  }

  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR, ADMIN)
  @Mutation(() => Boolean, {
    description:
      'Sign out everywhere: every token of yours issued until now stops working at once, and your open connections close. Not for API keys (an admin revokes a key).',
  })
  signOut(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    return signOut(ctx.em, requireViewer(ctx.viewer));
  }

  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR, ADMIN)
  @Query(() => Me, { description: 'Who the bearer token belongs to.' })
  me(@Ctx() ctx: GraphQLContext): Me {
    const v = requireViewer(ctx.viewer);
    return { id: v.userId, name: v.name, role: v.role, centreId: v.centreId, councilId: v.councilId };
  }
}
