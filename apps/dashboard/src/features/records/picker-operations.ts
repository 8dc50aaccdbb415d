import { graphql } from '@kinroom/schema';
import type { FindCarersQuery, FindFamilyMembersQuery } from '@kinroom/schema';

/*
 * Choosing a family member or carer already on record for another child: siblings share a mother, a foster carer
 * looks after several children. The API finds, for a social worker, only the family and carers of the children on
 * their caseload (docs/access.md); each match comes with those children, which tells two people of one name apart.
 */
export const FindFamilyMembersDoc = graphql(`
  query FindFamilyMembers($name: String!) {
    findFamilyMembers(name: $name) {
      id
      firstName
      lastName
      children {
        relationship
        child {
          id
          firstName
          lastName
        }
      }
    }
  }
`);

export const FindCarersDoc = graphql(`
  query FindCarers($name: String!) {
    findCarers(name: $name) {
      id
      name
      children {
        id
        firstName
        lastName
      }
    }
  }
`);

export type FamilyMemberMatch = FindFamilyMembersQuery['findFamilyMembers'][number];
export type CarerMatch = FindCarersQuery['findCarers'][number];

/** One person found, as a picker lists them: their name, and who they are already linked to. */
export interface PickerOption {
  id: string;
  name: string;
  detail: string;
}

/** Who a family member commonly is to a child, offered as they type (any other words may be typed). */
export const RELATIONSHIPS = [
  'mother',
  'father',
  'grandmother',
  'grandfather',
  'sister',
  'brother',
  'aunt',
  'uncle',
] as const;

/** "Mother of Ada Brennock and Bea Brennock", or that nobody is linked yet. */
export function familyMemberOption(m: FamilyMemberMatch): PickerOption {
  const byRelationship = new Map<string, string[]>();
  for (const c of m.children) {
    const children = byRelationship.get(c.relationship) ?? [];
    children.push(`${c.child.firstName} ${c.child.lastName}`);
    byRelationship.set(c.relationship, children);
  }
  const parts = [...byRelationship].map(([rel, children]) => `${capitalised(rel)} of ${listed(children)}`);
  return {
    id: m.id,
    name: `${m.firstName} ${m.lastName}`,
    detail: parts.length ? parts.join('; ') : 'Not linked to a child yet',
  };
}

/** "Cares for Ada Brennock", or that no child lives with them yet. */
export function carerOption(c: CarerMatch): PickerOption {
  const children = c.children.map((ch) => `${ch.firstName} ${ch.lastName}`);
  return {
    id: c.id,
    name: c.name,
    detail: children.length ? `Cares for ${listed(children)}` : 'No child lives with them yet',
  };
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const names = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });
function listed(list: readonly string[]): string {
  return names.format(list);
}
