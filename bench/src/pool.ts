import pg from 'pg';

/**
 * A `pg` pool for the bench and its comparison servers. An idle connection ended by the server (as when the database
 * stops at the end of a run) is not a failure: queries report their own errors. Unheard, pg's 'error' event would
 * end the process.
 */
export function openPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {});
  return pool;
}
