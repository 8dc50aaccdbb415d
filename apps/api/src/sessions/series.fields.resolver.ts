import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import type { Session } from './session.entity.js';
import { SeriesPositionType } from './series.type.js';
import { SessionType } from './session.type.js';

/** A session's place in its series, batched per operation. */
@Resolver(() => SessionType)
export class SeriesFieldsResolver {
  @FieldResolver(() => SeriesPositionType, {
    nullable: true,
    description:
      'Where it sits in its series (e.g. 3 of 24), counting cancelled sessions too; null for a session booked on its own.',
  })
  async seriesPosition(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<SeriesPositionType | null> {
    if (!s.seriesId) return null;
    const ids = await ctx.loaders.sessionsBySeries.load(s.seriesId);
    const index = ids.indexOf(s.id);
    return index < 0 ? null : { seriesId: s.seriesId, index: index + 1, total: ids.length };
  }
}
