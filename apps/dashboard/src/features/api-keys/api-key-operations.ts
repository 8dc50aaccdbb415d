import { graphql } from '@kinroom/schema';

export const ApiKeysDoc = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      prefix
      scopes
      createdAt
      lastUsedAt
      revokedAt
      client {
        id
        name
      }
      createdBy {
        id
        name
      }
      revokedBy {
        id
        name
      }
    }
  }
`);

/** The accounts a new key may act as instead of a new one: the council's active machine clients. */
export const MachineClientsDoc = graphql(`
  query MachineClients {
    staffMembers {
      id
      name
      role
    }
  }
`);

/**
 * Run with `fetchPolicy: 'no-cache'`: the answer carries the secret, which must live only in the dialog that shows
 * it, never in Apollo's cache.
 */
export const CreateApiKeyDoc = graphql(`
  mutation CreateApiKey($input: ApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      key {
        id
        name
        prefix
        client {
          id
          name
        }
      }
    }
  }
`);

export const RevokeApiKeyDoc = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
      revokedBy {
        id
        name
      }
    }
  }
`);
