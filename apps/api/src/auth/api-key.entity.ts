import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { CouncilOwned } from '../db/base.entity.js';

/**
 * What an API key lets its machine client do: `read` the council's records, `write` (upsert) them, and read the
 * identity and address of `carers`, which no integrator sees without it (docs/domain.md rule 11).
 */
export type ApiScope = 'read' | 'write' | 'carers';
export const API_SCOPES: readonly ApiScope[] = ['read', 'write', 'carers'];

/**
 * A machine client's key. Only the SHA-256 of the secret is stored; the secret is shown once, when the key is made.
 * `clientId` is the integrator account it acts as, so that its reads and writes are logged under that account.
 */
@Entity({ tableName: 'api_key' })
export class ApiKey extends CouncilOwned {
  @Property({ type: t.uuid })
  clientId!: string;

  @Property({ type: t.text })
  name!: string;

  /** The key's first characters, shown in lists so that a key can be told apart without its secret. */
  @Property({ type: t.text })
  keyPrefix!: string;

  @Property({ type: t.blob })
  keyHash!: Buffer;

  @Property({ type: t.array })
  scopes: ApiScope[] = [];

  @Property({ type: t.uuid })
  createdById!: string;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();

  @Property({ type: t.datetime, nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: t.uuid, nullable: true })
  revokedById: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  lastUsedAt: Date | null = null;
}
