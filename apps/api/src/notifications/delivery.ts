import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Session } from '../sessions/session.entity.js';
import { recordSessionEvent } from '../sessions/session-events.js';
import type { ChannelReceipt, Channels } from './channel.js';
import type { MessagePurpose } from './purposes.js';

/** Thrown by a delivery check whose provider has no final word yet: the queue asks again later, with backoff. */
export class NoReportYet extends Error {
  constructor() {
    super('no delivery report yet');
  }
}

interface SentRow {
  id: string;
  purpose: MessagePurpose;
  session_id: string | null;
  provider: ChannelReceipt['provider'] | null;
  provider_ref: string | null;
}

/**
 * Records a provider's receipt for a message this attempt holds (`sending`, claimed as attempt `attempt`): sent, or
 * delivered already. A family's cancellation message that reached them (accepted by the mail server, or delivered by
 * GOV.UK Notify) also records that the family was told, in the same transaction. Returns false when the message is
 * no longer this attempt's to record (another attempt took it over).
 */
export async function recordReceipt(
  em: EntityManager,
  messageId: string,
  attempt: number,
  receipt: ChannelReceipt,
): Promise<boolean> {
  return em.fork().transactional(async (tx) => {
    const rows = await tx.execute<SentRow[]>(
      `update message set status = ?, provider = ?, provider_ref = ?, sent_at = ?, delivered_at = ?,
         last_error = null
       where id = ? and status = 'sending' and attempts = ?
       returning id, purpose, session_id, provider, provider_ref`,
      [
        receipt.status,
        receipt.provider,
        receipt.providerRef,
        receipt.at,
        receipt.status === 'delivered' ? receipt.at : null,
        messageId,
        attempt,
      ],
    );
    const row = rows[0];
    if (!row) return false;
    if (receipt.status === 'delivered' || receipt.provider === 'smtp') {
      await recordFamilyInformed(tx, row, receipt.at);
    }
    return true;
  });
}

/**
 * Asks the provider about a message it accepted and records its answer: delivered (and, for a family's cancellation
 * message, that the family was told), or failed with the provider's reason. Throws {@link NoReportYet} while the
 * provider has no final word. A message no longer `sent` needs nothing.
 */
export async function checkDelivery(
  em: EntityManager,
  channels: Pick<Channels, 'report'>,
  messageId: string,
): Promise<'delivered' | 'failed' | 'nothing_to_check'> {
  const rows = await em
    .fork()
    .execute<SentRow[]>(
      `select id, purpose, session_id, provider, provider_ref from message where id = ? and status = 'sent'`,
      [messageId],
    );
  const sent = rows[0];
  if (!sent?.provider || !sent.provider_ref) return 'nothing_to_check';
  const report = await channels.report({ provider: sent.provider, providerRef: sent.provider_ref });
  if (report.status === 'sent') throw new NoReportYet();
  return em.fork().transactional(async (tx) => {
    const updated =
      report.status === 'delivered'
        ? await tx.execute<SentRow[]>(
            `update message set status = 'delivered', delivered_at = ? where id = ? and status = 'sent'
             returning id, purpose, session_id, provider, provider_ref`,
            [report.at, messageId],
          )
        : await tx.execute<SentRow[]>(
            `update message set status = 'failed', failed_at = ?, last_error = ? where id = ? and status = 'sent'
             returning id, purpose, session_id, provider, provider_ref`,
            [report.at, report.reason.slice(0, 500), messageId],
          );
    const row = updated[0];
    if (!row) return 'nothing_to_check';
    if (report.status === 'delivered') await recordFamilyInformed(tx, row, report.at);
    return report.status;
  });
}

/**
 * A family's cancellation message reached them at `at`: the session records that the family was told (if no one
 * has recorded it yet), by Kinroom's own message, with the session event every live view follows.
 */
async function recordFamilyInformed(tx: EntityManager, row: SentRow, at: Date): Promise<void> {
  if (row.purpose !== 'session_cancelled_family' || !row.session_id) return;
  const s = await tx.findOne(Session, { id: row.session_id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!s || s.status !== 'cancelled' || s.familyInformedAt !== null) return;
  s.familyInformedAt = at;
  s.familyInformedVia = 'kinroom_message';
  recordSessionEvent(tx, s, 'family_informed');
  await tx.flush();
}
