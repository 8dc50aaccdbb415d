import { describe, expect, it } from 'vitest';
import { carerOption, familyMemberOption } from './picker-operations';

const child = (firstName: string) => ({ id: firstName, firstName, lastName: 'Brennock' });

describe('someone found on record, as the picker lists them', () => {
  it('says whose family a family member is in, by relationship, so that two people of one name are told apart', () => {
    expect(
      familyMemberOption({
        id: 'q',
        firstName: 'Quilla',
        lastName: 'Brennock',
        children: [
          { relationship: 'mother', child: child('Ada') },
          { relationship: 'mother', child: child('Bea') },
          { relationship: 'aunt', child: child('Cole') },
        ],
      }),
    ).toEqual({
      id: 'q',
      name: 'Quilla Brennock',
      detail: 'Mother of Ada Brennock and Bea Brennock; Aunt of Cole Brennock',
    });
    expect(familyMemberOption({ id: 'r', firstName: 'Ruairi', lastName: 'B', children: [] }).detail).toBe(
      'Not linked to a child yet',
    );
  });

  it('says which children live with a carer, and nothing of where', () => {
    expect(
      carerOption({
        id: 'j',
        name: 'Juniper Foster Home',
        children: [child('Ada'), child('Bea'), child('Cy')],
      }),
    ).toEqual({
      id: 'j',
      name: 'Juniper Foster Home',
      detail: 'Cares for Ada Brennock, Bea Brennock and Cy Brennock',
    });
    expect(carerOption({ id: 'k', name: 'Kestrel House', children: [] }).detail).toBe(
      'No child lives with them yet',
    );
  });
});
