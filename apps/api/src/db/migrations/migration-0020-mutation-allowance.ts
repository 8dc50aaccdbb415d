import { Migration } from '@mikro-orm/migrations';

/**
 * The allowance of changes each caller has left this minute, shared by every Kinroom process on the database
 * (graphql/rate-limit.ts, docs/operations.md "Several processes"). The columns are the ones rate-limiter-flexible's
 * PostgreSQL store reads and writes; the table is made here rather than by the library at start-up, so that a process
 * needs no right to create tables. `expire` is in milliseconds since the epoch; the index serves the sweep of rows
 * long expired.
 */
export class Migration0020MutationAllowance extends Migration {
  override name = '0020-mutation-allowance';

  override up(): void {
    this.addSql(/* sql */ `
create table mutation_allowance (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
create index mutation_allowance_expire_idx on mutation_allowance (expire);
`);
  }
}
