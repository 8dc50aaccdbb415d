import type { ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.js';
import type { GraphQLContext } from '../graphql/context.js';
import { OperationAudit } from '../graphql/operation-audit.js';
import type { EventStream } from './event-stream.js';
import { SubscriptionHub } from './hub.js';
import { subscribeTo } from './live-topic.js';
import { ROOM_BOARD_CHANGED, SESSION_CHANGED } from './live-topics.js';
import { SharedExecution } from './shared-execution.js';

// Subscribers who share an execution group receive one answer, executed once for all of them. Whom a live topic lets
// share is its declaration's visibility scope (access/live.ts); these subscribers need no database to follow
// sessions (an integration its council, a supervisor their own sessions).

const stream = { cursor: '0', onEvents: () => () => {} } as unknown as EventStream;
const hub = new SubscriptionHub(stream);
const connection = {};
const pool = { config: {}, getConnection: () => connection } as unknown as GraphQLContext['pool'];

function person(role: Viewer['role'], userId: string, councilId = 'council-1'): Viewer {
  const atCentre = role === 'centre_manager' || role === 'supervisor';
  return { userId, councilId, role, centreId: atCentre ? 'centre-1' : null, name: userId };
}

function contextOf(viewer: Viewer): GraphQLContext {
  return {
    viewer,
    hub,
    pool,
    config: { logLevel: 'silent', logFormat: 'text' },
    operation: new OperationAudit(null),
  } as unknown as GraphQLContext;
}

/** Subscribes `viewer` to `sessionChanged` (or another topic) and joins the group its answers are shared in. */
async function joined(shared: SharedExecution, viewer: Viewer, subscribe = subscribeTo(SESSION_CHANGED)) {
  const context = contextOf(viewer);
  const feed = await subscribe({ args: {}, context, source: undefined, info: undefined as never });
  const group = shared.join('the same operation and variables', { contextValue: context } as ExecutionArgs);
  feed.close();
  return group;
}

describe('who shares a live answer', () => {
  it('is everyone of the same visibility scope, and nobody else', async () => {
    const shared = new SharedExecution(() => ({}));
    const integration = await joined(shared, person('integrator', 'i-1'));
    expect(await joined(shared, person('integrator', 'i-2'))).toBe(integration);
    expect(await joined(shared, person('integrator', 'i-3', 'council-2'))).not.toBe(integration);
    const supervisor = await joined(shared, person('supervisor', 's-1'));
    expect(supervisor).not.toBe(integration);
    expect(await joined(shared, person('supervisor', 's-2'))).not.toBe(supervisor);
    expect(await joined(shared, person('supervisor', 's-1'))).toBe(supervisor);
  });

  it('is never across topics, nor with an operation that followed no declared topic', async () => {
    const shared = new SharedExecution(() => ({}));
    const integrator = person('integrator', 'i-1');
    const sessions = await joined(shared, integrator);
    const board = await joined(shared, integrator, (data) =>
      subscribeTo(ROOM_BOARD_CHANGED)({ ...data, args: { centreId: 'centre-1' } }),
    );
    expect(board).not.toBe(sessions);
    const args = { contextValue: contextOf(integrator) } as ExecutionArgs;
    const a = shared.join('the same operation and variables', args);
    expect(
      shared.join('the same operation and variables', { ...args, contextValue: contextOf(integrator) }),
    ).not.toBe(a);
  });
});
