import { t } from '@mikro-orm/core';
import { PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';

/**
 * Every stored record belongs to exactly one council. Other aggregates are referenced by id, never by object:
 * the database's composite foreign keys guarantee that a reference never crosses councils, and services load what
 * they need in batches rather than through lazy relations.
 */
export abstract class CouncilOwned {
  @PrimaryKey({ type: t.uuid })
  id: string = randomUUID();

  @Property({ type: t.uuid })
  councilId!: string;
}
