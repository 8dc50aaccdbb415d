import { useApolloClient } from '@vue/apollo-composable';
import {
  carerOption,
  familyMemberOption,
  FindCarersDoc,
  FindFamilyMembersDoc,
  type PickerOption,
} from './picker-operations';

/**
 * Searches for a family member or carer already on record, asked afresh each time (someone recorded a moment ago,
 * or just linked to another child, is found as they are now). The API decides who is found.
 */
export function usePickers() {
  const { resolveClient } = useApolloClient();

  async function findFamilyMembers(name: string): Promise<PickerOption[]> {
    const r = await resolveClient().query({
      query: FindFamilyMembersDoc,
      variables: { name },
      fetchPolicy: 'network-only',
      errorPolicy: 'none',
    });
    return r.data.findFamilyMembers.map(familyMemberOption);
  }

  async function findCarers(name: string): Promise<PickerOption[]> {
    const r = await resolveClient().query({
      query: FindCarersDoc,
      variables: { name },
      fetchPolicy: 'network-only',
      errorPolicy: 'none',
    });
    return r.data.findCarers.map(carerOption);
  }

  return { findFamilyMembers, findCarers };
}
