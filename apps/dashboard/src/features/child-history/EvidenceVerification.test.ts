import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import EvidenceVerification from './EvidenceVerification.vue';
import type { EvidenceReport } from './evidence-operations';

const api = vi.hoisted(() => ({
  report: null as unknown,
  error: null as unknown,
  asked: [] as { variables: unknown; options: unknown }[],
}));

vi.mock('@vue/apollo-composable', () => ({
  useQuery: (_doc: unknown, variables: () => unknown, options: unknown) => {
    api.asked.push({ variables: variables(), options });
    return {
      result: ref(api.report ? { verifyEvidenceChain: api.report } : undefined),
      loading: ref(false),
      error: ref(api.error),
      refetch: vi.fn(),
    };
  },
}));

const KEY = '3f2a9c01'.repeat(8);

function report(over: Partial<EvidenceReport> = {}): EvidenceReport {
  return {
    childId: 'c1',
    intact: true,
    checkedRecords: 4,
    firstBrokenRecordId: null,
    problem: null,
    verifiedAt: '2026-12-07T09:12:00Z',
    keyFingerprint: KEY,
    signingKeys: [KEY],
    headHash: 'ab'.repeat(32),
    ...over,
  };
}

beforeEach(() => {
  api.report = null;
  api.error = null;
  api.asked = [];
});

describe('the evidence check on a child’s history', () => {
  it('asks the server afresh for this child, and says the records are intact with the key’s whole fingerprint', async () => {
    api.report = report();
    const w = mount(EvidenceVerification, { props: { childId: 'c1' } });
    await flushPromises();
    expect(api.asked).toEqual([{ variables: { childId: 'c1' }, options: { fetchPolicy: 'network-only' } }]);
    expect(w.get('[data-testid="evidence-headline"]').text()).toBe('✔ Evidence verified: intact');
    expect(w.text()).toContain('4 final records and amendments checked Mon 7 Dec 2026, 09:12');
    expect(w.get('[data-testid="evidence-fingerprint"]').text()).toBe(
      `Evidence key fingerprint (SHA-256): ${'3f2a 9c01 '.repeat(8).trim()}`,
    );
    expect(w.text()).toContain(`Newest record hash: ${'ab'.repeat(32)}`);
    expect(w.find('[role="alert"]').exists()).toBe(false);
  });

  it('warns, as an alert, when the records do not verify, saying where and why', async () => {
    api.report = report({
      intact: false,
      firstBrokenRecordId: 'o7',
      problem: 'the record’s signature does not match what is stored',
    });
    const w = mount(EvidenceVerification, { props: { childId: 'c1' } });
    await flushPromises();
    const alert = w.get('[role="alert"]');
    expect(alert.text()).toContain('Evidence check FAILED: these records may have been altered');
    expect(w.text()).toContain('the record’s signature does not match what is stored (first at record o7');
    expect(w.text()).toContain('Do not rely on this history as evidence');
    expect(w.get('[data-testid="evidence-fingerprint"]').text()).toContain('3f2a 9c01');
    expect(w.classes()).toContain('broken');
  });

  it('warns when the check could not run, rather than showing nothing', async () => {
    api.error = new Error('Network error');
    const w = mount(EvidenceVerification, { props: { childId: 'c1' } });
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toMatch(/The evidence check could not run: .*Do not print/s);
  });
});
