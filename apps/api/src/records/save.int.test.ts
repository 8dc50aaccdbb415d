import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { saveCarer, saveChild, type Writer } from './save.js';

/**
 * The save services as the case-system import calls them (docs/records.md "Saving"): a row per transaction, a
 * refused row rolling back only itself, a dry run rolling everything back.
 */
let api: TestApi;
let writer: Writer;

const count = async (sql: string, params: unknown[] = []) =>
  (await api.db.sql(`select count(*)::int as n from ${sql}`, params)).rows[0].n as number;

class DryRun extends Error {}

beforeAll(async () => {
  api = await startTestApi();
  const admin = (await api.db.sql('select id, council_id from staff_user where email = $1', [DEMO.admin]))
    .rows[0];
  writer = { councilId: admin.council_id, userId: admin.id, via: 'import' };
});
afterAll(() => api.close());

const em = () => api.db.orm.em.fork() as unknown as EntityManager;

describe('the save services inside a caller’s transaction', () => {
  it('a dry run rolled back leaves no record and no change-log row', async () => {
    const children = await count('child');
    const log = await count('change_log');
    const outcomes: string[] = [];
    await expect(
      em().transactional(async (tx) => {
        outcomes.push(
          (
            await saveChild(tx, writer, {
              externalId: 'DRY-1',
              firstName: 'Dry',
              lastName: 'Run',
              dateOfBirth: '2019-01-01',
            })
          ).outcome,
        );
        outcomes.push(
          (
            await saveChild(tx, writer, {
              externalId: 'DRY-1',
              firstName: 'Dry',
              lastName: 'Run',
              dateOfBirth: '2019-01-01',
            })
          ).outcome,
        );
        throw new DryRun();
      }),
    ).rejects.toBeInstanceOf(DryRun);
    expect(outcomes).toEqual(['created', 'unchanged']);
    expect(await count('child')).toBe(children);
    expect(await count('change_log')).toBe(log);
  });

  it('a refused row rolls back only itself; the rows around it commit', async () => {
    const results = await em().transactional(async (tx) => {
      const out: string[] = [];
      for (const row of [
        { name: 'Row One', address: '1 Row Street', externalId: 'ROW-1' },
        { name: 'Row Two', address: '2 Row Street', externalId: 'ROW-2', phone: 'call me' },
        { name: 'Row Three', address: '3 Row Street', externalId: 'ROW-3' },
      ]) {
        try {
          out.push((await saveCarer(tx, writer, row)).outcome);
        } catch (err) {
          out.push((err as { code?: string }).code ?? 'error');
        }
      }
      return out;
    });
    expect(results).toEqual(['created', 'BAD_USER_INPUT', 'created']);
    expect(await count(`carer where external_id in ('ROW-1', 'ROW-2', 'ROW-3')`)).toBe(2);
    expect(await count(`change_log where record_type = 'carer' and via = 'import'`)).toBe(2);
  });
});
