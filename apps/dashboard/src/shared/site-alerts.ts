import { formatLondonTime } from '@kinroom/domain';
import { useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { CATEGORY_LABELS, severityOf } from './flag-labels';
import { useLiveQuery, useRefresh } from './use-live-query';
import { graphql } from '@kinroom/schema';
import type { SiteAlertsQuery } from '@kinroom/schema';

/**
 * Children on site today under a flag that says there is an abduction risk or a danger now: enough for everyone
 * working at the centre to keep watch, never what the flag says (the API does not give it).
 */
export const SiteAlertsDocument = graphql(`
  query SiteAlerts($centreId: ID!) {
    siteAlerts(centreId: $centreId) {
      child {
        id
        firstName
        lastInitial
      }
      category
      severity
      room {
        id
        name
      }
      startsAt
      endsAt
    }
  }
`);

const SiteAlertCentreDocument = graphql(`
  query SiteAlertCentre {
    myCentres {
      id
    }
  }
`);

const SiteAlertFlagChangedDocument = graphql(`
  subscription SiteAlertFlagChanged($centreId: ID, $after: String) {
    flagChanged(centreId: $centreId, after: $after) {
      cursor
      kind
    }
  }
`);

export type SiteAlert = SiteAlertsQuery['siteAlerts'][number];

/** One alert in words: "Ruby W. · Attempted abduction · Critical · Cedar, 16:00–17:00". */
export function siteAlertText(a: SiteAlert): string {
  return `${a.child.firstName} ${a.child.lastInitial}. · ${CATEGORY_LABELS[a.category]} · ${severityOf(a.severity).text} · ${
    a.room.name
  }, ${formatLondonTime(new Date(a.startsAt))}–${formatLondonTime(new Date(a.endsAt))}`;
}

/** Stable per alert, so that a refresh bringing the same alerts leaves the page (and screen readers) alone. */
export const siteAlertKey = (a: SiteAlert): string =>
  `${a.child.id}|${a.category}|${a.severity}|${a.startsAt}`;

/** A centre's site alerts, refreshed every `pollMs` and whenever `refetch` is called (bursts coalesce). */
export function useSiteAlerts(
  centreId: Ref<string | null>,
  pollMs: number,
  enabled: () => boolean = () => true,
) {
  const q = useQuery(
    SiteAlertsDocument,
    () => ({ centreId: centreId.value ?? '' }),
    () => ({ enabled: enabled() && !!centreId.value, pollInterval: pollMs }),
  );
  const alerts = computed(() => q.result.value?.siteAlerts ?? []);
  const refetch = useRefresh(() => (enabled() && centreId.value ? q.refetch() : undefined));
  return { alerts, error: q.error, refetch };
}

/**
 * The centre manager's alerts on the board: managers follow their centre's flags live, so every flag raised,
 * acknowledged, escalated or resolved refreshes them at once; the minute poll covers the day moving on.
 */
export function useManagerSiteAlerts(centreId: Ref<string | null>, enabled: () => boolean) {
  const site = useSiteAlerts(centreId, 60_000, enabled);
  useLiveQuery(
    SiteAlertFlagChangedDocument,
    () => (enabled() && centreId.value ? { centreId: centreId.value } : null),
    { refresh: site.refetch },
  );
  return site;
}

/**
 * A supervisor's alerts on "My sessions". Supervisors are not sent flag changes (flagChanged is for managers, social
 * workers and integrators), and their sessionChanged carries only their own sessions, so a flag raised about another
 * child on site would never reach this screen live: it asks again every 30 seconds instead.
 */
export const SUPERVISOR_SITE_ALERT_POLL_MS = 30_000;

export function useSupervisorSiteAlerts() {
  const centres = useQuery(SiteAlertCentreDocument);
  const centreId = computed(() => centres.result.value?.myCentres[0]?.id ?? null);
  return useSiteAlerts(centreId, SUPERVISOR_SITE_ALERT_POLL_MS);
}
