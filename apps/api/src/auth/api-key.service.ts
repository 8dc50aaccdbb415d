import { announceAccessChange } from './access-change.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes, randomUUID } from 'node:crypto';
import { assertManagesApiKeys } from '../access/api-scopes.js';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import { badInput, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { API_SCOPES, ApiKey, type ApiScope } from './api-key.entity.js';
import type { ApiKeyInput } from './api-key.inputs.js';
import type { ApiKeyInfo, CreatedApiKey } from './api-key.type.js';
import { API_KEY_PREFIX, apiKeyHash, type Viewer } from './viewer.js';

const MAX_NAME = 200;
/** Characters of the secret kept in the clear, to tell keys apart in lists: `kr_` and 6 more (36 bits of 256). */
const SHOWN_PREFIX = API_KEY_PREFIX.length + 6;

/** A new secret: `kr_` and 32 random bytes, base64url. Only its SHA-256 is stored. */
function newSecret(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * An admin's API keys for machine clients (docs/sign-in.md). A key acts as a machine-client account (a staff_user
 * with role integrator and an address that can receive no mail), so that its reads and writes are logged under
 * that account; its scopes say what it may do (access/api-scopes.ts). Revoking takes effect on the next request.
 */
export class ApiKeyService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {
    assertManagesApiKeys(viewer);
  }

  async list(): Promise<ApiKeyInfo[]> {
    const keys = await this.em.find(
      ApiKey,
      { councilId: this.viewer.councilId },
      { orderBy: { createdAt: 'desc', id: 'asc' } },
    );
    return this.infos(this.em, keys);
  }

  async create(input: ApiKeyInput): Promise<CreatedApiKey> {
    const name = input.name.trim();
    if (!name) throw badInput('Name the key: what is it for?', { field: 'name' });
    if (name.length > MAX_NAME) {
      throw badInput(`The key’s name is longer than ${MAX_NAME} characters.`, { field: 'name' });
    }
    const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
    if (scopes.length === 0) throw badInput('Give the key at least one scope.', { field: 'scopes' });
    const secret = newSecret();
    const via = viaOf(this.viewer);
    return this.em.transactional(async (tx) => {
      const client = await this.clientFor(tx, input.clientId ?? null, name);
      const key = make(ApiKey, {
        councilId: this.viewer.councilId,
        clientId: client.id,
        name,
        keyPrefix: secret.slice(0, SHOWN_PREFIX),
        keyHash: apiKeyHash(secret),
        scopes: [...scopes],
        createdById: this.viewer.userId,
      });
      tx.persist(key);
      recordChange(tx, {
        councilId: key.councilId,
        recordType: 'api_key',
        recordId: key.id,
        action: 'created',
        changedById: this.viewer.userId,
        via,
        changes: fieldChanges({}, { name, scopes: key.scopes, clientId: client.id, prefix: key.keyPrefix }),
      });
      await tx.flush();
      return { secret, key: (await this.infos(tx, [key]))[0]! };
    });
  }

  async revoke(id: string): Promise<ApiKeyInfo> {
    if (!isUuid(id)) throw notFound('API key');
    return this.em.transactional(async (tx) => {
      const key = await tx.findOne(ApiKey, { id, councilId: this.viewer.councilId });
      if (!key) throw notFound('API key');
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        key.revokedById = this.viewer.userId;
        recordChange(tx, {
          councilId: key.councilId,
          recordType: 'api_key',
          recordId: key.id,
          action: 'revoked',
          changedById: this.viewer.userId,
          via: viaOf(this.viewer),
          changes: { revokedAt: [null, key.revokedAt.toISOString()] },
        });
        announceAccessChange(tx, { councilId: key.councilId, userId: key.clientId, kind: 'key_revoked' });
        await tx.flush();
      }
      return (await this.infos(tx, [key]))[0]!;
    });
  }

  /** The named machine client of the council, or a new one named after the key. */
  private async clientFor(tx: EntityManager, clientId: string | null, name: string): Promise<StaffUser> {
    if (clientId) {
      const found = isUuid(clientId)
        ? await tx.findOne(StaffUser, { id: clientId, councilId: this.viewer.councilId })
        : null;
      if (!found) throw notFound('machine client');
      if (found.role !== 'integrator' || !found.active) {
        throw badInput('An API key acts as an active machine client (role integrator).', {
          field: 'clientId',
        });
      }
      return found;
    }
    const id = randomUUID();
    const client = make(StaffUser, {
      id,
      councilId: this.viewer.councilId,
      name,
      // `.invalid` can never receive mail (RFC 2606): a machine client has no inbox and never signs in by email.
      email: `client-${id}@clients.kinroom.invalid`,
      role: 'integrator',
    });
    tx.persist(client);
    recordChange(tx, {
      councilId: client.councilId,
      recordType: 'staff_user',
      recordId: client.id,
      action: 'created',
      changedById: this.viewer.userId,
      via: viaOf(this.viewer),
      changes: fieldChanges({}, { name: client.name, email: client.email, role: client.role, active: true }),
    });
    return client;
  }

  private async infos(em: EntityManager, keys: ApiKey[]): Promise<ApiKeyInfo[]> {
    // The clients and the admins who made or revoked the keys, in one read.
    const ids = keys.flatMap((k) => [k.clientId, k.createdById, ...(k.revokedById ? [k.revokedById] : [])]);
    const people = new Map(
      (await em.find(StaffUser, { id: { $in: [...new Set(ids)] } })).map((u) => [u.id, u]),
    );
    const member = (id: string) => {
      const u = people.get(id)!;
      return { id: u.id, name: u.name, role: u.role };
    };
    return keys.map((k) => {
      const c = people.get(k.clientId)!;
      return {
        id: k.id,
        name: k.name,
        prefix: k.keyPrefix,
        scopes: [...k.scopes] as ApiScope[],
        client: { id: c.id, name: c.name, role: c.role },
        createdAt: k.createdAt,
        revokedAt: k.revokedAt,
        createdBy: member(k.createdById),
        revokedBy: k.revokedById ? member(k.revokedById) : null,
        lastUsedAt: k.lastUsedAt,
      };
    });
  }
}
