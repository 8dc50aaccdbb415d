import {
  execute,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
} from 'graphql';
import type { LiveEvent } from './live-event.js';
import { groupScopeOf } from './live-topic.js';

/** Where one subscriber's answers go: the serialised result, to be sent under that subscriber's own id. */
export interface LiveMember {
  send(resultJson: string): void;
}

interface Batch {
  event: LiveEvent;
  members: LiveMember[];
}

/**
 * Subscribers who sent the same operation with the same variables, and who may see the same records, get the same
 * answer to the same event. Each group executes an event once and serialises the result once; every member then
 * receives that one string. Per subscriber, a live event costs a filter call and a socket write.
 */
export class ExecutionGroup {
  members = 0;
  private batch: Batch | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly owner: SharedExecution,
    /** The live topic's scope, the operation and its variables: held once here, not by every member. */
    readonly key: string,
    private readonly args: ExecutionArgs,
    private readonly format: (result: ExecutionResult) => FormattedExecutionResult,
  ) {}

  /** Queues `e` for `member`. A group's events are answered in the order they were offered. */
  offer(e: LiveEvent, member: LiveMember): void {
    if (this.batch?.event === e) {
      this.batch.members.push(member);
      return;
    }
    const batch: Batch = { event: e, members: [member] };
    this.batch = batch;
    this.chain = this.chain.then(() => this.answer(batch));
  }

  /** A member leaves (once: the caller keeps track); the last one out drops the group. */
  leave(): void {
    this.members -= 1;
    if (this.members === 0) this.owner.drop(this);
  }

  private async answer(batch: Batch): Promise<void> {
    if (this.batch === batch) this.batch = null;
    let result: ExecutionResult;
    try {
      result = await execute({ ...this.args, rootValue: batch.event });
    } catch (err) {
      // Not a resolver's error (those are in the result): the subscribers hear of a fault, never of nothing.
      result = { errors: [new GraphQLError('Unexpected error.', { originalError: err as Error })] };
    }
    const json = JSON.stringify(this.format(result));
    for (const m of batch.members) m.send(json);
  }
}

export class SharedExecution {
  private readonly groups = new Map<string, ExecutionGroup>();

  constructor(private readonly format: (result: ExecutionResult) => FormattedExecutionResult) {}

  /**
   * Joins the group for `operation` (the operation and its variables) within the scope the operation's live topic
   * groups its subscribers by (live-topic.ts, from the access rules), created with `args` if it is new. The member
   * offers its events to the group, and leaves it once, when it ends.
   */
  join(operation: string, args: ExecutionArgs): ExecutionGroup {
    const key = `${groupScopeOf(args.contextValue)}\n${operation}`;
    let group = this.groups.get(key);
    if (!group) {
      group = new ExecutionGroup(this, key, args, this.format);
      this.groups.set(key, group);
    }
    group.members += 1;
    return group;
  }

  /** Called by a group that has lost its last member. */
  drop(group: ExecutionGroup): void {
    if (this.groups.get(group.key) === group) this.groups.delete(group.key);
  }

  /** Groups held now (for the figures). */
  get size(): number {
    return this.groups.size;
  }
}
