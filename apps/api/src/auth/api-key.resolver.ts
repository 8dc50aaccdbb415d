import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ADMIN } from '../access/roles.js';
import { requireViewer } from '../access/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ApiKeyInput } from './api-key.inputs.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeyInfo, CreatedApiKey } from './api-key.type.js';

@Resolver()
export class ApiKeyResolver {
  @Authorized(ADMIN)
  @Query(() => [ApiKeyInfo], {
    description: 'Admin: the council’s API keys, newest first (never their secrets).',
  })
  apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyInfo[]> {
    return new ApiKeyService(ctx.em, requireViewer(ctx.viewer)).list();
  }

  @Authorized(ADMIN)
  @Mutation(() => CreatedApiKey, {
    description:
      'Admin: a new API key for a machine client (a new client account unless `clientId` names one). The secret is in the answer this once; Kinroom keeps only its hash.',
  })
  createApiKey(
    @Arg('input', () => ApiKeyInput, {
      description: 'The key to make: its name, what it may do, and for which client.',
    })
    input: ApiKeyInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatedApiKey> {
    return new ApiKeyService(ctx.em, requireViewer(ctx.viewer)).create(input);
  }

  @Authorized(ADMIN)
  @Mutation(() => ApiKeyInfo, {
    description:
      'Admin: revoke an API key. It is refused from the very next request, and its open connections close.',
  })
  revokeApiKey(
    @Arg('id', () => ID, { description: 'The key to revoke.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ApiKeyInfo> {
    return new ApiKeyService(ctx.em, requireViewer(ctx.viewer)).revoke(id);
  }
}
