import type { EntityManager } from '@mikro-orm/postgresql';
import { PermanentSendError, type ChannelReceipt, type Channels } from './channel.js';
import { recordReceipt } from './delivery.js';
import { Message, type NotSentReason } from './message.entity.js';
import { writeMessage, type WriteOptions } from './templates/index.js';

/** Thrown when the message is held by another attempt that may still be running: the queue tries again later. */
export class MessageBusy extends Error {
  constructor() {
    super('the message is being sent by another attempt');
  }
}

export interface SendAttempt {
  messageId: string;
  /** Whether a temporary failure now fails the message for good (the queue will not try again). */
  lastAttempt: boolean;
  /**
   * How long a message may stay `sending` before another attempt takes it over, in seconds: a process that was
   * killed mid-send stops heartbeating, and the queue hands its job on only after that.
   */
  leaseSeconds: number;
}

export type SendOutcome =
  | { outcome: 'sent' | 'delivered'; receipt: ChannelReceipt }
  | { outcome: 'not_sent'; reason: NotSentReason }
  | { outcome: 'failed' | 'retry'; error: string }
  /** Already finished (or taken over) before this attempt: nothing done. */
  | { outcome: 'finished' };

/**
 * Sends one message, at most once as far as the provider lets Kinroom know (docs/notifications.md, "Exactly once").
 *
 * The row is the guard. It is claimed (queued → sending, attempts + 1) and committed BEFORE the channel is called,
 * so two processes never send it at once. A row found still `sending` after its lease belonged to an attempt that
 * died mid-send: the provider is first asked whether it has the message (GOV.UK Notify, by its reference); if it
 * cannot tell (SMTP), the message is sent again under the same id, which the email carries as its Message-ID.
 *
 * The person's details are read now, not when it was planned: do-not-contact set since stops it (`not_sent`). A
 * {@link PermanentSendError} fails it at once; any other error puts it back to `queued` with a safe `last_error`
 * and is thrown for the queue to retry with backoff, except on the last attempt, which fails it. `write` is what
 * the message is written with (the dashboard's address, for the links in staff messages).
 */
export async function sendMessage(
  em: EntityManager,
  channels: Channels,
  attempt: SendAttempt,
  write: WriteOptions = {},
): Promise<SendOutcome> {
  const claim = await claimMessage(em, attempt.messageId, attempt.leaseSeconds);
  if (!claim) return { outcome: 'finished' };
  const { attempts, recovered } = claim;
  const m = await em.fork().findOneOrFail(Message, { id: attempt.messageId });

  if (recovered) {
    const found = await channels.findSent({ messageId: m.id, channel: m.channel });
    if (found) {
      await recordReceipt(em, m.id, attempts, found);
      return { outcome: found.status, receipt: found };
    }
  }
  if (!channels.supports(m.channel)) {
    return markNotSent(em, m.id, attempts, 'channel_not_configured');
  }
  let receipt: ChannelReceipt;
  try {
    const written = await writeMessage(em.fork(), m, write);
    if ('notReachable' in written) return markNotSent(em, m.id, attempts, written.notReachable);
    receipt = await channels.send({ ...written, messageId: m.id, channel: m.channel });
  } catch (err) {
    const error = safeError(err);
    if (err instanceof PermanentSendError || attempt.lastAttempt) {
      await finishAttempt(em, m.id, attempts, `status = 'failed', failed_at = now(), last_error = ?`, [
        error,
      ]);
      return { outcome: 'failed', error };
    }
    await finishAttempt(em, m.id, attempts, `status = 'queued', last_error = ?`, [error]);
    return { outcome: 'retry', error };
  }
  await recordReceipt(em, m.id, attempts, receipt);
  return { outcome: receipt.status, receipt };
}

/**
 * Takes the message for this attempt: a queued one, or one left `sending` longer than the lease (`recovered`).
 * Null when it is finished already. Throws {@link MessageBusy} when another attempt holds it within its lease.
 */
async function claimMessage(
  em: EntityManager,
  messageId: string,
  leaseSeconds: number,
): Promise<{ attempts: number; recovered: boolean } | null> {
  const claimed = await em.fork().execute<{ attempts: number; was: string }[]>(
    `with target as (select id, status from message where id = ? for update)
     update message m set status = 'sending', attempts = m.attempts + 1, sending_at = now()
     from target
     where m.id = target.id
       and (target.status = 'queued'
         or (target.status = 'sending' and m.sending_at < now() - make_interval(secs => ?)))
     returning m.attempts, target.status as was`,
    [messageId, leaseSeconds],
  );
  const row = claimed[0];
  if (row) return { attempts: row.attempts, recovered: row.was === 'sending' };
  const now = await em
    .fork()
    .execute<{ status: string }[]>('select status from message where id = ?', [messageId]);
  if (now[0]?.status === 'sending') throw new MessageBusy();
  return null;
}

async function markNotSent(
  em: EntityManager,
  messageId: string,
  attempts: number,
  reason: NotSentReason,
): Promise<SendOutcome> {
  await finishAttempt(em, messageId, attempts, `status = 'not_sent', not_sent_reason = ?`, [reason]);
  return { outcome: 'not_sent', reason };
}

/** Ends this attempt's hold on the message, unless another attempt has taken it over since. */
async function finishAttempt(
  em: EntityManager,
  messageId: string,
  attempts: number,
  set: string,
  params: unknown[],
): Promise<void> {
  await em
    .fork()
    .execute(`update message set ${set} where id = ? and status = 'sending' and attempts = ?`, [
      ...params,
      messageId,
      attempts,
    ]);
}

/**
 * An error in words fit for a manager's screen: its first line only (never a stack), no credential (a password in a
 * URL, a GOV.UK Notify API key), at most 500 characters.
 */
export function safeError(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  const text = (raw.split('\n')[0] ?? '')
    .replace(/\/\/[^/@\s]+@/g, '//***@')
    .replace(new RegExp(`\\S*${uuid}-${uuid}`, 'gi'), '***')
    .trim();
  return (text || 'the message could not be sent').slice(0, 500);
}
