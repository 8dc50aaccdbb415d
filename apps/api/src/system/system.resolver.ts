import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { ANYONE } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ServerStatus } from './system.type.js';

export const API_VERSION = '0.1.0';

@Resolver()
export class SystemResolver {
  @Authorized(ANYONE)
  @Query(() => ServerStatus, { description: 'Whether the server is up and can reach its database.' })
  async serverStatus(@Ctx() ctx: GraphQLContext): Promise<ServerStatus> {
    await ctx.em.getConnection().execute('select 1');
    return { status: 'ok', version: API_VERSION, now: new Date() };
  }
}
