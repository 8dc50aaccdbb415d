import { useQuery } from '@vue/apollo-composable';
import { computed, nextTick, reactive, ref, watch, type Ref } from 'vue';
import { currentRole } from '../../app/auth';
import { graphql, useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { FlagFieldsFragment } from '@kinroom/schema';
import { useLiveQuery } from '../../shared/use-live-query';
import { londonTime } from '../../shared/london-time';
import { CATEGORY_LABELS, severityOf } from '../../shared/flag-labels';
import { awaitsAcknowledgement, flagAnnouncement, waitingFlags } from './waiting-flags';

const FlagFields = graphql(`
  fragment FlagFields on SafeguardingFlag {
    id
    version
    status
    severity
    category
    description
    raisedAt
    acknowledgeBy
    acknowledgementOverdue
    sessionId
    outcome
    resolvedAt
    raisedBy {
      id
      name
    }
    resolvedBy {
      id
      name
    }
    child {
      id
      firstName
      lastInitial
    }
    room {
      id
      name
    }
    acknowledgements {
      userId
      acknowledgedAt
      note
      user {
        id
        name
        role
      }
    }
    escalations {
      automatic
      escalatedAt
      reason
      escalatedBy {
        id
        name
      }
    }
  }
`);

const ManagerCentres = graphql(`
  query SafeguardingCentres {
    myCentres {
      id
      name
    }
  }
`);

const CentreFlags = graphql(`
  query CentreFlags($centreId: ID!, $includeResolved: Boolean!) {
    centreFlags(centreId: $centreId, includeResolved: $includeResolved) {
      ...FlagFields
    }
  }
`);

const CaseloadFlags = graphql(`
  query CaseloadFlags($includeResolved: Boolean!) {
    myFlags(includeResolved: $includeResolved) {
      ...FlagFields
    }
  }
`);

const FlagChanged = graphql(`
  subscription FlagChanged($after: String) {
    flagChanged(after: $after) {
      cursor
      kind
      subjectId
      status
    }
  }
`);

/** A centre's flag changes, for a view of one centre that a manager or an integrator may choose (the board). */
const CentreFlagChanged = graphql(`
  subscription CentreFlagChanged($centreId: ID, $after: String) {
    flagChanged(centreId: $centreId, after: $after) {
      cursor
      kind
      subjectId
      status
    }
  }
`);

export type Flag = FlagFieldsFragment;

type FlagEvent = { kind: string; subjectId?: string | null };

async function say(region: Ref<string>, text: string) {
  // Emptying first makes a screen reader announce a message even when it repeats the previous one.
  region.value = '';
  await nextTick();
  region.value = text;
}

/**
 * Newly raised flags, announced once each: a `raised` event names the flag, and once the list holds it (at once, if
 * another view's refetch brought it first) `describe` says the flags that arrived together, in one region whose text
 * changes only then.
 */
function useArrivals(list: Ref<Flag[]>, describe: (arrived: Flag[]) => string) {
  const fresh = reactive(new Set<string>());
  const awaiting = new Set<string>();
  const text = ref('');

  async function announce(arrived: Flag[]) {
    for (const f of arrived) {
      awaiting.delete(f.id);
      fresh.add(f.id);
    }
    await say(text, describe(arrived));
  }

  watch(list, (l) => {
    const arrived = l.filter((f) => awaiting.has(f.id));
    if (arrived.length) void announce(arrived);
  });

  return {
    fresh,
    text,
    expect(e: FlagEvent) {
      if (e.kind !== 'raised' || !e.subjectId || fresh.has(e.subjectId)) return;
      const known = list.value.find((f) => f.id === e.subjectId);
      if (known) void announce([known]);
      else awaiting.add(e.subjectId);
    },
  };
}

const unmaskAll = (list: readonly FragmentType<typeof FlagFields>[] | undefined) =>
  (list ?? []).map((f) => unmask(FlagFields, f));

export function flagHeadline(f: Flag): string {
  return `${severityOf(f.severity).text} flag for ${f.child.firstName} ${f.child.lastInitial}.: ${CATEGORY_LABELS[f.category]}`;
}

/**
 * The flags the signed-in person must see, live: a centre manager their centre's, a social worker their caseload's
 * (docs/domain.md rule 10: a flag reaches both at once). Each change refetches the list; a newly raised flag is also
 * announced, on screen and to screen readers, because it may mean a child is in danger now.
 */
export function useFlags(includeResolved: Ref<boolean>, options: { shell?: boolean } = {}) {
  const isManager = computed(() => currentRole.value === 'CENTRE_MANAGER');
  const centres = useQuery(ManagerCentres, null, () => ({ enabled: isManager.value }));
  const centre = computed(() => centres.result.value?.myCentres[0] ?? null);
  const centreQ = useQuery(
    CentreFlags,
    () => ({ centreId: centre.value?.id ?? '', includeResolved: includeResolved.value }),
    () => ({ enabled: isManager.value && !!centre.value }),
  );
  const caseloadQ = useQuery(
    CaseloadFlags,
    () => ({ includeResolved: includeResolved.value }),
    () => ({ enabled: !isManager.value }),
  );

  const flags = computed(() => {
    const raw = isManager.value ? centreQ.result.value?.centreFlags : caseloadQ.result.value?.myFlags;
    return unmaskAll(raw).sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
  });
  const loading = computed(() =>
    isManager.value ? centres.loading.value || centreQ.loading.value : caseloadQ.loading.value,
  );
  const error = computed(() =>
    isManager.value ? (centres.error.value ?? centreQ.error.value) : caseloadQ.error.value,
  );
  /** Flags raised since the view opened: announced once each, and marked on screen. */
  const arrivals = useArrivals(flags, (arrived) =>
    arrived
      .map((f) => `New ${flagHeadline(f)}. Raised by ${f.raisedBy.name} at ${londonTime(f.raisedAt)}.`)
      .join(' '),
  );
  const polite = ref('');

  const live = useLiveQuery(FlagChanged, () => ({}), {
    shell: options.shell,
    refetch: () => (isManager.value ? centreQ : caseloadQ).refetch(),
    onEvent: ({ flagChanged: e }) => {
      if (e.kind === 'raised') return arrivals.expect(e);
      const known = e.subjectId ? flags.value.find((f) => f.id === e.subjectId) : null;
      if (known) void say(polite, `${flagHeadline(known)}: ${e.kind.replaceAll('_', ' ')}.`);
    },
  });
  const refetch = live.refresh;
  const waiting = computed(() => flags.value.filter(awaitsAcknowledgement).length);

  return {
    flags,
    loading,
    error,
    refetch,
    centre,
    isManager,
    fresh: arrivals.fresh,
    urgent: arrivals.text,
    polite,
    waiting,
  };
}

/**
 * A centre's flags that wait for someone (`waitingFlags`: most severe first, then the longest waiting), live, with
 * an announcement of each newly raised one (`flagAnnouncement`) whose text changes only when a flag arrives. For
 * the board, of the centre it shows.
 */
export function useWaitingFlags(centreId: Ref<string | null>) {
  const q = useQuery(
    CentreFlags,
    () => ({ centreId: centreId.value ?? '', includeResolved: false }),
    () => ({ enabled: !!centreId.value }),
  );
  const all = computed(() => unmaskAll(q.result.value?.centreFlags));
  const waiting = computed(() => waitingFlags(all.value));
  const arrivals = useArrivals(all, (arrived) => waitingFlags(arrived).map(flagAnnouncement).join(' '));
  const live = useLiveQuery(CentreFlagChanged, () => (centreId.value ? { centreId: centreId.value } : null), {
    refetch: () => q.refetch(),
    onEvent: ({ flagChanged: e }) => arrivals.expect(e),
  });
  return {
    waiting,
    loading: q.loading,
    error: q.error,
    refetch: live.refresh,
    announcement: arrivals.text,
    fresh: arrivals.fresh,
  };
}
