import type { EntityClass, EntityMetadata, EntityProperty, MetadataStorage } from '@mikro-orm/core';

/**
 * A row as a statement writes it with `RowColumns.sql`: its set's columns in order, as a JSON array (timestamps as
 * ISO strings). Positions, not keys: the keys of a page's rows were a large part of the JSON written and parsed.
 */
export type JsonRow = readonly unknown[];

/** How one column's JSON value is read into its property. */
export type Read<T> = (v: unknown) => T;

/** A stored timestamp, written in JSON as an ISO string, read as the ORM maps it: a Date (null stays null). */
export const readDate: Read<Date | null> = (v) =>
  v === null || v === undefined ? null : new Date(v as string);

/** Strings, numbers, booleans, arrays and JSON documents read from JSON as the ORM maps them: as they are. */
const asIs: Read<unknown> = (v) => v;

/**
 * How a property's JSON value is read, by the type the ORM maps it to. Types whose JSON differs from the ORM's value
 * in a way not handled here (a bigint or decimal written as a JSON number but mapped to a string, bytes) are refused
 * when the table is built, so that a new property of such a type is given its reader rather than read wrongly.
 */
function readerFor(meta: EntityMetadata, prop: EntityProperty): Read<unknown> {
  if (prop.runtimeType === 'Date') return readDate;
  const column = prop.columnTypes[0]?.toLowerCase() ?? '';
  const exact =
    /^(bigint|int8|numeric|decimal|bytea)\b/.test(column) || ['bigint', 'Buffer'].includes(prop.runtimeType);
  if (exact) {
    throw new Error(
      `${meta.className}.${prop.name} (${column}) is not read from JSON as the ORM maps it: give it a reader.`,
    );
  }
  return asIs;
}

/** What a row of an entity is read as, and how: its class, and what differs from its mapped properties. */
export interface EntityShape<E> {
  /** What a row is, in messages: `session`, `flag`. */
  what: string;
  /** The entity whose mapped properties the row holds. */
  entity: EntityClass<E>;
  /** Mapped properties the row leaves out (a flag as the GraphQL type shows it has no council). */
  omit?: readonly string[];
  /** Properties that read differently from their type's reader. */
  read?: { readonly [P in keyof E]?: Read<E[P]> };
}

/** Every property of an entity: the column it is stored in, and how its JSON value is read. */
export type PropertyTable<E> = { [P in keyof E & string]: [column: string, read: Read<E[P]>] };

/**
 * The table of an entity's properties as the ORM maps them: every stored property (each column-backed scalar), its
 * column, and its reader, by its type. A property added to the entity is in the table without anything else edited.
 */
export function propertyTable<E>(
  meta: EntityMetadata,
  shape: Omit<EntityShape<E>, 'what' | 'entity'> = {},
): PropertyTable<E> {
  const table: Record<string, [string, Read<unknown>]> = {};
  const omit = new Set(shape.omit ?? []);
  const overrides = (shape.read ?? {}) as Record<string, Read<unknown> | undefined>;
  for (const prop of storedProperties(meta)) {
    if (omit.has(prop.name)) continue;
    table[prop.name] = [prop.fieldNames[0]!, overrides[prop.name] ?? readerFor(meta, prop)];
  }
  return table as PropertyTable<E>;
}

/** The properties the ORM keeps in a column of the entity's own table (no relations, formulas or unmapped ones). */
function storedProperties(meta: EntityMetadata): EntityProperty[] {
  return meta.props.filter(
    (p) => p.kind === 'scalar' && p.persist !== false && !p.formula && p.fieldNames?.length === 1,
  );
}

/**
 * The ORM's metadata, handed over when it is discovered (`ormOptions`): the tables below are built from it on first
 * use, because it exists only once the ORM has started. Every ORM of the process maps the same entity classes alike.
 */
let discovered: MetadataStorage | null = null;

export function useEntityMetadata(storage: MetadataStorage): void {
  discovered = storage;
}

function metadataOf(entity: EntityClass<unknown>, what: string): EntityMetadata {
  if (!discovered) throw new Error(`A ${what}'s columns were needed before the ORM was started.`);
  return discovered.get(entity);
}

/** The stored property names of each entity class, for plain copies. */
const copiedByClass = new WeakMap<object, readonly string[]>();

/**
 * A plain copy of an entity's stored properties (arrays copied too), detached from the EntityManager that read it,
 * to be kept between requests. A property added to the entity is copied without anything else edited.
 */
export function plainCopy<E extends object>(entity: E): E {
  const cls = entity.constructor as EntityClass<unknown>;
  let names = copiedByClass.get(cls);
  if (!names) {
    names = storedProperties(metadataOf(cls, cls.name)).map((p) => p.name as string);
    copiedByClass.set(cls, names);
  }
  const from = entity as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const p of names) copy[p] = Array.isArray(from[p]) ? [...(from[p] as unknown[])] : from[p];
  return copy as E;
}

/** The property tables built so far, one per shape. */
const tables = new WeakMap<EntityShape<unknown>, PropertyTable<unknown>>();

