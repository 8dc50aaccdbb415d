import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { SOCIAL_WORKER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { ContactAgreement } from './agreement.entity.js';
import { RecordSuspensionMeetingInput } from './agreement.inputs.js';
import { ContactAgreementType, SuspensionMeetingType } from './agreement.type.js';
import { SuspensionMeetingService } from './suspension-meeting.service.js';

/** The meeting with the parent after a three-strikes suspension (docs/agreements.md). */
@Resolver(() => ContactAgreementType)
export class SuspensionMeetingResolver {
  @Authorized(SOCIAL_WORKER)
  @Mutation(() => ContactAgreementType, {
    description:
      'Record your meeting with the parent after contact under an agreement was suspended: when, who attended and what was agreed. Only for a suspended agreement of a child on your caseload; kept as written. A new agreement restarting contact needs one first.',
  })
  recordSuspensionMeeting(
    @Arg('input', () => RecordSuspensionMeetingInput, { description: 'The meeting.' })
    input: RecordSuspensionMeetingInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAgreement> {
    return new SuspensionMeetingService(ctx.em, requireViewer(ctx.viewer), ctx.now()).record(input);
  }

  @FieldResolver(() => [SuspensionMeetingType], {
    description: 'The meetings with the parent recorded after a suspension, oldest first; empty when none.',
  })
  suspensionMeetings(
    @Root() a: ContactAgreement,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SuspensionMeetingType[]> {
    return ctx.loaders.suspensionMeetings.load(a.id);
  }
}
