import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { API_SCOPES, type ApiScope } from './api-key.entity.js';
import { StaffMember } from './auth.type.js';

export const ApiScopeEnum = Object.fromEntries(API_SCOPES.map((s) => [s.toUpperCase(), s])) as Record<
  string,
  ApiScope
>;
registerEnumType(ApiScopeEnum, {
  name: 'ApiScope',
  description: 'What an API key lets its machine client do (docs/sign-in.md).',
  valuesConfig: {
    READ: { description: 'Read the council’s records, as an integration reads them.' },
    WRITE: { description: 'Create and update records (a case-system connector’s upserts).' },
    CARERS: {
      description: 'Also read carers’ identity and address, which no integration sees without this scope.',
    },
  },
});

@ObjectType({ description: 'An API key of a machine client, without its secret.' })
export class ApiKeyInfo {
  @Field(() => ID, { description: 'Stable identifier of the key.' })
  id!: string;

  @Field(() => String, { description: 'What the key is for, as the admin named it.' })
  name!: string;

  @Field(() => String, {
    description: 'The secret’s first characters, to tell keys apart (never the secret).',
  })
  prefix!: string;

  @Field(() => [ApiScopeEnum], { description: 'What the key lets its client do.' })
  scopes!: ApiScope[];

  @Field(() => StaffMember, { description: 'The machine-client account the key acts as (role integrator).' })
  client!: StaffMember;

  @Field(() => Date, { description: 'When the key was made.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; null while it works.' })
  revokedAt!: Date | null;

  @Field(() => StaffMember, { description: 'The admin who made the key.' })
  createdBy!: StaffMember;

  @Field(() => StaffMember, {
    nullable: true,
    description: 'The admin who revoked the key; null while it works.',
  })
  revokedBy!: StaffMember | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the key was last used (to within a minute); null if never.',
  })
  lastUsedAt!: Date | null;
}

@ObjectType({ description: 'A new API key, with its secret: shown this once, never again.' })
export class CreatedApiKey {
  @Field(() => String, {
    description:
      'The secret (`kr_…`): send it as `Authorization: Bearer <secret>`. Kinroom keeps only its hash, so store it now.',
  })
  secret!: string;

  @Field(() => ApiKeyInfo, { description: 'The key, as lists show it.' })
  key!: ApiKeyInfo;
}
