import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { ADMIN } from '../access/roles.js';
import { CentreType } from '../centres/centre.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { RoomType } from '../rooms/room.type.js';
import { CentreInput, CentreUpdateInput } from './centre-admin.inputs.js';
import { CentreAdminService } from './centre-admin.service.js';
import { RoomInput, RoomUpdateInput } from './room-admin.inputs.js';
import { RoomAdminService } from './room-admin.service.js';

/** An admin setting up the council's centres and rooms (docs/set-up.md); each change is in the change log. */
@Resolver()
export class CentreAdminResolver {
  @Authorized(ADMIN)
  @Mutation(() => CentreType, {
    description:
      'Open a new centre: name (unique in the council, else CONFLICT), address, opening hours and turnover. Admins only.',
  })
  createCentre(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => CentreInput, { description: 'The centre.' }) input: CentreInput,
  ): Promise<CentreType> {
    return new CentreAdminService(ctx.em, requireViewer(ctx.viewer)).create(input);
  }

  @Authorized(ADMIN)
  @Mutation(() => CentreType, {
    description: 'Change a centre’s name, address, opening hours or turnover. Admins only.',
  })
  updateCentre(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: 'The centre.' }) id: string,
    @Arg('input', () => CentreUpdateInput, { description: 'What changes.' }) input: CentreUpdateInput,
  ): Promise<CentreType> {
    return new CentreAdminService(ctx.em, requireViewer(ctx.viewer)).update(id, input);
  }

  @Authorized(ADMIN)
  @Mutation(() => RoomType, {
    description:
      'Add a meeting room to a centre: name (unique at the centre, else CONFLICT), capacity 1 to 100, facilities. Admins only.',
  })
  createRoom(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => RoomInput, { description: 'The room.' }) input: RoomInput,
  ): Promise<RoomType> {
    return new RoomAdminService(ctx.em, requireViewer(ctx.viewer), ctx.now()).create(input);
  }

  @Authorized(ADMIN)
  @Mutation(() => RoomType, {
    description:
      'Change a room’s name, capacity or facilities, or take it out of service or back. The centre’s room board shows it at once. Admins only.',
  })
  updateRoom(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: 'The room.' }) id: string,
    @Arg('input', () => RoomUpdateInput, { description: 'What changes.' }) input: RoomUpdateInput,
  ): Promise<RoomType> {
    return new RoomAdminService(ctx.em, requireViewer(ctx.viewer), ctx.now()).update(id, input);
  }
}
