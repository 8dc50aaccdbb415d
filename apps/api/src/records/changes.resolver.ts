import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/viewer.js';
import { INTEGRATOR } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { CHANGES_DEFAULT_PAGE, CHANGES_MAX_PAGE, ChangesQuery } from './changes.query.js';
import {
  ChangedAgreementsPage,
  ChangedCasesPage,
  ChangedChildrenPage,
  ChangedSessionsPage,
} from './changes.type.js';

const AFTER = {
  nullable: true,
  description: 'The `endCursor` of the page read last; leave out to start from the beginning.',
};
const FIRST = {
  defaultValue: CHANGES_DEFAULT_PAGE,
  description: `How many records to return, 1 to ${CHANGES_MAX_PAGE}.`,
};

/** The integrations' "changed since" lists (docs/records.md), each needing the API key's read scope. */
@Resolver()
export class ChangesResolver {
  @Authorized(INTEGRATOR)
  @Query(() => ChangedChildrenPage, {
    description:
      'The council’s children changed after the cursor, in the order the changes committed (docs/records.md). Carers are never listed. Each child listed is written to the access log.',
  })
  childrenChanged(
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, AFTER) after?: string | null,
    @Arg('first', () => Int, FIRST) first: number = CHANGES_DEFAULT_PAGE,
  ) {
    return this.query(ctx).children(after, first);
  }

  @Authorized(INTEGRATOR)
  @Query(() => ChangedCasesPage, {
    description:
      'The council’s cases opened, transferred or closed after the cursor, in commit order. Each child listed is written to the access log.',
  })
  casesChanged(
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, AFTER) after?: string | null,
    @Arg('first', () => Int, FIRST) first: number = CHANGES_DEFAULT_PAGE,
  ) {
    return this.query(ctx).cases(after, first);
  }

  @Authorized(INTEGRATOR)
  @Query(() => ChangedAgreementsPage, {
    description:
      'The council’s contact agreements changed after the cursor, in commit order. Each child listed is written to the access log.',
  })
  agreementsChanged(
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, AFTER) after?: string | null,
    @Arg('first', () => Int, FIRST) first: number = CHANGES_DEFAULT_PAGE,
  ) {
    return this.query(ctx).agreements(after, first);
  }

  @Authorized(INTEGRATOR)
  @Query(() => ChangedSessionsPage, {
    description:
      'The council’s sessions booked or changed after the cursor, in commit order. Each child listed is written to the access log.',
  })
  sessionsChanged(
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, AFTER) after?: string | null,
    @Arg('first', () => Int, FIRST) first: number = CHANGES_DEFAULT_PAGE,
  ) {
    return this.query(ctx).sessions(after, first);
  }

  private query(ctx: GraphQLContext): ChangesQuery {
    return new ChangesQuery(ctx.em, requireViewer(ctx.viewer), ctx.operation);
  }
}