function tableOf<E>(shape: EntityShape<E>): PropertyTable<E> {
  let table = tables.get(shape as EntityShape<unknown>);
  if (!table) {
    table = propertyTable(metadataOf(shape.entity, shape.what), shape) as PropertyTable<unknown>;
    tables.set(shape as EntityShape<unknown>, table);
  }
  return table as PropertyTable<E>;
}

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

/** A set of columns as it is written and read, once the entity's table is known. */
interface Resolved {
  properties: readonly string[];
  columns: readonly string[];
  readers: readonly Read<unknown>[];
  /** Rows read with this set share one prototype, which carries the unread properties, so they share one shape. */
  unread: object;
  /** The primary key's column, never null in a row that exists. */
  key: string;
}

/**
 * One set of an entity's columns, as a statement writes them in JSON and as they are read back. A row read with
 * fewer than all its columns answers only what was read: any other property reads as an Error, which both GraphQL
 * executors answer as that field's error, so that a field whose needs were misstated fails loudly rather than
 * answering null. (An Error and not a throw: the compiled executor reads plain fields outside any try, and a getter
 * throwing there, after an asynchronous resolver, is an unhandled rejection that leaves the request unanswered.)
 */
export class RowColumns<E extends { id: string }> {
  private resolved: Resolved | null = null;

  constructor(
    private readonly shape: EntityShape<E>,
    /** The properties read; every stored property of the entity when not given. */
    private readonly only?: readonly (keyof E & string)[],
  ) {}

  /** The properties read, in the order `sql` writes them. */
  get properties(): readonly (keyof E & string)[] {
    return this.resolve().properties as (keyof E & string)[];
  }

  /**
   * The row `alias` as a JSON array of this set's columns, in the order `read` takes them; null when the row is
   * missing (an outer join that found none).
   */
  sql(alias: string): string {
    const { columns, key } = this.resolve();
    const written = columns.map((c) => `${alias}.${c}`);
    return `case when ${alias}.${key} is null then null else json_build_array(${written.join(', ')}) end`;
  }

  read(j: JsonRow): E {
    const { properties, readers, unread } = this.resolved ?? this.resolve();
    const row = Object.create(unread) as Record<string, unknown>;
    for (let i = 0; i < properties.length; i++) row[properties[i]!] = readers[i]!(j[i]);
    return row as E;
  }

  private resolve(): Resolved {
    if (this.resolved) return this.resolved;
    const { what } = this.shape;
    const table = tableOf(this.shape) as Record<string, [string, Read<unknown>]>;
    const all = Object.keys(table);
    const properties: readonly string[] = this.only ?? all;
    const unknown = properties.filter((p) => !table[p]);
    if (unknown.length > 0) throw new Error(`A ${what} has no stored ${unknown.join(', ')}.`);
    const getters: PropertyDescriptorMap = {};
    const missing = all.filter((p) => !properties.includes(p));
    for (const p of missing) {
      getters[p] = {
        get() {
          return new Error(`A ${what}'s ${p} was read in a read that did not load it.`);
        },
      };
    }
    const unread = Object.create(Object.prototype, getters) as object;
    if (missing.length > 0) unreadByPrototype.set(unread, new Set(missing));
    this.resolved = {
      properties,
      columns: properties.map((p) => table[p]![0]),
      readers: properties.map((p) => table[p]![1]),
      unread,
      key: table.id![0],
    };
    return this.resolved;
  }
}

/**
 * An entity's column sets, each holding the one before it, and which of them each field of its GraphQL type needs
 * (its resolver's reads included). The statement is prepared on every connection, so its text must stay one of a
 * few: a fixed handful of sets, not one per selection. Only the narrow sets are named; `all` is every stored
 * property, so a property added to the entity is read (by any selection of its field) without naming it here.
 */
export class ColumnSets<E extends { id: string }, S extends string> {
  readonly all: RowColumns<E>;
  private readonly sets = new Map<S, RowColumns<E>>();
  private readonly rank = new Map<S, number>();
  /** For each field of the GraphQL type, the smallest set that answers it. A field missing here reads every column. */
  private readonly fields = new Map<string, S>();

  constructor(
    shape: EntityShape<E>,
    /** Smallest first; each set names only the properties it adds to the one before. */
    sets: readonly (readonly [S, readonly (keyof E & string)[]])[],
    /**
     * The fields that are not a property of the same name (their resolvers read the entity), with the smallest set
     * answering each. A field named as a property of a set is answered by the first set holding it.
     */
    resolved: Readonly<Record<string, S>> = {},
  ) {
    this.all = new RowColumns(shape);
    const properties: (keyof E & string)[] = [];
    for (const [i, [name, adds]] of sets.entries()) {
      properties.push(...adds);
      this.sets.set(name, new RowColumns(shape, [...properties]));
      this.rank.set(name, i);
      for (const p of adds) if (!this.fields.has(p)) this.fields.set(p, name);
    }
    for (const [field, set] of Object.entries(resolved)) this.fields.set(field, set);
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
      const set = this.fields.get(field);
      if (!set) return this.all;
      if (smallest === null || this.rank.get(set)! > this.rank.get(smallest)!) smallest = set;
    }
    return smallest === null ? this.sets.values().next().value! : this.sets.get(smallest)!;
  }
}
