import { isOverdue, validateObservationForSubmit } from '@kinroom/domain';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ChildSummary } from '../people/people.type.js';
import { toAmendmentType } from './observation.mapper.js';
import { ObservationAmendmentType, ObservationProblemType, ObservationType } from './observation.type.js';

async function staffMember(ctx: GraphQLContext, id: string): Promise<StaffMember> {
  const u = await ctx.loaders.staff.load(id);
  return { id, name: u?.name ?? '', role: u?.role ?? 'supervisor' };
}

/** The nested parts of an observation record, batched per operation. */
@Resolver(() => ObservationType)
export class ObservationFieldsResolver {
  @FieldResolver(() => StaffMember, { description: 'The supervisor who wrote it.' })
  author(@Root() o: ObservationType, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    return staffMember(ctx, o.authorId);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who approved it; null until approved.' })
  async reviewer(@Root() o: ObservationType, @Ctx() ctx: GraphQLContext): Promise<StaffMember | null> {
    return o.reviewerId ? staffMember(ctx, o.reviewerId) : null;
  }

  @FieldResolver(() => ChildSummary, { description: 'The child: first name and initial only.' })
  async child(@Root() o: ObservationType, @Ctx() ctx: GraphQLContext): Promise<ChildSummary> {
    const c = await ctx.loaders.child.load(o.childId);
    return { id: o.childId, firstName: c?.firstName ?? '', lastInitial: c?.lastName.slice(0, 1) ?? '' };
  }

  @FieldResolver(() => [ObservationAmendmentType], {
    description: 'Dated, signed amendments to the final record, oldest first.',
  })
  async amendments(
    @Root() o: ObservationType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationAmendmentType[]> {
    if (o.status !== 'final') return [];
    return (await ctx.loaders.amendmentsByObservation.load(o.id)).map(toAmendmentType);
  }

  @FieldResolver(() => Boolean, {
    description: 'True when the record is not final and its due time (5 working days) has passed.',
  })
  overdue(@Root() o: ObservationType, @Ctx() ctx: GraphQLContext): boolean {
    return o.status !== 'final' && isOverdue(o.dueAt, ctx.now());
  }

  @FieldResolver(() => [ObservationProblemType], {
    description: 'For a draft: what still stops it being submitted. Empty when it can be submitted.',
  })
  submitProblems(@Root() o: ObservationType): ObservationProblemType[] {
    if (o.status !== 'draft') return [];
    const written = o.sections.filter((s) => s.facts !== '' || s.opinion !== '');
    return validateObservationForSubmit(written);
  }
}

@Resolver(() => ObservationAmendmentType)
export class ObservationAmendmentFieldsResolver {
  @FieldResolver(() => StaffMember, { description: 'Who signed the amendment.' })
  author(@Root() a: ObservationAmendmentType, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    return staffMember(ctx, a.authorId);
  }
}
