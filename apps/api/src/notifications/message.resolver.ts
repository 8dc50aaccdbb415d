import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ChildHistoryConnection } from '../children/history.type.js';
import { ChildSummary } from '../people/people.type.js';
import type { Session } from '../sessions/session.entity.js';
import { SessionType } from '../sessions/session.type.js';
import { messageLoaders, type MessageRow } from './message.loaders.js';
import {
  centreMessageFailures,
  centreMessagesNotSetUp,
  childMessagesOutsideSessions,
  FAILURES_RECENT_DAYS,
} from './message.query.js';
import { MessageType } from './message.type.js';

function loaders(ctx: GraphQLContext) {
  const viewer = requireViewer(ctx.viewer);
  return messageLoaders({ em: ctx.em, viewer, operation: ctx.operation, loaders: ctx.loaders });
}

/** The messages sent outside the dashboard (docs/notifications.md), as the people who see their subject see them. */
@Resolver(() => MessageType)
export class MessageResolver {
  @Authorized(MANAGER)
  @Query(() => [MessageType], {
    description: `Messages about the manager’s own centre’s work that did not reach the person in the last ${FAILURES_RECENT_DAYS} days, newest first: given up as failed (with the last error), or not sent because nobody recorded how to reach the person. NOT_FOUND for another centre. Written to the access log.`,
  })
  centreMessageFailures(
    @Arg('centreId', () => ID, { description: 'The centre: your own.' }) centreId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MessageRow[]> {
    return centreMessageFailures(ctx.em, requireViewer(ctx.viewer), ctx.operation, centreId, ctx.now());
  }

  @Authorized(MANAGER)
  @Query(() => Int, {
    description: `How many messages about the manager’s own centre’s work in the last ${FAILURES_RECENT_DAYS} days were recorded as not sent because no way out (mail server, GOV.UK Notify) is set up for their channel: while it is above 0, such messages are not going out at all. NOT_FOUND for another centre.`,
  })
  centreMessagesNotSetUp(
    @Arg('centreId', () => ID, { description: 'The centre: your own.' }) centreId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<number> {
    return centreMessagesNotSetUp(ctx.em, requireViewer(ctx.viewer), centreId, ctx.now());
  }

  @FieldResolver(() => SessionType, {
    nullable: true,
    description: 'The session the message is about, when there is one and you may see it.',
  })
  session(@Root() m: MessageRow, @Ctx() ctx: GraphQLContext): Promise<Session | null> | null {
    return m.sessionId && m.sessionSeen ? loaders(ctx).session.load(m.sessionId) : null;
  }

  @FieldResolver(() => ChildSummary, {
    nullable: true,
    description: 'The child the message is about: first name and initial only.',
  })
  async child(@Root() m: MessageRow, @Ctx() ctx: GraphQLContext): Promise<ChildSummary | null> {
    if (!m.childId) return null;
    const c = await ctx.loaders.child.load(m.childId);
    return c ? { id: m.childId, firstName: c.firstName, lastInitial: c.lastName.slice(0, 1) } : null;
  }
}

/** A session's messages: who was told what, by which channel, and whether it reached them. */
@Resolver(() => SessionType)
export class SessionMessagesResolver {
  @FieldResolver(() => [MessageType], {
    description:
      'Messages sent outside the dashboard about the session (a cancellation, a reminder, a notice), oldest first: those you may see (docs/access.md “Messages”). Written to the access log.',
  })
  messages(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<MessageRow[]> {
    return loaders(ctx).bySession.load(s.id);
  }
}

/** A child's messages about no one session (a suspension notice, a flag raised outside a session), beside the history. */
@Resolver(() => ChildHistoryConnection)
export class HistoryMessagesResolver {
  @FieldResolver(() => [MessageType], {
    description:
      'Messages about the child sent outside the dashboard that are about no one session (a suspension notice, a flag raised outside a session), oldest first: those you may see (docs/access.md “Messages”). With a date range, those planned within it. The same on every page; a session’s own messages are on its entry. Written to the access log.',
  })
  messagesOutsideSessions(
    @Root() h: ChildHistoryConnection,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MessageRow[]> {
    if (!h.about) return Promise.resolve([]);
    return childMessagesOutsideSessions(ctx.em, requireViewer(ctx.viewer), ctx.operation, h.about);
  }
}
