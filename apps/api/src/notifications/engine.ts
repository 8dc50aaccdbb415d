import type { PgBoss } from 'pg-boss';
import { databaseOf, type Orm } from '../db/orm.js';
import { defaultLogger } from '../observability/logger.js';
import type { Channels } from './channel.js';
import { checkDelivery } from './delivery.js';
import { planDueMessages, planFromOutbox } from './planner.js';
import {
  DEFAULT_QUEUE_SETTINGS,
  ensureQueues,
  MESSAGE_QUEUES,
  newBoss,
  SEND_HEARTBEAT_SECONDS,
  type QueueSettings,
} from './queue.js';
import { safeError, sendMessage } from './sender.js';

export interface MessageEngineOptions extends Partial<QueueSettings> {
  /** The clock the time-based rules read; the real one by default. */
  now?: () => Date;
  /** Messages this process sends at once (one fetch of send jobs). Default 4. */
  concurrency?: number;
  /**
   * How often an idle worker looks for jobs when no wake-up has come, in seconds (>= 0.5). Default 5: a job added
   * wakes the workers at once (LISTEN/NOTIFY); polling covers a retry falling due and a wake-up lost.
   */
  pollingIntervalSeconds?: number;
  /** The dashboard's address (config `publicUrl`): messages to staff link to their page. None: no links. */
  dashboardUrl?: string | null;
  /** Told about failures the queue retries (a database gone away); by default logged as warnings. */
  log?: (line: string) => void;
}

interface MessageJob {
  messageId: string;
}

/** How long a queued message may wait for a send job before the minute's sweep adds one (seconds). */
const STRANDED_QUEUED_SECONDS = 60;
/**
 * How long after its last attempt began a message may stay unfinished (`sending`, or `queued` for another attempt)
 * before the sweep fails it: longer than any wait the queue puts between two attempts, so its job can only have been
 * given up (its process killed, or its database unreachable, during the last attempt).
 */
const STRANDED_SENDING_SECONDS = 3 * 3600;

/**
 * The message engine of one API process (docs/notifications.md): pg-boss started with its workers for planning,
 * sending and delivery reports, and its schedules (the plan's catch-up and the time-based rules, every minute,
 * London time). Every process of a deployment may run one; pg-boss hands each job to one of them.
 */
export class MessageEngine {
  private readonly boss: PgBoss;
  private readonly settings: QueueSettings;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private stopped = false;

  constructor(
    private readonly orm: Orm,
    private readonly channels: Channels,
    private readonly options: MessageEngineOptions = {},
  ) {
    this.settings = { ...DEFAULT_QUEUE_SETTINGS, ...definedOnly(options) };
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((line) => defaultLogger().warn(line));
    const db = databaseOf(orm);
    this.boss = newBoss(db.directUrl, { background: true, max: db.queuePoolSize });
  }

  async start(): Promise<void> {
    this.boss.on('error', (err) => {
      if (!this.stopped) this.log(`kinroom: message queue: ${err.message.split('\n')[0]}`);
    });
    await this.boss.start();
    await ensureQueues(this.boss, this.settings);
    const every = this.options.pollingIntervalSeconds ?? 5;
    const polling = { pollingIntervalSeconds: Math.min(every, 2), notifyPollingIntervalSeconds: every };
    await this.boss.work(MESSAGE_QUEUES.plan, polling, () => this.logged('planning', () => this.plan()));
    await this.boss.work(MESSAGE_QUEUES.due, polling, () => this.logged('due messages', () => this.due()));
    // A few messages per fetch, sent side by side, each settled on its own (a failure retries that message alone);
    // while fetches come back full the worker fetches again at once, so a burst drains without waiting between.
    await this.boss.work<MessageJob>(
      MESSAGE_QUEUES.send,
      {
        ...polling,
        batchSize: this.options.concurrency ?? 4,
        burstWhenBatchFull: true,
        perJobResults: true,
      },
      (jobs) =>
        Promise.all(
          jobs.map(async (job) => {
            try {
              await this.send(job.data.messageId, job.retryCount);
              return { id: job.id, status: 'completed' as const };
            } catch (err) {
              return { id: job.id, status: 'failed' as const, output: { error: safeError(err) } };
            }
          }),
        ),
    );
    await this.boss.work<MessageJob>(MESSAGE_QUEUES.report, polling, async ([job]) => {
      if (job) await checkDelivery(this.orm.em, this.channels, job.data.messageId);
    });
    // The plan's catch-up covers a wake-up lost with a process; the time-based rules run on London's clock.
    await this.boss.schedule(MESSAGE_QUEUES.plan, '* * * * *', null, { tz: 'Europe/London' });
    await this.boss.schedule(MESSAGE_QUEUES.due, '* * * * *', null, { tz: 'Europe/London' });
    this.wake();
  }

