import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { logChildReads } from '../access/access-log.service.js';
import { requireViewer } from '../access/index.js';
import { INTEGRATOR, MANAGER, SOCIAL_WORKER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { ContactAgreement, SignatureMethod } from './agreement.entity.js';
import { CreateAgreementInput, ReviewAgreementInput } from './agreement.inputs.js';
import { AgreementService } from './agreement.service.js';
import {
  AgreementCentreOption,
  AgreementParticipantType,
  AgreementReviewType,
  ContactAgreementType,
  SignatureMethodEnum,
  SuspensionNoticeType,
} from './agreement.type.js';

function service(ctx: GraphQLContext): AgreementService {
  return new AgreementService(ctx.em, requireViewer(ctx.viewer), ctx.now());
}

@Resolver(() => ContactAgreementType)
export class AgreementResolver {
  @Authorized(SOCIAL_WORKER, MANAGER, INTEGRATOR)
  @Query(() => ContactAgreementType, {
    description:
      'One contact agreement: for the child’s social worker, the manager of the agreement’s centre, or the council’s integrator. The read is written to the access log.',
  })
  async agreement(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAgreement> {
    const a = await service(ctx).visible(id);
    await logChildReads(ctx.em, requireViewer(ctx.viewer), ctx.operation, [
      { childId: a.childId, fields: ['agreement'], reason: 'agreement read' },
    ]);
    return a;
  }

  @Authorized(SOCIAL_WORKER)
  @Query(() => [AgreementCentreOption], {
    description:
      'The council’s contact centres, by name: where an agreement you write can place its sessions.',
  })
  agreementCentres(@Ctx() ctx: GraphQLContext): Promise<AgreementCentreOption[]> {
    return service(ctx).centres();
  }

  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ContactAgreementType, {
    description:
      'Write a new contact agreement for a child on your caseload, as a draft. The supervision level and its reasons come from the risk factors. If the child already has an active or suspended agreement with any of the same family members, the new one supersedes it: signing the new one ends the old one (after a suspension, only a new agreement restarts contact).',
  })
  createAgreement(
    @Arg('input', () => CreateAgreementInput, { description: 'The agreement’s terms.' })
    input: CreateAgreementInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAgreement> {
    return service(ctx).create(input);
  }

  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ContactAgreementType, {
    description:
      'Record that a draft agreement was signed, by whom, when and how: it becomes active, and any agreement it supersedes ends (its booked sessions are cancelled). A suspended agreement can never be signed again: AGREEMENT_SUSPENDED. A new agreement replacing a suspended one needs the meeting with the parent recorded first: SUSPENSION_MEETING_REQUIRED.',
  })
  signAgreement(
    @Arg('id', () => ID, { description: 'The draft agreement.' }) id: string,
    @Arg('signedBy', () => String, { description: 'Who signed it, as written on the agreement.' })
    signedBy: string,
    @Arg('expectedVersion', () => Int, { description: 'The version you last read.' }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
    @Arg('signedAt', () => Date, {
      nullable: true,
      description:
        'When the parent signed: not in the future and not before the agreement was written. Now when omitted.',
    })
    signedAt?: Date | null,
    @Arg('signedVia', () => SignatureMethodEnum, {
      nullable: true,
      description: 'How the parent signed; not recorded when omitted.',
    })
    signedVia?: SignatureMethod | null,
  ): Promise<ContactAgreement> {
    return service(ctx).sign(id, signedBy, expectedVersion, { signedAt, signedVia });
  }

  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ContactAgreementType, {
    description:
      'Record a review of an agreement: what was decided, the next review date and any change to its practical terms. The status never changes through a review; a suspended agreement’s terms cannot change.',
  })
  reviewAgreement(
    @Arg('id', () => ID, { description: 'The agreement reviewed.' }) id: string,
    @Arg('input', () => ReviewAgreementInput, { description: 'The review.' }) input: ReviewAgreementInput,
    @Arg('expectedVersion', () => Int, { description: 'The version you last read.' }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAgreement> {
    return service(ctx).review(id, expectedVersion, input);
  }

  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ContactAgreementType, {
    description:
      'End an agreement, with the reason. Its sessions still booked in the future are cancelled (each with its event); the family must be told.',
  })
  endAgreement(
    @Arg('id', () => ID, { description: 'The agreement to end.' }) id: string,
    @Arg('reason', () => String, { description: 'Why it ends.' }) reason: string,
    @Arg('expectedVersion', () => Int, { description: 'The version you last read.' }) expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAgreement> {
    return service(ctx).end(id, reason, expectedVersion);
  }

  @FieldResolver(() => [AgreementParticipantType], {
    description: 'The family members who take part in contact: first name and relationship.',
  })
  participants(@Root() a: ContactAgreement, @Ctx() ctx: GraphQLContext): Promise<AgreementParticipantType[]> {
    return ctx.loaders.agreementParticipants.load(a.id);
  }

  @FieldResolver(() => SuspensionNoticeType, {
    nullable: true,
    description:
      'The written notice, when contact under this agreement was suspended (docs/domain.md rule 8); kept after a new agreement replaces it.',
  })
  suspensionNotice(
    @Root() a: ContactAgreement,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SuspensionNoticeType | null> {
    return ctx.loaders.suspensionNotice.load(a.id);
  }

  @FieldResolver(() => [AgreementReviewType], { description: 'The reviews recorded so far, oldest first.' })
  reviews(@Root() a: ContactAgreement, @Ctx() ctx: GraphQLContext): Promise<AgreementReviewType[]> {
    return ctx.loaders.agreementReviews.load(a.id);
  }
}
