import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm, type Orm } from '../src/db/orm.js';
import { emptyDatabase, type EmptyDatabase } from './machine-postgres.js';

/**
 * The migrations are the schema's one source; the entities are how the ORM reads and writes it. They must agree:
 * MikroORM's schema generator, asked what it would change to make the migrated database match the entities, must
 * find nothing beyond what is listed here on purpose.
 *
 * The database knows more than the entities describe, and says so in one direction only: constraints, indexes,
 * triggers, column defaults and comments that exist in the database alone (the generator would drop them) are the
 * database's own rules (docs/architecture.md). Anything the generator would create, add or change is a disagreement,
 * except for the entries below.
 */

/** Tables no entity maps: read and written in SQL. */
const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  agreement_review: 'append-only reviews of an agreement, read by its loaders in SQL',
  import_run: "the case-system import's runs, kept by the import service in SQL",
  mutation_allowance:
    "rate-limiter-flexible's store of the changes each caller has left (graphql/rate-limit.ts)",
  session_staff:
    'one row per person per session, written only by a trigger on session (double-booking checks)',
  suspension_meeting: 'append-only meetings after a suspension, kept by their service in SQL',
};

/** Columns no entity property maps: the database fills them. */
const COLUMNS_WITHOUT_PROPERTY: Record<string, string> = {
  'child.change_seq': 'the "changed since" order of records for integrators, taken by a trigger',
  'child_case.change_seq': 'the "changed since" order of records for integrators, taken by a trigger',
  'contact_agreement.change_seq': 'the "changed since" order of records for integrators, taken by a trigger',
  'session.change_seq': 'the "changed since" order of records for integrators, taken by a trigger',
  'session.held_from': "the room's hold before a session (turnover), computed by a trigger",
  'session.held_until': "the room's hold after a session (turnover), computed by a trigger",
};

/** Identifiers the database assigns another way than the sequence the generator assumes. */
const IDS_NOT_FROM_A_SEQUENCE: Record<string, string> = {
  event: 'given by the trigger event_take_id under a lock, so that ids become visible in order',
};

/** One clause of the generator's SQL, with what it would do to which object. */
interface Change {
  sql: string;
  table: string | null;
}

/** The generator's statements, an `alter table` with several clauses split into one change per clause. */
function changes(sql: string): Change[] {
  const out: Change[] = [];
  for (const statement of sql.split(/;\s*\n/).map((s) => s.trim().replace(/;$/, ''))) {
    if (!statement) continue;
    const alter = /^alter table "([^"]+)" (.*)$/s.exec(statement);
    if (!alter) {
      out.push({ sql: statement, table: /on "([^"]+)"/.exec(statement)?.[1] ?? null });
      continue;
    }
    for (const clause of alter[2]!.split(/,\s*(?=(?:add|drop|alter|rename) )/)) {
      out.push({ sql: clause.trim(), table: alter[1]! });
    }
  }
  return out;
}

/** Why a change may be left undone, or null when it is a real disagreement. */
function allowed(change: Change, all: Change[]): string | null {
  const { sql, table } = change;
  if (/^drop (index|trigger|function) /.test(sql)) return 'a rule of the database alone';
  if (/^alter column "[^"]+" drop default$/.test(sql)) return 'a default of the database alone';
  if (/^comment on column .* is null$/.test(sql)) return 'a comment of the database alone';
  const dropped = /^drop constraint "([^"]+)"$/.exec(sql);
  if (dropped) return 'a constraint of the database alone';
  // PostgreSQL keeps a check's expression in its own words (`not in` as `<> all (array[...])`), and the generator
  // compares the words: a check the entity declares that exists under the same name is the same check.
  const check = /^add constraint "([^"]+)" check /.exec(sql);
  if (check && all.some((c) => c.table === table && c.sql === `drop constraint "${check[1]}"`)) {
    return 'the same check, in PostgreSQL’s words';
  }
  const table_ = /^drop table if exists "([^"]+)"/.exec(sql)?.[1];
  if (table_ && TABLES_WITHOUT_ENTITY[table_]) return TABLES_WITHOUT_ENTITY[table_];
  const column = /^drop column "([^"]+)"$/.exec(sql)?.[1];
  if (column && COLUMNS_WITHOUT_PROPERTY[`${table}.${column}`])
    return COLUMNS_WITHOUT_PROPERTY[`${table}.${column}`]!;
  const sequence =
    /^(?:create sequence if not exists "([a-z_]+)_id_seq"|select setval\('([a-z_]+)_id_seq')/.exec(sql);
  const sequenceOf = sequence?.[1] ?? sequence?.[2];
  if (sequenceOf && IDS_NOT_FROM_A_SEQUENCE[sequenceOf]) return IDS_NOT_FROM_A_SEQUENCE[sequenceOf];
  if (table && IDS_NOT_FROM_A_SEQUENCE[table] && /^alter column "id" set default nextval\(/.test(sql)) {
    return IDS_NOT_FROM_A_SEQUENCE[table];
  }
  return null;
}

let db: EmptyDatabase;
let orm: Orm;

beforeAll(async () => {
  db = await emptyDatabase();
  orm = await openOrm(db.url);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

describe('the migrated schema and the entities', () => {
  it('agree: the schema generator would change nothing but what is listed on purpose', async () => {
    const all = changes(await orm.schema.getUpdateSchemaSQL({ wrap: false }));
    const disagreements = all
      .filter((c) => allowed(c, all) === null)
      .map((c) => `${c.table ?? ''}: ${c.sql}`);
    if (disagreements.length > 0) {
      console.error(`The entities and the migrations disagree:\n  ${disagreements.join('\n  ')}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('list no exception that is no longer needed', async () => {
    const all = changes(await orm.schema.getUpdateSchemaSQL({ wrap: false }));
    const has = (table: string, sql: string) => all.some((c) => c.table === table && c.sql === sql);
    const stale = [
      ...Object.keys(TABLES_WITHOUT_ENTITY).filter(
        (t) => !all.some((c) => c.sql.startsWith(`drop table if exists "${t}"`)),
      ),
      ...Object.keys(COLUMNS_WITHOUT_PROPERTY).filter((tc) => {
        const [table, column] = tc.split('.') as [string, string];
        return !has(table, `drop column "${column}"`);
      }),
      ...Object.keys(IDS_NOT_FROM_A_SEQUENCE).filter(
        (t) => !all.some((c) => c.table === t && c.sql.startsWith('alter column "id" set default nextval(')),
      ),
    ];
    expect(stale).toEqual([]);
  });
});
