/**
 * The access rules' former single file. They live in this folder now (index.ts); these names stay importable from
 * here for the WebSocket server, the child history's rows and the room board's loader until they import them from
 * `./index.js`.
 */
export { childReadableSql, historyCentre } from './children.js';
export { visibilityScope } from './live.js';
export { assertCentre } from './viewer.js';
