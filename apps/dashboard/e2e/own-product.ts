import { createRequire } from 'node:module';
import { emptyDatabase } from '../../api/test/machine-postgres';
import { startProduct, type Product } from './product';

export interface SqlClient {
  connect(): Promise<void>;
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, string>[] }>;
  end(): Promise<void>;
}
// The API's PostgreSQL client, as the API's own tests use it (the dashboard does not depend on it).
const pg = createRequire(new URL('../../api/package.json', import.meta.url))('pg') as {
  Client: new (o: { connectionString: string }) => SqlClient;
};

/** A product of a test file's own, with a connection to its database for the fixtures a browser cannot make. */
export interface OwnProduct extends Product {
  sql: SqlClient;
}

/**
 * The whole product with the demo week on a new, empty database of its own, so that a test may write to it by SQL
 * what no screen can make happen (a session whose time has passed, another family's booking in the way) without
 * touching the run's shared product. `stop` closes the connection, stops the product and drops the database.
 */
export async function startOwnProduct(
  /** More environment for the API process (e.g. the messaging settings), as `startProduct` takes it. */
  env: Record<string, string> = {},
): Promise<OwnProduct> {
  const db = await emptyDatabase();
  let product: Product;
  try {
    product = await startProduct({ databaseUrl: db.url, env });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  return {
    url: product.url,
    sql,
    stop: async () => {
      await sql.end();
      await product.stop();
      await db.drop();
    },
  };
}
