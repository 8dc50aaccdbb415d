import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Session } from '../sessions/session.entity.js';
import { SessionType } from '../sessions/session.type.js';
import {
  AMENDMENTS_DEFAULT_DAYS,
  AMENDMENTS_MAX_DAYS,
  CANCELLATION_RECENT_DAYS,
  DeskQueries,
} from './desk.query.js';
import { CentreAmendmentType } from './desk.type.js';

function queries(ctx: GraphQLContext): DeskQueries {
  return new DeskQueries(ctx.em, requireViewer(ctx.viewer), ctx.operation, ctx.now());
}

const CENTRE = 'The centre: your own.';

/** The centre manager's desk (docs/desk.md): what needs chasing between sessions. */
@Resolver()
export class DeskResolver {
  @Authorized(MANAGER)
  @Query(() => [SessionType], {
    description:
      'Sessions at the manager’s own centre whose booked end has passed with nothing recorded: no arrival, start, end or no-show, so no attendance. Oldest first. NOT_FOUND for another centre. Written to the access log.',
  })
  unrecordedSessions(
    @Arg('centreId', () => ID, { description: CENTRE }) centreId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Session[]> {
    return queries(ctx).unrecordedSessions(centreId);
  }

  @Authorized(MANAGER)
  @Query(() => [SessionType], {
    description: `Sessions the manager’s own centre cancelled, upcoming or ended in the last ${CANCELLATION_RECENT_DAYS} days, with no record of when the family was told (docs/domain.md rule 6); record it with \`recordFamilyInformed\`. Soonest first. NOT_FOUND for another centre. Written to the access log.`,
  })
  cancellationsNotTold(
    @Arg('centreId', () => ID, { description: CENTRE }) centreId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Session[]> {
    return queries(ctx).cancellationsNotTold(centreId);
  }

  @Authorized(MANAGER)
  @Query(() => [CentreAmendmentType], {
    description:
      'Amendments signed to final observation records of sessions at the manager’s own centre, newest first, each with its session. NOT_FOUND for another centre. Written to the access log.',
  })
  centreAmendments(
    @Arg('centreId', () => ID, { description: CENTRE }) centreId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('since', () => Date, {
      nullable: true,
      description: `Only those signed at or after this moment; the last ${AMENDMENTS_DEFAULT_DAYS} days when omitted, at most ${AMENDMENTS_MAX_DAYS} days back (BAD_USER_INPUT otherwise).`,
    })
    since?: Date | null,
  ): Promise<CentreAmendmentType[]> {
    return queries(ctx).amendments(centreId, since ?? null);
  }
}
