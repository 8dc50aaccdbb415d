import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { sleep } from '../../test/ws.js';

/** Machine clients' API keys: made by an admin, shown once, stored as a hash, limited by scope, revoked at once. */

let api: TestApi;
let admin: string;

const CREATE = `mutation($i: ApiKeyInput!) {
  createApiKey(input: $i) { secret key { id name prefix scopes client { id name role } revokedAt lastUsedAt } }
}`;
const CENTRES = `query { myCentres { id } }`;

interface Created {
  createApiKey: {
    secret: string;
    key: { id: string; prefix: string; scopes: string[]; client: { id: string; role: string } };
  };
}

async function createKey(scopes: string[], name = 'Case system sync', clientId?: string) {
  const r = await api.gql<Created>(admin, CREATE, { i: { name, scopes, clientId } });
  expect(r.errors).toBeUndefined();
  return r.data!.createApiKey;
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.tokenFor(DEMO.admin);
}, 60_000);
afterAll(() => api?.close());

describe('API keys', () => {
  it('reads with a read key, and the database holds no secret, only its hash', async () => {
    const { secret, key } = await createKey(['READ']);
    expect(secret).toMatch(/^kr_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(key.client.role).toBe('INTEGRATOR');
    const r = await api.gql<{ myCentres: unknown[] }>(secret, CENTRES);
    expect(r.errors).toBeUndefined();
    expect(r.data!.myCentres.length).toBeGreaterThan(0);

    const dump = await api.db.sql(
      `select (select string_agg(t::text, '|') from api_key t) as keys,
              (select string_agg(c::text, '|') from change_log c) as log`,
    );
    const stored = JSON.stringify(dump.rows);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(3));
    const client = (await api.db.sql(`select email, role from staff_user where id = $1`, [key.client.id]))
      .rows[0] as { email: string; role: string };
    expect(client).toMatchObject({ role: 'integrator' });
    expect(client.email).toMatch(/^client-.+@clients\.kinroom\.invalid$/);
    const log = await api.db.sql(`select action, via from change_log where record_id = $1`, [key.id]);
    expect(log.rows).toEqual([{ action: 'created', via: 'dashboard' }]);
    const used = await api.db.sql(`select last_used_at from api_key where id = $1`, [key.id]);
    expect(used.rows[0]!.last_used_at).not.toBeNull();
  });

  it('refuses what the key’s scopes do not allow: FORBIDDEN', async () => {
    const readOnly = await createKey(['READ']);
    const write = await api.gql(readOnly.secret, 'mutation { signOut }');
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(write.errors?.[0]?.message).toBe('This API key may not write records.');

    const writeOnly = await createKey(['WRITE'], 'Uploads only', readOnly.key.client.id);
    expect(writeOnly.key.client.id).toBe(readOnly.key.client.id);
    const read = await api.gql(writeOnly.secret, CENTRES);
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(read.data ?? null).toBeNull();
  });

  it('is refused on the very next request once revoked, and its open socket closes', async () => {
    const { secret, key } = await createKey(['READ']);
    const other = await createKey(['READ'], 'Second key', key.client.id);
    const open = async (token: string) => {
      const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
      await new Promise<void>((resolve, reject) => {
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
        ws.on('message', (d) => {
          if ((JSON.parse(String(d)) as { type: string }).type === 'connection_ack') resolve();
        });
        void closed.then((c) => reject(new Error(`closed with ${c}`)));
      });
      return { ws, closed };
    };
    const revokedSocket = await open(secret);
    const otherSocket = await open(other.secret);

    const r = await api.gql<{
      revokeApiKey: {
        revokedAt: string | null;
        createdBy: { name: string };
        revokedBy: { name: string } | null;
      };
    }>(
      admin,
      'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt createdBy { name } revokedBy { name } } }',
      {
        id: key.id,
      },
    );
    expect(r.data?.revokeApiKey.revokedAt).not.toBeNull();
    // Who made it and who revoked it, by name, as the admin's list shows them.
    expect(r.data?.revokeApiKey.createdBy.name).toBe('Lee Turner');
    expect(r.data?.revokeApiKey.revokedBy?.name).toBe('Lee Turner');
    const after = await api.gql(secret, CENTRES);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await Promise.race([revokedSocket.closed, sleep(6_000).then(() => 'still open')])).toBe(4403);
    // The client's other key, and its socket, go on working.
    expect((await api.gql(other.secret, CENTRES)).errors).toBeUndefined();
    expect(otherSocket.ws.readyState).toBe(WebSocket.OPEN);
    const listed = await api.gql<{ apiKeys: { id: string; revokedBy: { name: string } | null }[] }>(
      admin,
      'query { apiKeys { id revokedBy { name } } }',
    );
    expect(listed.data!.apiKeys.find((k) => k.id === other.key.id)!.revokedBy).toBeNull();
    otherSocket.ws.close();
    const log = await api.db.sql(`select action from change_log where record_id = $1 order by id`, [key.id]);
    expect(log.rows).toEqual([{ action: 'created' }, { action: 'revoked' }]);
  });

  it('is an admin’s alone, and lists keys without their secrets', async () => {
    const manager = await api.tokenFor(DEMO.manager);
    const refused = await api.gql(manager, CREATE, { i: { name: 'x', scopes: ['READ'] } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await api.gql<{ apiKeys: { prefix: string }[] }>(
      admin,
      'query { apiKeys { id name prefix scopes revokedAt lastUsedAt client { name } } }',
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.apiKeys.length).toBeGreaterThanOrEqual(4);
    const otherCouncil = await api.tokenFor(DEMO.otherManager);
    expect((await api.gql(otherCouncil, 'query { apiKeys { id } }')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses a key with no scope, and an unknown secret', async () => {
    const r = await api.gql(admin, CREATE, { i: { name: 'Nothing', scopes: [] } });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const bogus = await api.gql(`kr_${'A'.repeat(43)}`, CENTRES);
    expect(bogus.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets the demo integrator, signed in with a staff token, read', async () => {
    const integrator = await api.tokenFor(DEMO.integrator);
    expect((await api.gql(integrator, CENTRES)).errors).toBeUndefined();
  });
});
