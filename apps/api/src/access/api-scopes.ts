import type { ApiScope } from '../auth/api-key.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { forbidden } from '../common/errors.js';

/**
 * What a machine client may do (auth/api-key.entity.ts, docs/sign-in.md):
 * - a viewer signed in with an API key has exactly its key's scopes;
 * - an integrator signed in with a staff token (not a key) only reads;
 * - every other role passes here, and its role rules (the other files of this folder) decide.
 *
 * `carers` lets a client read carers' identity and address, which no integrator sees without it (docs/domain.md
 * rule 11).
 */
export function hasScope(viewer: Viewer, scope: ApiScope): boolean {
  if (viewer.apiKey) return viewer.apiKey.scopes.includes(scope);
  if (viewer.role === 'integrator') return scope === 'read';
  return true;
}

const REFUSALS: Record<ApiScope, string> = {
  read: 'This API key may not read records.',
  write: 'This API key may not write records.',
  carers: 'This API key may not read carers’ identity or address.',
};

/** Refuses with FORBIDDEN, in plain words, when the viewer lacks the scope (see hasScope). */
export function assertScope(viewer: Viewer, scope: ApiScope): void {
  if (hasScope(viewer, scope)) return;
  throw forbidden(
    viewer.apiKey ? REFUSALS[scope] : 'An integrator signed in without an API key may only read records.',
  );
}

/**
 * Only a council's admins make, list and revoke its API keys, and only its own (every key is looked up within the
 * admin's council, so another council's key is NOT_FOUND). A key never makes keys, whatever its scopes.
 */
export function assertManagesApiKeys(viewer: Viewer): void {
  if (viewer.role !== 'admin' || viewer.apiKey) throw forbidden('Only the council’s admins manage API keys.');
}
