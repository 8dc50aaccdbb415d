import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { ADMIN, SOCIAL_WORKER } from '../access/roles.js';
import { requireViewer } from '../access/viewer.js';
import type { GraphQLContext } from '../graphql/context.js';
import { FindQuery } from './find.query.js';
import { CarerMatchType, FamilyMemberMatchType } from './find.type.js';

/**
 * Choosing a family member or carer already on record for another child (docs/records.md): for social workers and
 * admins, who keep records in the dashboard. Integrations name records by the case system's ids instead.
 */
@Resolver()
export class FindResolver {
  @Authorized(SOCIAL_WORKER, ADMIN)
  @Query(() => [FamilyMemberMatchType], {
    description:
      'Family members already on record whose name holds the words given (or whose case-system id is exactly that), by family name; at most 20, none for fewer than 2 characters. A social worker finds the family of the children on their caseload and those they have just recorded; an admin, the council’s. Each child shown with them is written to the access log.',
  })
  findFamilyMembers(
    @Arg('name', () => String, { description: 'Part of a name, at least 2 characters.' }) name: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.query(ctx).familyMembers(name);
  }

  @Authorized(SOCIAL_WORKER, ADMIN)
  @Query(() => [CarerMatchType], {
    description:
      'Carers already on record whose name holds the words given (or whose case-system id is exactly that), by name; at most 20, none for fewer than 2 characters. A social worker finds only the carers of the children on their caseload and those they have just recorded, never the council’s other carers; an admin, the council’s. Each child shown with them is written to the access log.',
  })
  findCarers(
    @Arg('name', () => String, { description: 'Part of a name, at least 2 characters.' }) name: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.query(ctx).carers(name);
  }

  private query(ctx: GraphQLContext): FindQuery {
    return new FindQuery(ctx.em, requireViewer(ctx.viewer), ctx.operation);
  }
}
