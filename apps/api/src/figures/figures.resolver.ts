import { FIGURES_DEFAULT_WEEKS, FIGURES_MAX_WEEKS } from '@kinroom/domain';
import { Arg, Authorized, Ctx, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { LiveEventOf } from '../realtime/live-event.js';
import { AfterCursor, subscribeTo } from '../realtime/live-topic.js';
import { CENTRE_FIGURES_CHANGED } from '../realtime/live-topics.js';
import { CentreFiguresQuery } from './figures.query.js';
import { CentreFiguresChangeType, CentreFiguresType } from './figures.type.js';

@Resolver()
export class FiguresResolver {
  @Authorized(MANAGER)
  @Query(() => CentreFiguresType, {
    description:
      'Your centre’s figures, for each London week (Monday to Sunday) and for the whole range: attendance rate, unexplained absences, days from signing to first contact, reports on time, time to acknowledge flags and room use (docs/figures.md). For the centre’s manager; NOT_FOUND for another centre.',
  })
  centreFigures(
    @Ctx() ctx: GraphQLContext,
    @Arg('centreId', () => ID, { description: 'The centre: your own.' }) centreId: string,
    @Arg('weeks', () => Int, {
      defaultValue: FIGURES_DEFAULT_WEEKS,
      description: `How many weeks, ending with the current week (1 to ${FIGURES_MAX_WEEKS}).`,
    })
    weeks: number,
  ): Promise<CentreFiguresType> {
    return new CentreFiguresQuery(ctx.em, requireViewer(ctx.viewer), ctx.now()).forCentre(centreId, weeks);
  }

  @Authorized(MANAGER)
  @Subscription(() => CentreFiguresChangeType, {
    description:
      'Something your centre’s figures count has changed (a session, its attendance, an observation record, a flag): read `centreFigures` again. For the centre’s manager.',
    subscribe: subscribeTo(CENTRE_FIGURES_CHANGED),
  })
  centreFiguresChanged(
    @Root() e: LiveEventOf<'session' | 'observation' | 'flag'>,
    @Arg('centreId', () => ID, { description: 'The centre: your own.' }) _centreId: string,
    @AfterCursor() _after?: string | null,
  ): CentreFiguresChangeType {
    return { cursor: e.id, topic: e.topic, occurredAt: e.createdAt };
  }
}
