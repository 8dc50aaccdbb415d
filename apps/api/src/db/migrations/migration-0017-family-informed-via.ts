import { Migration } from '@mikro-orm/migrations';

/**
 * How the family was told of a cancellation (docs/sessions.md, "Cancelling"): beside the time they were told, the
 * way (a phone call, in person, a text message, an email, a letter, or Kinroom's own message once delivered). Older
 * cancellations keep no way (null): it was never asked.
 */
export class Migration0017FamilyInformedVia extends Migration {
  override name = '0017-family-informed-via';

  override up(): void {
    this.addSql(/* sql */ `
alter table session add column family_informed_via text
  check (family_informed_via in ('phone', 'in_person', 'text_message', 'email', 'letter', 'kinroom_message'));
alter table session add constraint session_family_informed_via_needs_time
  check (family_informed_via is null or family_informed_at is not null);
`);
  }
}
