import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/viewer.js';
import { assertMayReadRecords } from '../access/records.js';
import { ADMIN, INTEGRATOR, SOCIAL_WORKER } from '../access/roles.js';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import {
  CarerInput,
  ChildAndFamilyMemberArgs,
  ChildInput,
  ChildRefArgs,
  FamilyMemberInput,
} from './records.inputs.js';
import { RecordsQuery } from './records.query.js';
import { RecordsService } from './records.service.js';
import {
  CarerDetailsType,
  ChildDetailsType,
  ChildMatchType,
  FamilyMemberDetailsType,
} from './records.type.js';

const KEEPERS = [SOCIAL_WORKER, ADMIN, INTEGRATOR];

/** A child's records, for those who keep them: social workers (their caseload), admins and integrations (docs/records.md). */
@Resolver()
export class RecordsResolver {
  @Authorized(...KEEPERS)
  @Query(() => ChildDetailsType, {
    nullable: true,
    description:
      'A child’s editable record: names, dates, retention date, school timetable, carer (as allowed), family, the case and its history, and every change. For the child’s social worker, the council’s admins and integrations; NOT_FOUND otherwise, as for an unknown id. Written to the access log.',
  })
  childDetails(@Arg('id', () => ID, { description: 'The child.' }) id: string, @Ctx() ctx: GraphQLContext) {
    return this.query(ctx).child(id);
  }

