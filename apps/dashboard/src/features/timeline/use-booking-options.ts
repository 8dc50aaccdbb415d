import { useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { graphql } from '@kinroom/schema';
import type { AgreementStatus, SessionKind } from '@kinroom/schema';
import { childName } from '../../shared/labels';
import { useDebounced } from './use-debounced';

const CentreAgreementsDocument = graphql(`
  query CentreAgreements($centreId: ID!, $search: String, $statuses: [AgreementStatus!]) {
    centreAgreements(centreId: $centreId, search: $search, statuses: $statuses) {
      id
      status
      sessionMinutes
      sessionsPerWeek
      requiresSecondStaff
      participantNames
      child {
        id
        firstName
        lastInitial
      }
    }
  }
`);

/** An agreement a session can be booked under, as the booking form shows it. */
export interface BookableAgreement {
  id: string;
  childId: string;
  childName: string;
  status: AgreementStatus;
  requiresSecondStaff: boolean;
  sessionMinutes: number;
  sessionsPerWeek: number;
  participantNames: readonly string[];
}

/** The fewest letters worth searching for; the API takes no fewer. */
export const MIN_SEARCH = 2;

/**
 * The centre's agreements whose child or family member has a name like the one typed, asked once typing pauses.
 * A contact session needs an active agreement; a pre-contact visit or planning meeting may be booked under a draft,
 * so a new family can be found before their agreement is signed.
 */
export function useFamilySearch(centreId: Ref<string>, search: Ref<string>, kind: Ref<SessionKind>) {
  const typed = useDebounced(() => search.value.trim(), 300);
  const statuses = computed<AgreementStatus[]>(() =>
    kind.value === 'CONTACT' ? ['ACTIVE'] : ['ACTIVE', 'DRAFT'],
  );
  const q = useQuery(
    CentreAgreementsDocument,
    () => ({ centreId: centreId.value, search: typed.value, statuses: statuses.value }),
    () => ({ enabled: typed.value.length >= MIN_SEARCH }),
  );
  const results = computed<BookableAgreement[]>(() =>
    typed.value.length >= MIN_SEARCH
      ? (q.result.value?.centreAgreements ?? []).map((a) => ({
          id: a.id,
          childId: a.child.id,
          childName: childName(a.child),
          status: a.status,
          requiresSecondStaff: a.requiresSecondStaff,
          sessionMinutes: a.sessionMinutes,
          sessionsPerWeek: a.sessionsPerWeek,
          participantNames: a.participantNames,
        }))
      : [],
  );
  const searching = computed(() => q.loading.value || typed.value !== search.value.trim());
  return { results, searching, error: q.error, typed };
}
