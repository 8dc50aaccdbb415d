import { Migration } from '@mikro-orm/migrations';

/**
 * The access log's `operation` said whatever name the client gave its operation, so a read could be logged under
 * any name its reader chose. From now on `operation` holds what the server ran (the operation's type and root
 * fields), and the client's name is kept apart, as a claim. The log is append-only, so rows written before
 * keep the client's name in `operation`.
 */
export class Migration0010AccessLogOperations extends Migration {
  override name = '0010-access-log-operations';

  override up(): void {
    this.addSql(`
alter table access_log add column client_operation_name text;
comment on column access_log.operation is
  'What the server ran: the operation''s type and root fields (e.g. query child childHistory).';
comment on column access_log.client_operation_name is
  'The name the client gave the operation: its claim, not checked.';
`);
  }
}
