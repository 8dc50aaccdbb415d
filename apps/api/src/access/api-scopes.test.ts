import { describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.js';
import { assertManagesApiKeys, assertScope, hasScope } from './api-scopes.js';

const viewer = (role: Viewer['role'], apiKey?: Viewer['apiKey']): Viewer => ({
  userId: 'u',
  councilId: 'c',
  role,
  centreId: null,
  name: 'N',
  apiKey,
});

describe('API scopes', () => {
  it('give a key exactly its scopes', () => {
    const key = viewer('integrator', { id: 'k', scopes: ['read', 'carers'] });
    expect([hasScope(key, 'read'), hasScope(key, 'write'), hasScope(key, 'carers')]).toEqual([
      true,
      false,
      true,
    ]);
    expect(() => assertScope(key, 'write')).toThrow('This API key may not write records.');
    expect(() => assertScope(viewer('integrator', { id: 'k', scopes: ['write'] }), 'carers')).toThrow(
      /may not read carers/,
    );
  });

  it('let an integrator signed in without a key only read, never carers', () => {
    const staff = viewer('integrator');
    expect([hasScope(staff, 'read'), hasScope(staff, 'write'), hasScope(staff, 'carers')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(() => assertScope(staff, 'write')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }) as unknown as Error,
    );
  });

  it('leave every other role to its role rules', () => {
    for (const role of ['centre_manager', 'supervisor', 'social_worker', 'admin'] as const) {
      for (const scope of ['read', 'write', 'carers'] as const)
        expect(hasScope(viewer(role), scope)).toBe(true);
    }
  });

  it('let only admins manage keys, never a key', () => {
    expect(() => assertManagesApiKeys(viewer('admin'))).not.toThrow();
    expect(() => assertManagesApiKeys(viewer('integrator', { id: 'k', scopes: ['read', 'write'] }))).toThrow(
      /admins manage API keys/,
    );
    expect(() => assertManagesApiKeys(viewer('centre_manager'))).toThrow(/admins manage API keys/);
  });
});
