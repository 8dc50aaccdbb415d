import { Migration } from '@mikro-orm/migrations';

/**
 * The child's independent reviewing officer (IRO) on the child's case (docs/records.md), and the messages addressed to
 * them: the IRO is told when contact is suspended (docs/notifications.md). An IRO is not a Kinroom user: a message to
 * them names the case it was read from (recipient kind `reviewing_officer`, recipient id the case's id).
 */
export class Migration0019ReviewingOfficer extends Migration {
  override name = '0019-reviewing-officer';

  override up(): void {
    this.addSql(/* sql */ `
alter table child_case
  add column reviewing_officer_name text
    check (reviewing_officer_name is null or length(reviewing_officer_name) between 1 and 200),
  add column reviewing_officer_email text
    check (reviewing_officer_email is null or length(reviewing_officer_email) between 3 and 200);
alter table message drop constraint message_recipient_kind_check;
alter table message add constraint message_recipient_kind_check
  check (recipient_kind in ('family_member', 'carer', 'staff', 'reviewing_officer'));
`);
  }
}