  @Authorized(...KEEPERS)
  @Query(() => FamilyMemberDetailsType, {
    nullable: true,
    description:
      'A family member’s record, with their changes: of a child on your caseload (social workers), or of your council (admins, integrations). NOT_FOUND otherwise.',
  })
  familyMemberDetails(
    @Arg('id', () => ID, { description: 'The family member.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.query(ctx).familyMember(id);
  }

  @Authorized(...KEEPERS)
  @Query(() => CarerDetailsType, {
    nullable: true,
    description:
      'A carer’s record, with their changes: for the social worker of a child they care for, admins, and integrations with the carers scope (FORBIDDEN without it). NOT_FOUND otherwise.',
  })
  carerDetails(@Arg('id', () => ID, { description: 'The carer.' }) id: string, @Ctx() ctx: GraphQLContext) {
    return this.query(ctx).carer(id);
  }

  @Authorized(...KEEPERS)
  @Query(() => [ChildMatchType], {
    description:
      'Children within your reach whose name holds the words given (or whose case-system id is exactly that), by family name; at most 50. Each child found is written to the access log.',
  })
  findChildren(
    @Arg('name', () => String, { description: 'Part of a name, at least 2 characters.' }) name: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.query(ctx).findChildren(name);
  }

  @Authorized(...KEEPERS)
  @Query(() => [StaffMember], {
    description:
      'The council’s active social workers, by name: whom a case can be assigned or transferred to.',
  })
  socialWorkers(@Ctx() ctx: GraphQLContext) {
    assertMayReadRecords(requireViewer(ctx.viewer));
    return this.query(ctx).socialWorkers();
  }

  @Authorized(...KEEPERS)
  @Mutation(() => ChildDetailsType, {
    description:
      'Create or change a child’s record (by id, or upsert by externalId). A child a social worker creates opens a case to them. The retention date follows the dates. Nothing is written when nothing differs. Integrations need the read and write scopes, and the carers scope to set the carer.',
  })
  async saveChild(
    @Arg('input', () => ChildInput, { description: 'The child’s record.' }) input: ChildInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    const id = await this.service(ctx).saveChild(input);
    return this.query(ctx).childRecord(id, 'answer to saveChild');
  }

  @Authorized(...KEEPERS)
  @Mutation(() => FamilyMemberDetailsType, {
    description:
      'Create or change a family member’s record (by id, or upsert by externalId); link them to a child with linkFamilyMember. Integrations need the read and write scopes.',
  })
  async saveFamilyMember(
    @Arg('input', () => FamilyMemberInput, { description: 'The family member’s record.' })
    input: FamilyMemberInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    const id = await this.service(ctx).saveFamilyMember(input);
    return this.query(ctx).familyMember(id);
  }

  @Authorized(...KEEPERS)
  @Mutation(() => CarerDetailsType, {
    description:
      'Create or change a carer’s record (by id, or upsert by externalId); set a child’s carer with saveChild. Integrations need the read, write and carers scopes.',
  })
  async saveCarer(
    @Arg('input', () => CarerInput, { description: 'The carer’s record.' }) input: CarerInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    const id = await this.service(ctx).saveCarer(input);
    return this.query(ctx).carer(id);
  }

  @Authorized(...KEEPERS)
  @Mutation(() => ChildDetailsType, {
    description:
      'Record a family member as the child’s, or change how they are related or whether they hold parental responsibility. Name each by id or by external id.',
  })
  async linkFamilyMember(
    @Ctx() ctx: GraphQLContext,
    @Arg('relationship', () => String, { description: 'e.g. mother, grandfather, half-sister.' })
    relationship: string,
    @Arg('parentalResponsibility', () => Boolean, {
      description: 'Whether they hold parental responsibility.',
    })
    parentalResponsibility: boolean,
    @Args(() => ChildAndFamilyMemberArgs) who: ChildAndFamilyMemberArgs,
  ) {
    const id = await this.service(ctx).linkFamilyMember(
      { id: who.childId, externalId: who.childExternalId },
      { id: who.familyMemberId, externalId: who.familyMemberExternalId },
      relationship,
      parentalResponsibility,
    );
    return this.query(ctx).childRecord(id, 'answer to linkFamilyMember');
  }

  @Authorized(...KEEPERS)
  @Mutation(() => ChildDetailsType, {
    description:
      'Take a family member off the child’s family. Refused while they take part in one of the child’s agreements that has not ended.',
  })
  async unlinkFamilyMember(
    @Ctx() ctx: GraphQLContext,
    @Args(() => ChildAndFamilyMemberArgs) who: ChildAndFamilyMemberArgs,
  ) {
    const id = await this.service(ctx).unlinkFamilyMember(
      { id: who.childId, externalId: who.childExternalId },
      { id: who.familyMemberId, externalId: who.familyMemberExternalId },
    );
    return this.query(ctx).childRecord(id, 'answer to unlinkFamilyMember');
  }

  @Authorized(...KEEPERS)
  @Mutation(() => ChildDetailsType, {
    description:
      'Open the child’s case to a social worker, or transfer the open one to them (an active social worker of the council). With an externalId naming a new case, the open case is closed and the new one opened. The answer is the record as changed, even when the change takes it out of your caseload.',
  })
  async assignCase(
    @Ctx() ctx: GraphQLContext,
    @Arg('socialWorkerId', () => ID, { description: 'The social worker to hold the case.' })
    socialWorkerId: string,
    @Args(() => ChildRefArgs) child: ChildRefArgs,
    @Arg('externalId', () => String, { nullable: true, description: 'The case system’s id for the case.' })
    externalId?: string | null,
  ) {
    const id = await this.service(ctx).assignCase(
      { id: child.childId, externalId: child.childExternalId },
      socialWorkerId,
      externalId,
    );
    return this.query(ctx).childRecord(id, 'answer to assignCase');
  }

  @Authorized(...KEEPERS)
  @Mutation(() => ChildDetailsType, {
    description:
      'Record the child’s independent reviewing officer (IRO) on the child’s open case: their name, and the email they are told at when contact is suspended. Fields left out keep their value; null clears one. Refused when the child has no open case.',
  })
  async setReviewingOfficer(
    @Ctx() ctx: GraphQLContext,
    @Args(() => ChildRefArgs) child: ChildRefArgs,
    @Arg('name', () => String, {
      nullable: true,
      description: 'The reviewing officer’s name (1–200 characters).',
    })
    name?: string | null,
    @Arg('email', () => String, { nullable: true, description: 'The reviewing officer’s email address.' })
    email?: string | null,
  ) {
    const id = await this.service(ctx).setReviewingOfficer(
      { id: child.childId, externalId: child.childExternalId },
      name,
      email,
    );
    return this.query(ctx).childRecord(id, 'answer to setReviewingOfficer');
  }

  @Authorized(...KEEPERS)
  @Mutation(() => ChildDetailsType, {
    description:
      'Close the child’s open case. The answer is the record as changed, even though it leaves your caseload.',
  })
  async closeCase(@Ctx() ctx: GraphQLContext, @Args(() => ChildRefArgs) child: ChildRefArgs) {
    const id = await this.service(ctx).closeCase({ id: child.childId, externalId: child.childExternalId });
    return this.query(ctx).childRecord(id, 'answer to closeCase');
  }

  private query(ctx: GraphQLContext): RecordsQuery {
    return new RecordsQuery(ctx.em, requireViewer(ctx.viewer), ctx.operation);
  }

  private service(ctx: GraphQLContext): RecordsService {
    return new RecordsService(ctx.em, requireViewer(ctx.viewer));
  }
}
