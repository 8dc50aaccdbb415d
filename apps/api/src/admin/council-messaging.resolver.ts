import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { ADMIN } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { MessageLanguages } from '../notifications/contact.js';
import { CouncilMessagingService } from './council-messaging.service.js';
import { CouncilMessagingType, MessageLanguagesEnum } from './council-messaging.type.js';

/** The council's message settings, for its admins (docs/notifications.md). */
@Resolver()
export class CouncilMessagingResolver {
  @Authorized(ADMIN)
  @Query(() => CouncilMessagingType, {
    description:
      'How the council writes its messages to families (English, or Welsh alongside English). Admins only.',
  })
  councilMessaging(@Ctx() ctx: GraphQLContext): Promise<CouncilMessagingType> {
    return new CouncilMessagingService(ctx.em, requireViewer(ctx.viewer)).read();
  }

  @Authorized(ADMIN)
  @Mutation(() => CouncilMessagingType, {
    description:
      'Write the council’s messages to families in English only, or in Welsh first and then English. Messages planned from now on follow it. In the change log. Admins only.',
  })
  setMessageLanguages(
    @Arg('languages', () => MessageLanguagesEnum, { description: 'The languages.' })
    languages: MessageLanguages,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CouncilMessagingType> {
    return new CouncilMessagingService(ctx.em, requireViewer(ctx.viewer)).setLanguages(languages);
  }
}
