/**
 * A row as a statement writes it with `RowColumns.sql`: its set's columns in order, as a JSON array (timestamps as
 * ISO strings). Positions, not keys: for a page of fifty sessions with their records, the keys were a fifth of the
 * JSON PostgreSQL wrote and the API parsed (70 → 56 KB).
 */
export type JsonRow = readonly unknown[];

/** How one column's JSON value is read into its property. */
export type Read<T> = (v: unknown) => T;

/** Every property of an entity: the column it is stored in, and how its JSON value is read. */
export type PropertyTable<E> = { [P in keyof E]-?: [column: string, read: Read<E[P]>] };

/** The properties a partial read left out, by the prototype its rows share. */
const unreadByPrototype = new WeakMap<object, ReadonlySet<string>>();

/**
 * What a partial read (`RowColumns.read`) left out of a row, and the prototype its rows share (which carries those
 * properties); for anything else (a whole row, a managed entity) nothing, and a plain object's prototype. An object
 * made from a row takes that prototype, so that it fails as the row does on a property that was not loaded.
 */
export function unreadOf(row: object): { properties: ReadonlySet<string>; prototype: object } {
  const prototype = Object.getPrototypeOf(row) as object;
  const properties = unreadByPrototype.get(prototype);
  return properties ? { properties, prototype } : { properties: NONE, prototype: Object.prototype };
}

const NONE: ReadonlySet<string> = new Set();

/**
 * One set of an entity's columns, as a statement writes them in JSON and as they are read back. A row read with
 * fewer than all its columns answers only what was read: any other property reads as an Error, which both GraphQL
 * executors answer as that field's error, so that a field whose needs were misstated fails loudly rather than
 * answering null. (An Error and not a throw: the compiled executor reads plain fields outside any try, and a getter
 * throwing there, after an asynchronous resolver, is an unhandled rejection that leaves the request unanswered.)
 */
export class RowColumns<E extends { id: string }> {
  /** Rows read with this set share one prototype, which carries the unread properties, so they share one shape. */
  private readonly unread: object;

  /** The primary key's column, never null in a row that exists. */
  private readonly key: string;

  constructor(
    what: string,
    private readonly table: PropertyTable<E>,
    /** The properties read; all of them when not given. */
    readonly properties: readonly (keyof E & string)[] = Object.keys(table) as (keyof E & string)[],
  ) {
    this.key = table.id[0];
    const missing = (Object.keys(table) as (keyof E & string)[]).filter((p) => !properties.includes(p));
    const getters: PropertyDescriptorMap = {};
    for (const p of missing) {
      getters[p] = {
        get() {
          return new Error(`A ${what}'s ${p} was read in a read that did not load it.`);
        },
      };
    }
    this.unread = Object.create(Object.prototype, getters) as object;
    if (missing.length > 0) unreadByPrototype.set(this.unread, new Set(missing));
  }

  /**
   * The row `alias` as a JSON array of this set's columns, in the order `read` takes them; null when the row is
   * missing (an outer join that found none).
   */
  sql(alias: string): string {
    const columns = this.properties.map((p) => `${alias}.${this.table[p][0]}`);
    return `case when ${alias}.${this.key} is null then null else json_build_array(${columns.join(', ')}) end`;
  }

  read(j: JsonRow): E {
    const row = Object.create(this.unread) as Record<string, unknown>;
    const { properties, table } = this;
    for (let i = 0; i < properties.length; i++) {
      const p = properties[i]!;
      row[p] = table[p][1](j[i]);
    }
    return row as E;
  }
}

/**
 * An entity's column sets, each holding the one before it, and which of them each field of its GraphQL type needs
 * (its resolver's reads included). The statement is prepared on every connection, so its text must stay one of a
 * few: a fixed handful of sets, not one per selection.
 */
export class ColumnSets<E extends { id: string }, S extends string> {
  readonly all: RowColumns<E>;
  private readonly sets: Map<S, RowColumns<E>>;
  private readonly rank: Map<S, number>;

  constructor(
    what: string,
    table: PropertyTable<E>,
    /** Smallest first; each set names only the properties it adds to the one before. */
    sets: readonly (readonly [S, readonly (keyof E & string)[]])[],
    /** For each field of the GraphQL type, the smallest set that answers it. A field missing here reads every column. */
    private readonly fields: Readonly<Record<string, S>>,
  ) {
    this.all = new RowColumns(what, table);
    this.sets = new Map();
    this.rank = new Map();
    const properties: (keyof E & string)[] = [];
    for (const [i, [name, adds]] of sets.entries()) {
      properties.push(...adds);
      this.sets.set(name, new RowColumns(what, table, [...properties]));
      this.rank.set(name, i);
    }
  }

  /** The set named. */
  get(name: S): RowColumns<E> {
    return this.sets.get(name)!;
  }

  /** The smallest set holding these fields of the GraphQL type; null (or an unknown field) means every column. */
  forFields(fields: Iterable<string> | null): RowColumns<E> {
    if (!fields) return this.all;
    let smallest: S | null = null;
    for (const field of fields) {
      const set = this.fields[field];
      if (!set) return this.all;
      if (smallest === null || this.rank.get(set)! > this.rank.get(smallest)!) smallest = set;
    }
    return smallest === null ? this.sets.values().next().value! : this.sets.get(smallest)!;
  }
}
