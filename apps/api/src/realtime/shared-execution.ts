import {
  execute,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
} from 'graphql';
import type { LiveEvent } from './live-event.js';

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
class ExecutionGroup {
  members = 0;
  private batch: Batch | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
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
   * Joins the group for `key` (the operation, its variables and the viewer's visibility scope), created with
   * `args` if it is new. Returns the member's way to offer events, and to leave.
   */
  join(key: string, args: ExecutionArgs): { offer(e: LiveEvent, member: LiveMember): void; leave(): void } {
    let group = this.groups.get(key);
    if (!group) {
      group = new ExecutionGroup(args, this.format);
      this.groups.set(key, group);
    }
    const g = group;
    g.members += 1;
    let left = false;
    return {
      offer: (e, member) => g.offer(e, member),
      leave: () => {
        if (left) return;
        left = true;
        g.members -= 1;
        if (g.members === 0 && this.groups.get(key) === g) this.groups.delete(key);
      },
    };
  }

  /** Groups held now (for the figures). */
  get size(): number {
    return this.groups.size;
  }
}
