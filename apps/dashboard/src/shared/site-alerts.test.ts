import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import SiteAlerts from './SiteAlerts.vue';
import { siteAlertText, type SiteAlert } from './site-alerts';

const ruby: SiteAlert = {
  child: { id: 'c1', firstName: 'Ruby', lastInitial: 'W' },
  category: 'ABDUCTION_ATTEMPT',
  severity: 'CRITICAL',
  room: { id: 'r1', name: 'Cedar' },
  // 16:00 to 17:00 in London (winter).
  startsAt: '2026-11-23T16:00:00Z',
  endsAt: '2026-11-23T17:00:00Z',
};

describe('site alerts', () => {
  it('names the child by first name and initial, the category, severity, room and times, in London time', () => {
    expect(siteAlertText(ruby)).toBe('Ruby W. · Attempted abduction · Critical · Cedar, 16:00–17:00');
    expect(
      siteAlertText({ ...ruby, startsAt: '2026-07-01T15:00:00Z', endsAt: '2026-07-01T16:00:00Z' }),
    ).toContain('Cedar, 16:00–17:00');
  });

  it('shows nothing when there is no alert, and an alert block when there is', async () => {
    const w = mount(SiteAlerts, { props: { alerts: [] } });
    expect(w.find('[role="alert"]').exists()).toBe(false);
    expect(w.text()).toBe('');
    await w.setProps({ alerts: [ruby] });
    const block = w.get('[role="alert"]');
    expect(block.text()).toMatch(/Keep watch/);
    expect(block.get('[data-testid="site-alert"]').text()).toBe(
      'Ruby W. · Attempted abduction · Critical · Cedar, 16:00–17:00',
    );
  });

  it('leaves the page untouched when a refresh brings the same alerts, so a screen reader says nothing again', async () => {
    const w = mount(SiteAlerts, { props: { alerts: [ruby] }, attachTo: document.body });
    const changes: MutationRecord[] = [];
    const watcher = new MutationObserver((m) => changes.push(...m));
    watcher.observe(w.element, { subtree: true, childList: true, characterData: true, attributes: true });
    // A poll answers with equal data in new objects.
    await w.setProps({ alerts: [structuredClone(ruby)] });
    await nextTick();
    expect(changes).toEqual([]);

    // A second child is news: it is added to the block, which screen readers then read.
    await w.setProps({
      alerts: [structuredClone(ruby), { ...ruby, child: { id: 'c2', firstName: 'Kai', lastInitial: 'R' } }],
    });
    await nextTick();
    expect(changes.length).toBeGreaterThan(0);
    expect(w.findAll('[data-testid="site-alert"]')).toHaveLength(2);
    watcher.disconnect();
    w.unmount();
  });
});
