import type { AgreementStatus } from './agreement.entity.js';
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { AgreementStatusEnum } from './agreement.type.js';
import { centreAgreements, MAX_CENTRE_AGREEMENTS } from './centre-agreements.query.js';
import { CentreAgreementType } from './centre-agreements.type.js';

/** Finding an agreement to book sessions under (docs/sessions.md). */
@Resolver()
export class CentreAgreementsResolver {
  @Authorized(MANAGER)
  @Query(() => [CentreAgreementType], {
    description: `The agreements at your centre that sessions can be booked under (active, or draft for a pre-contact visit or planning meeting), found by the child’s or a participant’s name; at most ${MAX_CENTRE_AGREEMENTS}, by the child’s name. Another centre is NOT_FOUND. Each child shown is written to the access log.`,
  })
  centreAgreements(
    @Ctx() ctx: GraphQLContext,
    @Arg('centreId', () => ID, { description: 'Your centre.' }) centreId: string,
    @Arg('search', () => String, {
      nullable: true,
      description:
        'Part of the child’s or a participant’s name (at least 2 characters); every agreement when omitted.',
    })
    search?: string | null,
    @Arg('statuses', () => [AgreementStatusEnum], {
      nullable: true,
      description: 'ACTIVE and/or DRAFT; both when omitted.',
    })
    statuses?: AgreementStatus[] | null,
  ) {
    return centreAgreements(ctx.em, requireViewer(ctx.viewer), ctx.operation, {
      centreId,
      search: search ?? null,
      statuses: statuses ?? null,
    });
  }
}
