import { FAMILY_INFORMED_METHODS, FAMILY_INFORMED_METHOD_WORDS } from '@kinroom/domain';
import { registerEnumType } from 'type-graphql';
import { domainEnum } from '../graphql/enums.js';

export const FamilyInformedMethodEnum = domainEnum(FAMILY_INFORMED_METHODS);
registerEnumType(FamilyInformedMethodEnum, {
  name: 'FamilyInformedMethod',
  description: 'How the family was told that the centre cancelled a session (docs/domain.md rule 6).',
  valuesConfig: Object.fromEntries(
    FAMILY_INFORMED_METHODS.map((m) => [
      m.toUpperCase(),
      {
        description:
          m === 'kinroom_message'
            ? 'Kinroom’s own message to the family was delivered (set by Kinroom, not chosen by staff).'
            : `Told ${FAMILY_INFORMED_METHOD_WORDS[m]}.`,
      },
    ]),
  ),
});
