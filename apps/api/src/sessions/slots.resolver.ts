import type { SessionKind } from '@kinroom/domain';
import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { logChildReads } from '../access/access-log.service.js';
import { requireViewer } from '../access/index.js';
import { MANAGER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { SessionKindEnum } from '../graphql/enums.js';
import { freeSlotType } from './series.resolver.js';
import { FreeSlotType } from './series.type.js';
import { findSlots, MAX_SLOTS, SLOT_SEARCH_DAYS } from './slots.service.js';

/** Finding a free time for a family (docs/sessions.md, "Finding a slot"). */
@Resolver()
export class SlotsResolver {
  @Authorized(MANAGER)
  @Query(() => [FreeSlotType], {
    description: `The next free times for a session under an agreement of your centre, best first: the family’s usual supervisor in their usual room, then the usual supervisor elsewhere, then the usual room, then anyone; earliest first within each. Each passes every booking rule (opening hours, school, work, staggered arrivals, nobody and no room double booked), with a room and a supervisor free for it. Looks ${SLOT_SEARCH_DAYS} days ahead from \`from\`. An active agreement, or a draft one for a pre-contact visit or planning meeting.`,
  })
  async findSlots(
    @Ctx() ctx: GraphQLContext,
    @Arg('agreementId', () => ID, { description: 'The agreement the session would be held under.' })
    agreementId: string,
    @Arg('from', () => String, { description: 'The first day to look at, YYYY-MM-DD (London).' })
    from: string,
    @Arg('count', () => Int, { defaultValue: 10, description: `How many free times, 1 to ${MAX_SLOTS}.` })
    count: number,
    @Arg('durationMinutes', () => Int, {
      nullable: true,
      description: 'Minutes of the child’s time; the agreement’s session length when omitted.',
    })
    durationMinutes: number | null,
    @Arg('kind', () => SessionKindEnum, {
      defaultValue: 'contact',
      description: 'What the session would be for.',
    })
    kind: SessionKind,
  ): Promise<FreeSlotType[]> {
    const viewer = requireViewer(ctx.viewer);
    const found = await findSlots(ctx.em, viewer, ctx.now(), {
      agreementId,
      from,
      count,
      durationMinutes: durationMinutes ?? null,
      kind,
    });
    await logChildReads(ctx.em, viewer, ctx.operation, [
      { childId: found.childId, fields: ['sessions', 'school_pattern'], reason: 'free times found' },
    ]);
    return found.slots.map(freeSlotType);
  }
}
