import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { INTEGRATOR, MANAGER, SUPERVISOR } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { loadRoomBoard } from './room-board.query.js';
import { RoomBoard } from './room-board.type.js';
import type { RoomCondition } from './room.entity.js';
import { RoomConditionEnum } from './room.enums.js';
import { RoomService } from './room.service.js';
import { RoomType } from './room.type.js';

@Resolver()
export class RoomResolver {
  @Authorized(MANAGER, INTEGRATOR)
  @Query(() => RoomBoard, {
    description:
      'The live room board of a centre: every room with its state (free, occupied, needs tidying, out of service), the session in it, who has arrived, elapsed and remaining time, the next session today, and warnings. For the centre’s manager, and integrators of its council.',
  })
  roomBoard(
    @Ctx() ctx: GraphQLContext,
    @Arg('centreId', () => ID, { description: 'The centre.' }) centreId: string,
    @Arg('at', () => Date, {
      nullable: true,
      description:
        'The moment to show; now when omitted. Sessions are replayed from their recorded times; room conditions are as set now.',
    })
    at?: Date | null,
  ): Promise<RoomBoard> {
    const now = ctx.now();
    return loadRoomBoard(ctx.em, requireViewer(ctx.viewer), centreId, at ?? now, ctx.operation, {
      source: ctx.boards ?? null,
      now,
    });
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => RoomType, {
    description:
      'Set a room’s condition. The centre manager sets any; the centre’s supervisors mark rooms READY or NEEDS_TIDYING. Refused with ROOM_OCCUPIED when taking a room out of service while a session holds it, and STALE_VERSION when the room changed since it was read.',
  })
  setRoomCondition(
    @Ctx() ctx: GraphQLContext,
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('condition', () => RoomConditionEnum, { description: 'The new condition.' })
    condition: RoomCondition,
    @Arg('expectedVersion', () => Int, { description: 'The room’s version as last read.' })
    expectedVersion: number,
    @Arg('note', () => String, {
      nullable: true,
      description: 'Why, in a few words; required for OUT_OF_SERVICE. Replaces the previous note.',
    })
    note?: string | null,
  ): Promise<RoomType> {
    return new RoomService(ctx.em, requireViewer(ctx.viewer), ctx.now()).setCondition({
      roomId,
      condition,
      note: note ?? null,
      expectedVersion,
    });
  }
}
