import { Migration } from '@mikro-orm/migrations';

/**
 * A message found no longer needed when it is sent (docs/notifications.md, "Who is told what"): a family's reminder
 * for a session cancelled, moved, or that they have said they cannot come to since it was planned. Recorded as not
 * sent, with its own reason.
 */
export class Migration0018MessageNoLongerNeeded extends Migration {
  override name = '0018-message-no-longer-needed';

  override up(): void {
    this.addSql(/* sql */ `
alter table message drop constraint message_not_sent_reason_check;
alter table message add constraint message_not_sent_reason_check
  check (not_sent_reason in ('do_not_contact', 'no_contact_details', 'channel_not_configured', 'no_longer_needed'));
`);
  }
}