  /** Asks for a plan of the outbox soon; wake-ups while one waits add nothing. */
  wake(): void {
    if (this.stopped) return;
    this.boss.send(MESSAGE_QUEUES.plan, null).catch((err: Error) => {
      if (!this.stopped) this.log(`kinroom: message planning not woken: ${err.message.split('\n')[0]}`);
    });
  }

  /** Stops taking jobs and waits for those in hand (a send in progress is finished, not abandoned). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }

  /**
   * Runs a job's work, telling the log when it fails (the queue retries it): a planner that keeps failing stops
   * every message after it, so an operator must see it.
   */
  private async logged(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (!this.stopped) this.log(`kinroom: messages: ${what} failed, to be tried again: ${safeError(err)}`);
      throw err;
    }
  }

  private async plan(): Promise<void> {
    let more = true;
    while (more && !this.stopped) {
      const r = await planFromOutbox(this.orm.em, this.channels);
      await this.enqueue(r.queued);
      more = r.more;
    }
  }

  private async due(): Promise<void> {
    await this.enqueue(await planDueMessages(this.orm.em, this.now(), this.channels));
    await this.sweep();
  }

  private async send(messageId: string, retryCount: number): Promise<void> {
    const r = await sendMessage(
      this.orm.em,
      this.channels,
      {
        messageId,
        lastAttempt: retryCount >= this.settings.sendAttempts - 1,
        leaseSeconds: SEND_HEARTBEAT_SECONDS,
      },
      { dashboardUrl: this.options.dashboardUrl ?? null },
    );
    // The queue retries the job, after the queue's backoff, from a thrown error.
    if (r.outcome === 'retry') throw new Error(r.error);
    if (r.outcome === 'sent' && r.receipt.provider === 'notify') {
      await this.boss.send(
        MESSAGE_QUEUES.report,
        { messageId },
        { id: messageId, startAfter: this.settings.reportDelaySeconds },
      );
    }
  }

  /** One send job per message, its id the message's: adding a job that exists already adds nothing. */
  private async enqueue(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.boss.insert(
      MESSAGE_QUEUES.send,
      messageIds.map((id) => ({ id, data: { messageId: id } })),
    );
  }

  /**
   * Messages stranded by a process that stopped at the wrong moment: one planned but never given its send job (the
   * process died between the plan's commit and adding the job) gets it now, as does a message GOV.UK Notify accepted
   * whose delivery report was never asked for; one left unfinished long after its last
   * attempt began, when no retry can still come, is failed, so that a manager sees it. A message never attempted is
   * never failed here: after an outage its job still comes. Run by the minute's due job.
   */
  async sweep(): Promise<void> {
    const em = this.orm.em.fork();
    const stranded = await em.execute<{ id: string }[]>(
      `select id from message where status = 'queued' and planned_at < now() - make_interval(secs => ?)
       order by planned_at limit 1000`,
      [STRANDED_QUEUED_SECONDS],
    );
    await this.enqueue(stranded.map((r) => r.id));
    // Accepted by GOV.UK Notify, but the process died before asking for the delivery report: ask now (a report job
    // that exists already, under the message's id, is left as it is).
    const unreported = await em.execute<{ id: string }[]>(
      `select id from message where status = 'sent' and provider = 'notify'
         and sent_at < now() - make_interval(secs => ?) and sent_at > now() - interval '3 days'
       order by sent_at limit 1000`,
      [STRANDED_QUEUED_SECONDS],
    );
    if (unreported.length > 0) {
      await this.boss.insert(
        MESSAGE_QUEUES.report,
        unreported.map((r) => ({ id: r.id, data: { messageId: r.id } })),
      );
    }
    await em.execute(
      `update message set status = 'failed', failed_at = now(),
         last_error = coalesce(last_error, 'Sending was interrupted and could not be confirmed; it was not tried again.')
       where status in ('sending', 'queued') and attempts > 0 and sending_at < now() - make_interval(secs => ?)`,
      [STRANDED_SENDING_SECONDS],
    );
  }
}

function definedOnly(options: MessageEngineOptions): Partial<QueueSettings> {
  return Object.fromEntries(
    Object.entries(options).filter(([k, v]) => v !== undefined && k in DEFAULT_QUEUE_SETTINGS),
  ) as Partial<QueueSettings>;
}
