import { Migration } from '@mikro-orm/migrations';

/**
 * Retention (docs/domain.md rule 12): a child's contact record is kept until the child's retention date, and nothing of
 * it may be deleted before then. The foundation guards the child row itself; this guards every table that holds a
 * part of the record, whichever way the row reaches the child (directly, through its session, its flag or its
 * agreement). TRUNCATE skips row triggers, so it is refused outright on these tables and on the access log: rows
 * past their date are removed one by one, each checked.
 */
export class Migration0005Retention extends Migration {
  override name = '0005-retention';

  override up(): void {
    this.addSql(RETENTION_SQL);
  }
}

/** Each child-record table, and how one of its rows leads to the child. */
const CHILD_RECORD_TABLES: [table: string, via: 'child' | 'session' | 'flag' | 'agreement'][] = [
  ['session', 'child'],
  ['attendance', 'session'],
  ['absence_notice', 'session'],
  ['observation', 'child'],
  ['observation_amendment', 'child'],
  ['safeguarding_flag', 'child'],
  ['flag_acknowledgement', 'flag'],
  ['flag_escalation', 'flag'],
  ['contact_agreement', 'child'],
  ['suspension_notice', 'agreement'],
];

const RETENTION_SQL = /* sql */ `
create function child_record_retention_guard() returns trigger language plpgsql as $$
declare
  keep_until date;
begin
  -- Statements are planned when first run, so each branch may name columns only its own tables have.
  case tg_argv[0]
    when 'child' then
      select c.retain_until into keep_until from child c where c.id = old.child_id;
    when 'session' then
      select c.retain_until into keep_until from session s join child c on c.id = s.child_id where s.id = old.session_id;
    when 'flag' then
      select c.retain_until into keep_until
        from safeguarding_flag f join child c on c.id = f.child_id where f.id = old.flag_id;
    when 'agreement' then
      select c.retain_until into keep_until
        from contact_agreement a join child c on c.id = a.child_id where a.id = old.agreement_id;
  end case;
  if keep_until > current_date then
    raise exception 'this is part of a child''s record, which must be kept until %', keep_until
      using errcode = 'P0001', hint = 'record/retention';
  end if;
  return old;
end $$;

create function refuse_truncate() returns trigger language plpgsql as $$
begin
  raise exception '% cannot be truncated: rows are removed one by one, after their retention date', tg_table_name
    using errcode = 'P0001', hint = 'record/retention';
end $$;

${CHILD_RECORD_TABLES.map(
  ([table, via]) => `create trigger ${table}_retention before delete on ${table}
  for each row execute function child_record_retention_guard('${via}');
create trigger ${table}_no_truncate before truncate on ${table}
  for each statement execute function refuse_truncate();`,
).join('\n')}
create trigger child_no_truncate before truncate on child for each statement execute function refuse_truncate();
create trigger access_log_no_truncate before truncate on access_log
  for each statement execute function refuse_truncate();
`;
