import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, split } from '@apollo/client/core';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { onError } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import type { DocumentNode } from 'graphql';
import {
  createClient,
  type Client,
  type FormattedExecutionResult,
  type Sink,
  type SubscribePayload,
} from 'graphql-ws';
import { sessionExpired, token } from './auth';
import { connection, holdLive } from './connection';

const httpUrl = '/graphql';
const wsUrl = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;

let wsClient: Client | null = null;

/** The WebSocket for live updates: reconnects for ever with backoff, and says so while it does. */
function makeWsClient(): Client {
  return createClient({
    url: wsUrl(),
    lazy: true,
    connectionParams: () => ({ token: token() }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      connection.retries = retries;
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** retries, 10_000)));
    },
    on: {
      connecting: () => {
        connection.state = connection.state === 'connecting' ? 'connecting' : 'reconnecting';
      },
      connected: () => {
        connection.state = 'live';
        connection.retries = 0;
      },
      closed: (event) => {
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4403) sessionExpired();
        // The socket closes by itself once nothing follows it: that is no outage, and the next page starts afresh.
        if (connection.following === 0) connection.state = 'connecting';
        else connection.state = navigator.onLine ? 'reconnecting' : 'offline';
      },
    },
  });
}

/**
 * The socket's client, counting each subscription while it lasts (`connection.following`), so that the connection's
 * state is shown exactly on the pages that hold live data.
 */
function counted(client: Client): Client {
  return {
    ...client,
    subscribe<Data, Extensions>(
      payload: SubscribePayload,
      sink: Sink<FormattedExecutionResult<Data, Extensions>>,
    ) {
      const release = holdLive();
      const stop = client.subscribe<Data, Extensions>(payload, {
        next: (value) => sink.next(value),
        error: (err) => {
          release();
          sink.error(err);
        },
        complete: () => {
          release();
          sink.complete();
        },
      });
      return () => {
        release();
        stop();
      };
    },
  };
}

let shownClient: Client | null = null;

/**
 * The socket's client. What a page shows live counts towards the connection badge; what the shell keeps live on
 * every page (the menu's count of waiting flags) asks for `{ shell: true }`, which shares the socket uncounted, so
 * a page with no live data of its own shows no badge.
 */
export function liveClient(options: { shell?: boolean } = {}): Client {
  wsClient ??= makeWsClient();
  if (options.shell) return wsClient;
  shownClient ??= counted(wsClient);
  return shownClient;
}

/** Drops the socket (on sign-out or sign-in as someone else) so the next one carries the new token. */
export function resetLive(): void {
  void wsClient?.dispose();
  wsClient = shownClient = null;
  connection.state = 'connecting';
}

const auth = new ApolloLink((operation, forward) => {
  const t = token();
  if (t)
    operation.setContext(({ headers = {} }) => ({ headers: { ...headers, authorization: `Bearer ${t}` } }));
  return forward(operation);
});

/**
 * The API refused the token a request carried (401, UNAUTHENTICATED): the session is over (expired, signed out
 * elsewhere, deactivated), and the shell takes the person to the sign-in page.
 */
const refusedSignIn = onError(({ graphQLErrors, networkError, operation }) => {
  const sent = (operation.getContext().headers as Record<string, string> | undefined)?.authorization;
  const served = (networkError as { result?: { errors?: { extensions?: { code?: unknown } }[] } } | undefined)
    ?.result?.errors;
  const codes = [...(graphQLErrors ?? []), ...(served ?? [])].map((e) => e.extensions?.code);
  if (sent && sent === `Bearer ${token()}` && codes.includes('UNAUTHENTICATED')) sessionExpired();
});

/** The hash codegen gives each of the dashboard's documents: its key in the API's trusted documents. */
const trustedHash = (query: DocumentNode): string | undefined =>
  (query as DocumentNode & { __meta__?: { hash?: string } }).__meta__?.hash;

/**
 * The dashboard's operations are trusted documents (packages/schema's manifest): each is sent as its hash alone,
 * which the API runs compiled without receiving or hashing the text. Should the API not know a hash (a page
 * loaded before an upgrade), the operation is sent again as text without it, and so is every later one.
 */
const trusted = split(
  ({ query }) => trustedHash(query) !== undefined,
  createPersistedQueryLink({
    generateHash: (query) => trustedHash(query)!,
    disable: ({ meta }) => meta.persistedQueryNotFound || meta.persistedQueryNotSupported,
  }),
);

// The link asks for the current socket on every subscription, so a sign-in as someone else gets a fresh one.
const wsLink = new GraphQLWsLink({
  subscribe: (payload: Parameters<Client['subscribe']>[0], sink: Parameters<Client['subscribe']>[1]) =>
    liveClient().subscribe(payload, sink),
} as Client);

export const apollo = new ApolloClient({
  link: split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === 'OperationDefinition' && def.operation === 'subscription';
    },
    wsLink,
    ApolloLink.from([auth, refusedSignIn, trusted, new HttpLink({ uri: httpUrl })]),
  ),
  cache: new InMemoryCache(),
  defaultOptions: {
    watchQuery: { fetchPolicy: 'cache-and-network', errorPolicy: 'all' },
    query: { fetchPolicy: 'network-only', errorPolicy: 'all' },
    mutate: { errorPolicy: 'none' },
  },
});

if (typeof window !== 'undefined') {
  window.addEventListener('offline', () => (connection.state = 'offline'));
  window.addEventListener('online', () => {
    if (connection.state === 'offline') connection.state = 'reconnecting';
  });
}
