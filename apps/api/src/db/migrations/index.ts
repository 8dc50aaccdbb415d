import { Migration0001Foundation } from './migration-0001-foundation.js';

/** Every migration, in order. Listed explicitly so that a build runs exactly what was committed. */
export const MIGRATIONS = [{ name: '0001-foundation', class: Migration0001Foundation }];
