import type { ParentsCopyMethod } from '@kinroom/domain';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER, SOCIAL_WORKER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ParentsCopyQueries } from './parents-copy.query.js';
import { ParentsCopyService } from './parents-copy.service.js';
import { ParentsCopyDueType, ParentsCopyMethodEnum, ParentsCopyType } from './parents-copy.type.js';

function queries(ctx: GraphQLContext): ParentsCopyQueries {
  return new ParentsCopyQueries(ctx.em, requireViewer(ctx.viewer), ctx.operation, ctx.now());
}

function service(ctx: GraphQLContext): ParentsCopyService {
  return new ParentsCopyService(ctx.em, requireViewer(ctx.viewer), ctx.now(), ctx.operation);
}

const NOT_FINAL =
  'PARENTS_COPY_NOT_FINAL for a record that is not final yet; NOT_FOUND for a record that is not yours to know of.';

const RECORD = 'The final observation record.';

@Resolver(() => ParentsCopyType)
export class ParentsCopyResolver {
  @Authorized(MANAGER, SOCIAL_WORKER)
  @Query(() => ParentsCopyType, {
    description: `The parents’ copy of a final observation record (docs/parents-copy.md): its due date, what is withheld from it and each sharing. For the child’s social worker and the manager of the session’s centre. ${NOT_FINAL} Written to the access log.`,
  })
  parentsCopy(
    @Arg('observationId', () => ID, { description: RECORD }) observationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ParentsCopyType> {
    return queries(ctx).status(observationId);
  }

  @Authorized(MANAGER)
  @Query(() => [ParentsCopyDueType], {
    description:
      'The manager’s own centre’s final observation records whose parents’ copy has not been shared yet, due 3 calendar months after the session: the earliest due, so every overdue one, first. Children with current work at the centre only; NOT_FOUND for another centre. Written to the access log.',
  })
  parentsCopyDue(
    @Arg('centreId', () => ID, { description: 'The centre: your own.' }) centreId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ParentsCopyDueType[]> {
    return queries(ctx).due(centreId);
  }

  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ParentsCopyType, {
    description: `The child’s social worker marks a part of a final record withheld from the parents’ copy, saying why. Never edited; take it back with releaseParentsCopyWithholding. ${NOT_FINAL}`,
  })
  withholdFromParentsCopy(
    @Arg('observationId', () => ID, { description: RECORD }) observationId: string,
    @Arg('what', () => String, {
      description: 'Which part, e.g. "Section C, second paragraph". Up to 500 characters.',
    })
    what: string,
    @Arg('reason', () => String, {
      description:
        'Why the parents may not read it, e.g. "Names the carer’s street". Up to 2,000 characters.',
    })
    reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ParentsCopyType> {
    return service(ctx).withhold(observationId, what, reason);
  }

  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ParentsCopyType, {
    description:
      'The child’s social worker takes a withholding back, saying why: a dated entry of its own, the withholding itself is kept. A withholding already taken back is refused with BAD_USER_INPUT.',
  })
  releaseParentsCopyWithholding(
    @Arg('withholdingId', () => ID, { description: 'The withholding to take back.' }) withholdingId: string,
    @Arg('reason', () => String, { description: 'Why the part may now be shared. Up to 2,000 characters.' })
    reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ParentsCopyType> {
    return service(ctx).release(withholdingId, reason);
  }

  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ParentsCopyType, {
    description: `The child’s social worker records that the parents’ copy of a final record was shared. Each sharing is a new entry; none is edited. ${NOT_FINAL}`,
  })
  recordParentsCopyShared(
    @Arg('observationId', () => ID, { description: RECORD }) observationId: string,
    @Arg('sharedWith', () => [ID], {
      description:
        'The family members given the copy: participants of the session (`ParentsCopy.participants`).',
    })
    sharedWith: string[],
    @Arg('how', () => ParentsCopyMethodEnum, { description: 'How it reached them.' }) how: ParentsCopyMethod,
    @Arg('at', () => Date, {
      description: 'When it was shared: not in the future, nor before the record was final.',
    })
    at: Date,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ParentsCopyType> {
    return service(ctx).recordShared(observationId, sharedWith, how, at);
  }
}
