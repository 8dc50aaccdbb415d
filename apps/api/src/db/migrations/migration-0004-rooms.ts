import { Migration } from '@mikro-orm/migrations';

/**
 * Who last set a room's condition, and when: the room board shows "needs tidying since 16:35" and a manager can
 * ask the person who marked it. Nullable because rooms created before this, or never changed, have no such record.
 */
export class Migration0004Rooms extends Migration {
  override name = '0004-rooms';

  override up(): void {
    this.addSql(/* sql */ `
alter table room
  add column condition_changed_at timestamptz,
  add column condition_changed_by_id uuid,
  add foreign key (council_id, condition_changed_by_id) references staff_user (council_id, id)
    deferrable initially deferred;
`);
  }
}
