import { useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { graphql } from '@kinroom/schema';
import type {
  AgreementStatus,
  BookableFamiliesQueryVariables,
  SessionKind,
  SupervisionLevel,
} from '@kinroom/schema';
import { addDaysToDateKey } from '@kinroom/domain';
import { usualSupervisor } from './booking-form';

/**
 * Whom a manager can book for. The API has no list of a centre's agreements, so the families come from the
 * centre's own schedule over a fortnight around the day shown (a family in contact comes at least weekly), and
 * each child's agreements from their record once the child is chosen. A family with nothing booked at the centre
 * in that fortnight (a new agreement, say) is not offered yet: that needs an agreements-by-centre query.
 */
const BookableFamiliesDocument = graphql(`
  query BookableFamilies(
    $centreId: ID!
    $m7: String!
    $m6: String!
    $m5: String!
    $m4: String!
    $m3: String!
    $m2: String!
    $m1: String!
    $p0: String!
    $p1: String!
    $p2: String!
    $p3: String!
    $p4: String!
    $p5: String!
    $p6: String!
    $p7: String!
  ) {
    m7: centreSchedule(centreId: $centreId, date: $m7) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    m6: centreSchedule(centreId: $centreId, date: $m6) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    m5: centreSchedule(centreId: $centreId, date: $m5) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    m4: centreSchedule(centreId: $centreId, date: $m4) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    m3: centreSchedule(centreId: $centreId, date: $m3) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    m2: centreSchedule(centreId: $centreId, date: $m2) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    m1: centreSchedule(centreId: $centreId, date: $m1) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p0: centreSchedule(centreId: $centreId, date: $p0) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p1: centreSchedule(centreId: $centreId, date: $p1) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p2: centreSchedule(centreId: $centreId, date: $p2) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p3: centreSchedule(centreId: $centreId, date: $p3) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p4: centreSchedule(centreId: $centreId, date: $p4) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p5: centreSchedule(centreId: $centreId, date: $p5) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p6: centreSchedule(centreId: $centreId, date: $p6) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
    p7: centreSchedule(centreId: $centreId, date: $p7) {
      agreementId
      supervisorId
      startsAt
      child {
        id
        firstName
        lastInitial
      }
    }
  }
`);

/** The aliases of the query above (m7 is a week before the day shown, p7 a week after) and their offsets. */
const DAYS = Array.from({ length: 15 }, (_, i) => {
  const offset = i - 7;
  return [offset < 0 ? `m${-offset}` : `p${offset}`, offset] as const;
});

export interface BookableFamily {
  childId: string;
  name: string;
  /** The agreement of their latest session, used when the child's record cannot be read. */
  latestAgreementId: string;
  usualSupervisorId: string | null;
}

export interface BookableAgreement {
  id: string;
  childId: string;
  childName: string;
  status: AgreementStatus;
  supervisionLevel: SupervisionLevel | null;
  sessionMinutes: number;
  usualSupervisorId: string | null;
}

export function useFamilySearch(centreId: Ref<string | null>, search: Ref<string>, kind: Ref<SessionKind>) {
  const date = computed(() => new Date().toISOString().slice(0, 10));
  const { families, list } = useBookingOptions(
    centreId,
    date,
    computed(() => true),
  );
  const results = computed<BookableAgreement[]>(() => {
    const q = search.value.trim().toLowerCase();
    if (!q) return [];
    return list.value
      .filter((f) => f.name.toLowerCase().includes(q) && kind.value !== null)
      .map((f) => ({
        id: f.latestAgreementId,
        childId: f.childId,
        childName: f.name,
        status: 'ACTIVE',
        supervisionLevel: null,
        sessionMinutes: 60,
        usualSupervisorId: f.usualSupervisorId,
      }));
  });
  return { results, searching: families.loading, error: families.error };
}

export function useBookingOptions(centreId: Ref<string | null>, date: Ref<string>, enabled: Ref<boolean>) {
  const families = useQuery(
    BookableFamiliesDocument,
    () =>
      ({
        centreId: centreId.value ?? '',
        ...Object.fromEntries(DAYS.map(([key, offset]) => [key, addDaysToDateKey(date.value, offset)])),
      }) as BookableFamiliesQueryVariables,
    () => ({ enabled: enabled.value && centreId.value !== null }),
  );

  const list = computed<BookableFamily[]>(() => {
    const data = families.result.value as Record<string, unknown> | undefined;
    if (!data) return [];
    type Row = {
      agreementId: string;
      supervisorId: string;
      startsAt: string;
      child: { id: string; firstName: string; lastInitial: string };
    };
    const rows = DAYS.flatMap(([key]) => (data[key] as Row[] | undefined) ?? []);
    const byChild = new Map<string, Row[]>();
    for (const r of rows) byChild.set(r.child.id, [...(byChild.get(r.child.id) ?? []), r]);
    return [...byChild.values()]
      .map((mine) => {
        const latest = mine.reduce((a, b) => (a.startsAt > b.startsAt ? a : b));
        return {
          childId: latest.child.id,
          name: `${latest.child.firstName} ${latest.child.lastInitial}.`,
          latestAgreementId: latest.agreementId,
          usualSupervisorId: usualSupervisor(mine),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  });

  return { families, list };
}
