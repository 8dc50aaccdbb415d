import { Field, ID, InputType } from 'type-graphql';
import type { ApiScope } from './api-key.entity.js';
import { ApiScopeEnum } from './api-key.type.js';

@InputType({ description: 'A new API key for a machine client (a case-system connector).' })
export class ApiKeyInput {
  @Field(() => String, { description: 'What the key is for, e.g. "Case system sync" (1–200 characters).' })
  name!: string;

  @Field(() => [ApiScopeEnum], { description: 'What the key lets its client do: at least one scope.' })
  scopes!: ApiScope[];

  @Field(() => ID, {
    nullable: true,
    description:
      'An existing machine-client account (role integrator) to give another key, e.g. to replace one; omitted, a new client account is made.',
  })
  clientId?: string | null;
}
