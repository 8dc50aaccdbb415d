import { Migration } from '@mikro-orm/migrations';

/**
 * A centre manager or supervisor works at a centre (docs/domain.md rule 11): everything they may see is decided by it, so
 * an account of either role without one is refused by the database, whichever way it is written. An existing
 * account without a centre stops the migration with what to do, rather than being guessed a centre or quietly
 * given another role. It also indexes the observation records not yet final, which a manager's scope reads.
 */
export class Migration0006CentreStaff extends Migration {
  override name = '0006-centre-staff';

  override up(): void {
    this.addSql(CENTRE_STAFF_SQL);
  }
}

const CENTRE_STAFF_SQL = /* sql */ `
do $$
declare
  stranded int;
begin
  select count(*) into stranded from staff_user
   where role in ('centre_manager', 'supervisor') and centre_id is null;
  if stranded > 0 then
    raise exception '% centre manager or supervisor account(s) have no centre', stranded
      using hint = 'Give each of them their centre (staff_user.centre_id), or another role, then start again.';
  end if;
end
$$;

alter table staff_user add constraint staff_user_centre_roles_have_centre check (role not in ('centre_manager', 'supervisor') or centre_id is not null);

-- A manager's current work includes the records their centre still owes (access/policy.ts): few, found at once.
create index observation_not_final on observation (session_id, child_id) where status <> 'final';
`;
