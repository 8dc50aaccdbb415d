import { PgBoss, type Queue } from 'pg-boss';
import { connectionOptions } from '../db/connection.js';

/**
 * The job queue that plans and sends messages (docs/notifications.md, "The queue"): pg-boss, whose jobs live in
 * PostgreSQL beside everything else, in its own schema. Several API processes share it; pg-boss hands each job to one
 * of them at a time, retries a failed one with backoff, and gives a job held by a process that stopped
 * heartbeating (killed) to another.
 */
export const QUEUE_SCHEMA = 'pgboss';

export const MESSAGE_QUEUES = {
  /** Reads the outbox after the planner's cursor and stores the messages it calls for. */
  plan: 'message-plan',
  /** Every minute: messages that fall due by time (reminders, overdue records), and messages left stranded. */
  due: 'message-due',
  /** Sends one message; the job's id is the message's id. */
  send: 'message-send',
  /** Asks the provider whether a message it accepted has reached the person. */
  report: 'message-report',
} as const;

/** How long a send job may go without a heartbeat before pg-boss gives it to another process (seconds, >= 10). */
export const SEND_HEARTBEAT_SECONDS = 15;

/** Retry and expiry settings of each queue, which every job in it inherits. */
export interface QueueSettings {
  /** Attempts at sending one message before it is `failed`. Default 8. */
  sendAttempts: number;
  /** The wait before the first retry of a send, doubled for each next one (seconds). Default 10. */
  sendRetryDelaySeconds: number;
  /** The longest wait between two attempts (seconds). Default 3600. */
  sendRetryDelayMaxSeconds: number;
  /** The first check for a delivery report after the provider accepted a message (seconds). Default 60. */
  reportDelaySeconds: number;
  /** The longest wait between two checks (seconds). Default 6 hours. */
  reportDelayMaxSeconds: number;
  /** Checks before Kinroom stops asking and leaves the message `sent`. Default 20 (about three days). */
  reportAttempts: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  sendAttempts: 8,
  sendRetryDelaySeconds: 10,
  sendRetryDelayMaxSeconds: 3600,
  reportDelaySeconds: 60,
  reportDelayMaxSeconds: 6 * 3600,
  reportAttempts: 20,
};

export function queueDefinitions(s: QueueSettings): Queue[] {
  return [
    {
      name: MESSAGE_QUEUES.plan,
      // One waiting and one running at most: a wake-up while one waits adds nothing, and the cursor's row lock
      // makes a second runner wait anyway.
      policy: 'stately',
      notify: true,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      retryDelayMax: 300,
      expireInSeconds: 300,
      heartbeatSeconds: 30,
      deleteAfterSeconds: 3600,
    },
    {
      name: MESSAGE_QUEUES.due,
      policy: 'stately',
      retryLimit: 1,
      expireInSeconds: 300,
      heartbeatSeconds: 30,
      deleteAfterSeconds: 3600,
    },
    {
      name: MESSAGE_QUEUES.send,
      policy: 'standard',
      notify: true,
      retryLimit: s.sendAttempts - 1,
      retryDelay: s.sendRetryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: s.sendRetryDelayMaxSeconds,
      expireInSeconds: 300,
      heartbeatSeconds: SEND_HEARTBEAT_SECONDS,
      // Kept a week after it finishes: a second `send` with the same id meanwhile adds nothing.
      deleteAfterSeconds: 7 * 86_400,
    },
    {
      name: MESSAGE_QUEUES.report,
      policy: 'standard',
      retryLimit: s.reportAttempts - 1,
      retryDelay: s.reportDelaySeconds,
      retryBackoff: true,
      retryDelayMax: s.reportDelayMaxSeconds,
      expireInSeconds: 120,
      heartbeatSeconds: 30,
      retentionSeconds: 14 * 86_400,
      deleteAfterSeconds: 7 * 86_400,
    },
  ];
}

/**
 * pg-boss on Kinroom's database, with Kinroom's own schema name and connection budget. `directUrl` reaches PostgreSQL
 * itself, never a pooler in transaction mode: pg-boss LISTENs and keeps sessions.
 */
export function newBoss(directUrl: string, options: { background: boolean; max?: number }): PgBoss {
  return new PgBoss({
    ...connectionOptions(directUrl),
    schema: QUEUE_SCHEMA,
    max: options.max ?? 4,
    application_name: 'kinroom-messages',
    // Maintenance, monitoring (a job whose process stopped heartbeating is retried) and the schedules run only in
    // an engine; installing the schema starts none of them.
    supervise: options.background,
    schedule: options.background,
    registerInstance: options.background,
    // A job added wakes the workers at once (a message goes out within seconds); polling remains the fallback.
    useListenNotify: options.background,
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
  });
}

/**
 * Creates or upgrades pg-boss's schema and Kinroom's queues, starting no worker, schedule or maintenance. Run by the
 * migrate step (db/migrate.ts), so that every database Kinroom has migrated, the tests' template included, has them.
 */
export async function installMessageQueue(
  directUrl: string,
  settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
): Promise<void> {
  const boss = newBoss(directUrl, { background: false, max: 1 });
  boss.on('error', () => {});
  await boss.start();
  try {
    await ensureQueues(boss, settings);
  } finally {
    await boss.stop({ graceful: false });
  }
}

/** Creates each queue that does not exist yet and brings the others' settings up to date. */
export async function ensureQueues(boss: PgBoss, settings: QueueSettings): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const q of queueDefinitions(settings)) {
    const { name, policy, ...options } = q;
    if (existing.has(name)) await boss.updateQueue(name, options);
    else await boss.createQueue(name, { policy, ...options });
  }
}
