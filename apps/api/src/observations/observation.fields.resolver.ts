import { isOverdue, validateObservationForSubmit } from '@kinroom/domain';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ChildSummary } from '../people/people.type.js';
import { toAmendmentType } from './observation.mapper.js';
import {
  ObservationAmendmentType,
  ObservationProblemType,
  ObservationType,
  type KnownStaff,
} from './observation.type.js';

async function staffMember(ctx: GraphQLContext, id: string): Promise<StaffMember> {
  const u = await ctx.loaders.staff.load(id);
  return { id, name: u?.name ?? '', role: u?.role ?? 'supervisor' };
}

/**
 * A staff member read with the record when they were (answered at once, so that a page of records completes
 * without a promise per field), or else through the operation's batch loader.
 */
function staffOf(
  ctx: GraphQLContext,
  id: string,
  known: ReadonlyMap<string, KnownStaff> | undefined,
): StaffMember | Promise<StaffMember> {
  const u = known?.get(id);
  return u ? { id, name: u.name, role: u.role } : staffMember(ctx, id);
}

/** The nested parts of an observation record, batched per operation. */
@Resolver(() => ObservationType)
export class ObservationFieldsResolver {
  @FieldResolver(() => StaffMember, { description: 'The supervisor who wrote it.' })
  author(@Root() o: ObservationType, @Ctx() ctx: GraphQLContext): StaffMember | Promise<StaffMember> {
    return staffOf(ctx, o.authorId, o.readAlong?.staff);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who approved it; null until approved.' })
  reviewer(
    @Root() o: ObservationType,
    @Ctx() ctx: GraphQLContext,
  ): StaffMember | Promise<StaffMember> | null {
    return o.reviewerId ? staffOf(ctx, o.reviewerId, o.readAlong?.staff) : null;
  }

  @FieldResolver(() => ChildSummary, { description: 'The child: first name and initial only.' })
  async child(@Root() o: ObservationType, @Ctx() ctx: GraphQLContext): Promise<ChildSummary> {
    const c = await ctx.loaders.child.load(o.childId);
    return { id: o.childId, firstName: c?.firstName ?? '', lastInitial: c?.lastName.slice(0, 1) ?? '' };
  }

  @FieldResolver(() => [ObservationAmendmentType], {
    description: 'Dated, signed amendments to the final record, oldest first.',
  })
  amendments(
    @Root() o: ObservationType,
    @Ctx() ctx: GraphQLContext,
  ): ObservationAmendmentType[] | Promise<ObservationAmendmentType[]> {
    if (o.status !== 'final') return [];
    const known = o.readAlong;
    if (known) return known.amendments.map((a) => toAmendmentType(a, known.staff));
    return ctx.loaders.amendmentsByObservation
      .load(o.id)
      .then((found) => found.map((a) => toAmendmentType(a)));
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
  author(
    @Root() a: ObservationAmendmentType,
    @Ctx() ctx: GraphQLContext,
  ): StaffMember | Promise<StaffMember> {
    return staffOf(ctx, a.authorId, a.readAlong);
  }
}
