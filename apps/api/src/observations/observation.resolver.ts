import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { ADMIN, INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { evidenceKeys } from './evidence-keys.js';
import { ObservationSectionInput } from './observation.inputs.js';
import { ObservationQueries } from './observation.query.js';
import { ObservationService } from './observation.service.js';
import { EvidenceChainReport, ObservationAmendmentType, ObservationType } from './observation.type.js';

function service(ctx: GraphQLContext): ObservationService {
  return new ObservationService(ctx.em, requireViewer(ctx.viewer), ctx.now(), () => evidenceKeys(ctx.config));
}

function queries(ctx: GraphQLContext): ObservationQueries {
  return new ObservationQueries(ctx.em, requireViewer(ctx.viewer), ctx.operation);
}

const VERSION = 'The version you last read; a stale version is refused with STALE_VERSION.';

@Resolver(() => ObservationType)
export class ObservationResolver {
  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR)
  @Query(() => ObservationType, {
    description:
      'One observation record, if it is yours to read: its author, reviewers at the centre while it is under review, the centre manager, and once final the child’s social worker and integrations. The read is written to the access log.',
  })
  observation(
    @Arg('id', () => ID, { description: 'The observation record.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationType> {
    return queries(ctx).one(id);
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Query(() => [ObservationType], {
    description:
      'Records submitted at your centre that you did not write and may review, the earliest due first.',
  })
  observationsToReview(@Ctx() ctx: GraphQLContext): Promise<ObservationType[]> {
    return queries(ctx).toReview();
  }

  @Authorized(SUPERVISOR)
  @Query(() => [ObservationType], {
    description: 'Your own draft records (new, or sent back to you), the earliest due first.',
  })
  myObservationDrafts(@Ctx() ctx: GraphQLContext): Promise<ObservationType[]> {
    return queries(ctx).myDrafts();
  }

  @Authorized(MANAGER, SOCIAL_WORKER, INTEGRATOR, ADMIN)
  @Query(() => EvidenceChainReport, {
    description:
      'Recomputes a child’s evidence chain (final records and amendments) from what is stored, checks every record’s signature with the evidence key kept outside the database, and reports whether it is intact, and where it first breaks if not. For those who may read the child’s history, and auditors.',
  })
  async verifyEvidenceChain(
    @Arg('childId', () => ID, { description: 'The child whose records to check.' }) childId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EvidenceChainReport> {
    return queries(ctx).verifyChain(childId, await evidenceKeys(ctx.config), ctx.now());
  }

  @Authorized(SUPERVISOR)
  @Mutation(() => ObservationType, {
    description:
      'The session’s supervisor starts its observation record once contact has started; calling it again returns the same draft. Refused with OBSERVATION_NOT_REQUIRED for supported contact (which keeps attendance only) and OBSERVATION_SESSION_NOT_STARTED before contact starts.',
  })
  startObservation(
    @Arg('sessionId', () => ID, { description: 'The supervised contact session.' }) sessionId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationType> {
    return service(ctx).start(sessionId);
  }

  @Authorized(SUPERVISOR)
  @Mutation(() => ObservationType, {
    description:
      'Autosave a draft as its author types: the sections sent replace those sections, the others are kept. Only the author, only drafts; a final record is refused with OBSERVATION_FINAL.',
  })
  saveObservationDraft(
    @Arg('id', () => ID, { description: 'The draft record.' }) id: string,
    @Arg('sections', () => [ObservationSectionInput], {
      description: 'The sections to save, each with facts and opinion apart.',
    })
    sections: ObservationSectionInput[],
    @Arg('expectedVersion', () => Int, { description: VERSION }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationType> {
    return service(ctx).saveDraft(id, sections, expectedVersion);
  }

  @Authorized(SUPERVISOR)
  @Mutation(() => ObservationType, {
    description:
      'The author submits the draft for review. Every section needs facts (or "Nothing to record"); otherwise OBSERVATION_INCOMPLETE lists what is missing.',
  })
  submitObservation(
    @Arg('id', () => ID, { description: 'The draft record.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: VERSION }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationType> {
    return service(ctx).submit(id, expectedVersion);
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => ObservationType, {
    description:
      'A reviewer sends a submitted or approved record back to its author as a draft, saying why (the author may also withdraw a submission this way).',
  })
  returnObservation(
    @Arg('id', () => ID, { description: 'The submitted or approved record.' }) id: string,
    @Arg('reason', () => String, { description: 'What the author should change.' }) reason: string,
    @Arg('expectedVersion', () => Int, { description: VERSION }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationType> {
    return service(ctx).returnToAuthor(id, reason, expectedVersion);
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => ObservationType, {
    description:
      'Another supervisor or the manager of the session’s centre approves a submitted record. Its author never can (FORBIDDEN).',
  })
  approveObservation(
    @Arg('id', () => ID, { description: 'The submitted record.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: VERSION }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationType> {
    return service(ctx).approve(id, expectedVersion);
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => ObservationType, {
    description:
      'Issues an approved record as evidence: it is hashed into the child’s evidence chain, shared with the social worker, and never changes again.',
  })
  finaliseObservation(
    @Arg('id', () => ID, { description: 'The approved record.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: VERSION }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationType> {
    return service(ctx).finalise(id, expectedVersion);
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => ObservationAmendmentType, {
    description:
      'Adds a dated addendum, signed by you, to a final record: its author, its reviewer or the centre manager. Amendments are never edited or removed.',
  })
  amendObservation(
    @Arg('id', () => ID, { description: 'The final record.' }) id: string,
    @Arg('reason', () => String, { description: 'Why it is amended, e.g. "Correction of fact".' })
    reason: string,
    @Arg('text', () => String, { description: 'The addendum.' }) text: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ObservationAmendmentType> {
    return service(ctx).amend(id, reason, text);
  }
}
