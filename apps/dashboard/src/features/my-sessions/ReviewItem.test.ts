import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ReviewItem from './ReviewItem.vue';

const api = vi.hoisted(() => ({
  calls: {} as Record<string, ((vars: Record<string, unknown>) => Promise<unknown>) | undefined>,
  sent: [] as [string, Record<string, unknown>][],
}));

vi.mock('@vue/apollo-composable', () => ({
  useMutation: (doc: { definitions: { name?: { value: string } }[] }) => {
    const name = doc.definitions.find((d) => d.name)?.name?.value ?? '';
    return {
      mutate: (vars: Record<string, unknown>) => {
        api.sent.push([name, vars]);
        return api.calls[name]!(vars);
      },
    };
  },
}));

const item = {
  id: 'o9',
  version: 3,
  status: 'SUBMITTED' as const,
  dueAt: '2026-11-26T23:59:59Z',
  overdue: false,
  submittedAt: '2026-11-20T15:00:00Z',
  sessionId: 's9',
  author: { id: 'u3', name: 'Tom Okafor' },
  child: { id: 'c1', firstName: 'Maisie', lastInitial: 'C' },
  sections: [{ key: 'ACTIVITIES' as const, label: 'Activities', facts: 'Drawing', opinion: '' }],
};

beforeEach(() => {
  api.sent = [];
  api.calls = {
    ApproveObservation: async () => ({
      data: { approveObservation: { id: 'o9', version: 4, status: 'APPROVED' } },
    }),
    FinaliseObservation: async () => ({
      data: { finaliseObservation: { id: 'o9', version: 5, status: 'FINAL' } },
    }),
    ReturnObservation: async () => ({
      data: { returnObservation: { id: 'o9', version: 4, status: 'DRAFT' } },
    }),
  };
});

const button = (w: ReturnType<typeof mount>, name: string) =>
  w.findAll('button').find((b) => b.text() === name)!;

describe('reviewing a colleague’s record', () => {
  it('approves with the version read, then offers to issue it as final with the version approval returned', async () => {
    const w = mount(ReviewItem, { props: { item } });
    await button(w, 'Approve').trigger('click');
    await flushPromises();
    expect(w.text()).toContain('Approved.');
    await button(w, 'Issue as final evidence').trigger('click');
    await flushPromises();
    expect(api.sent).toEqual([
      ['ApproveObservation', { id: 'o9', expectedVersion: 3 }],
      ['FinaliseObservation', { id: 'o9', expectedVersion: 4 }],
    ]);
    expect(w.emitted('changed')).toHaveLength(1);
  });

  it('sends a record back only with a reason', async () => {
    const w = mount(ReviewItem, { props: { item } });
    await button(w, 'Return to author…').trigger('click');
    await w.find('form').trigger('submit');
    expect(w.find('[role="alert"]').text()).toBe('Say what the author should change.');
    expect(api.sent).toEqual([]);
    await w.find('textarea').setValue('Separate your view of the father from the facts in Interactions.');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(api.sent[0]).toEqual([
      'ReturnObservation',
      {
        id: 'o9',
        expectedVersion: 3,
        reason: 'Separate your view of the father from the facts in Interactions.',
      },
    ]);
    expect(w.text()).toContain('Sent back to its author.');
  });

  it('shows the API’s refusal, e.g. an author trying to approve their own record', async () => {
    api.calls.ApproveObservation = async () => {
      throw {
        graphQLErrors: [{ message: 'Your role does not allow this.', extensions: { code: 'FORBIDDEN' } }],
      };
    };
    const w = mount(ReviewItem, { props: { item } });
    await button(w, 'Approve').trigger('click');
    await flushPromises();
    expect(w.find('[role="alert"]').text()).toMatch(/Your role does not allow this/);
  });
});
