import type { BankHolidayNation } from '@kinroom/domain';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { ADMIN } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { CouncilHolidaysService } from './council-holidays.service.js';
import { BankHolidayNationEnum, CouncilBankHolidaysType } from './council-holidays.type.js';

/** Whose bank holidays the council keeps, for its admins (docs/set-up.md, "Bank holidays"). */
@Resolver()
export class CouncilHolidaysResolver {
  @Authorized(ADMIN)
  @Query(() => CouncilBankHolidaysType, {
    description:
      'Whose bank holidays the council’s centres keep (England and Wales, Scotland or Northern Ireland), and the next ones. Admins only.',
  })
  councilBankHolidays(@Ctx() ctx: GraphQLContext): Promise<CouncilBankHolidaysType> {
    return new CouncilHolidaysService(ctx.em, requireViewer(ctx.viewer), ctx.now()).read();
  }

  @Authorized(ADMIN)
  @Mutation(() => CouncilBankHolidaysType, {
    description:
      'Keep the bank holidays of England and Wales (also for a council in Wales), Scotland or Northern Ireland in every centre of the council: series planned from now on skip them, and report due dates and figures count working days without them. Reports already started keep their due time. In the change log. Admins only.',
  })
  setBankHolidayNation(
    @Arg('nation', () => BankHolidayNationEnum, { description: 'The nation.' })
    nation: BankHolidayNation,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CouncilBankHolidaysType> {
    return new CouncilHolidaysService(ctx.em, requireViewer(ctx.viewer), ctx.now()).setNation(nation);
  }
}
