/**
 * Need to know (docs/domain.md rule 11), decided in this folder alone; docs/access.md says each rule in plain words
 * and where it lives. Services, resolvers and queries ask these rules and decide nothing of access themselves.
 *
 * - viewer.ts: who is asking, and the centre a manager or supervisor works at;
 * - agreements.ts: who reads and who changes a contact agreement;
 * - children.ts: who reaches a child's record, each rule as SQL beside its TypeScript twin, and what of the record
 *   (agreements, carers, which centre's history) they see;
 * - sessions.ts: who sees, runs, books, moves, cancels and corrects a session;
 * - observations.ts: who reads, reviews and amends an observation record;
 * - parents-copy.ts: who withholds from, shares and reads the parents' copy of a final observation record;
 * - court-bundle.ts: who produces a child's court bundle;
 * - flags.ts: who reads and handles a safeguarding flag, and what a site alert may say;
 * - rooms.ts: who sets a room's condition;
 * - live.ts: which live events reach whom, and which subscribers share an execution;
 * - messages.ts: who sees the record of a message sent outside the dashboard;
 * - administration.ts: who sets up centres, rooms and staff, and what an admin may not do to their own account;
 * - imports.ts: who imports from the case system and reads the imports' reports;
 * - api-scopes.ts: what an API key's scopes let a machine client do, and who manages keys.
 */
export * from './administration.js';
export * from './agreements.js';
export * from './api-scopes.js';
export * from './children.js';
export * from './court-bundle.js';
export * from './flags.js';
export * from './imports.js';
export * from './live.js';
export * from './messages.js';
export * from './observations.js';
export * from './parents-copy.js';
export * from './rooms.js';
export * from './sessions.js';
export * from './viewer.js';
