import { describe, expect, it } from 'vitest';
import { evidenceVerdict, groupFingerprint } from './evidence-verdict';

const base = {
  intact: true,
  checkedRecords: 1,
  verifiedAt: '2026-07-01T08:30:00Z',
  keyFingerprint: 'a'.repeat(64),
  signingKeys: ['a'.repeat(64)],
};

describe('the words for an evidence check', () => {
  it('groups the whole fingerprint in fours', () => {
    expect(groupFingerprint('0123456789abcdef')).toBe('0123 4567 89ab cdef');
    expect(groupFingerprint('a'.repeat(64)).split(' ')).toHaveLength(16);
  });

  it('says when an empty chain was checked, and names earlier keys after a rotation', () => {
    expect(evidenceVerdict({ ...base, checkedRecords: 0 }).headline).toBe(
      'Evidence verified: no final records yet',
    );
    const rotated = evidenceVerdict({
      ...base,
      checkedRecords: 2,
      signingKeys: ['b'.repeat(64), 'a'.repeat(64)],
    });
    expect(rotated).toMatchObject({ ok: true, headline: 'Evidence verified: intact' });
    expect(rotated.detail).toContain('2 final records and amendments checked Wed 1 Jul 2026, 09:30');
    expect(rotated.detail).toContain('or an earlier one (1 earlier key)');
  });
});
