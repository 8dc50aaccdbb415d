import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { auth } from '../../app/auth';
import FlagActions from './FlagActions.vue';
import type { Flag } from './use-flags';

const api = vi.hoisted(() => ({
  sent: [] as [string, Record<string, unknown>][],
  fail: null as unknown,
}));

vi.mock('@vue/apollo-composable', () => ({
  useMutation: (doc: { definitions: { name?: { value: string } }[] }) => {
    const name = doc.definitions.find((d) => d.name)?.name?.value ?? '';
    return {
      mutate: async (vars: Record<string, unknown>) => {
        api.sent.push([name, vars]);
        if (api.fail) throw api.fail;
        return { data: {} };
      },
    };
  },
}));

function flag(over: Partial<Flag> = {}): Flag {
  return {
    id: 'f1',
    version: 2,
    status: 'OPEN',
    severity: 'HIGH',
    category: 'DISCLOSURE',
    description: 'Said something worrying.',
    raisedAt: '2026-11-20T16:00:00Z',
    acknowledgeBy: '2026-11-20T17:00:00Z',
    acknowledgementOverdue: false,
    sessionId: null,
    outcome: null,
    resolvedAt: null,
    raisedBy: { id: 'u2', name: 'Grace Lin' },
    resolvedBy: null,
    child: { id: 'c1', firstName: 'Leo', lastInitial: 'H' },
    acknowledgements: [],
    escalations: [],
    ...over,
  } as Flag;
}

const buttons = (w: ReturnType<typeof mount>) => w.findAll('.buttons > button').map((b) => b.text());

beforeEach(() => {
  api.sent = [];
  api.fail = null;
  auth.session = {
    token: 't',
    expiresAt: '2099-01-01T00:00:00Z',
    user: { id: 'sw1', name: 'Aisha Khan', role: 'SOCIAL_WORKER' },
  };
});

describe('handling a flag', () => {
  it('offers what the flag’s state allows: an open flag is acknowledged or escalated, not resolved', () => {
    expect(buttons(mount(FlagActions, { props: { flag: flag() } }))).toEqual(['Acknowledge…', 'Escalate…']);
    expect(buttons(mount(FlagActions, { props: { flag: flag({ status: 'ESCALATED' }) } }))).toEqual([
      'Acknowledge…',
      'Resolve…',
    ]);
  });

  it('does not offer a second acknowledgement to someone who already gave one', () => {
    const mine = flag({
      status: 'ACKNOWLEDGED',
      acknowledgements: [
        {
          userId: 'sw1',
          acknowledgedAt: '2026-11-20T16:05:00Z',
          note: null,
          user: { id: 'sw1', name: 'Aisha Khan', role: 'SOCIAL_WORKER' },
        },
      ],
    });
    const w = mount(FlagActions, { props: { flag: mine } });
    expect(buttons(w)).toEqual(['Escalate…', 'Resolve…']);
    expect(w.text()).toContain('You acknowledged this');
  });

  it('acknowledges with an optional note', async () => {
    const w = mount(FlagActions, { props: { flag: flag() } });
    await w.findAll('button')[0]!.trigger('click');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(api.sent).toEqual([['AcknowledgeFlag', { id: 'f1', note: null }]]);
    expect(w.emitted('changed')).toHaveLength(1);
  });

  it('resolves only with an outcome, sending the version read; a stale flag is reloaded and the text kept', async () => {
    const w = mount(FlagActions, { props: { flag: flag({ status: 'ACKNOWLEDGED' }) } });
    await w
      .findAll('button')
      .find((b) => b.text() === 'Resolve…')!
      .trigger('click');
    await w.find('form').trigger('submit');
    expect(w.find('[role="alert"]').text()).toBe('Record the outcome before resolving.');
    expect(api.sent).toEqual([]);
    api.fail = { graphQLErrors: [{ message: 'changed', extensions: { code: 'STALE_VERSION' } }] };
    await w.find('textarea').setValue('Strategy meeting held.');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(api.sent).toEqual([
      ['ResolveFlag', { id: 'f1', outcome: 'Strategy meeting held.', expectedVersion: 2 }],
    ]);
    expect(w.find('[role="alert"]').text()).toMatch(/Someone else changed this/);
    expect((w.find('textarea').element as HTMLTextAreaElement).value).toBe('Strategy meeting held.');
    expect(w.emitted('changed')).toHaveLength(1);
  });
});
