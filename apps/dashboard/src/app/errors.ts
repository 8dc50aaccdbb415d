/** API error codes turned into something a person can act on. Unknown codes fall back to the server's message. */
const MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: 'Your sign-in has ended. Sign in again to carry on.',
  FORBIDDEN: 'Your role does not allow this. Ask your centre manager if you think it should.',
  NOT_FOUND: 'That record is not there, or it is not yours to see.',
  STALE_VERSION: 'Someone else changed this a moment ago. It has been reloaded: check it and try again.',
  SERVICE_UNAVAILABLE:
    'Kinroom cannot reach its database just now. Your work is safe; try again in a moment.',
  RATE_LIMITED: 'Too many changes at once. Wait a few seconds and try again.',
  INTERNAL_SERVER_ERROR:
    'Something went wrong on our side. If it keeps happening, report it with the reference shown.',
};

interface ErrorLike {
  graphQLErrors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  networkError?: unknown;
  message?: string;
}

export function errorCode(err: unknown): string | null {
  const e = err as ErrorLike | null;
  const code = e?.graphQLErrors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

/** One sentence for the person looking at the screen. Rule refusals keep the server's specific message. */
export function humanError(err: unknown): string {
  const e = err as ErrorLike | null;
  if (!e) return 'Something went wrong.';
  if (e.networkError && !e.graphQLErrors?.length) {
    return 'Kinroom cannot reach the server. Check the connection; nothing you entered has been lost.';
  }
  const first = e.graphQLErrors?.[0];
  const code = errorCode(err);
  // A refusal that says why (e.g. "Only the centre manager can cancel a session.") is more use than the generic one.
  if (
    code === 'FORBIDDEN' &&
    first?.message &&
    !/^(Your role does not allow this|You are not allowed)/.test(first.message)
  ) {
    return first.message;
  }
  if (code && MESSAGES[code]) {
    const ref = first?.extensions?.correlationId;
    return ref ? `${MESSAGES[code]} (reference ${String(ref)})` : MESSAGES[code]!;
  }
  return first?.message ?? e.message ?? 'Something went wrong.';
}
