/**
 * Refetches for live events that may arrive in bursts. Apollo hands a refetch asked for while an identical request
 * is in flight the in-flight answer, which was read before the newest change: so a request is never overlapped,
 * and one more is made after it whenever another event came in meanwhile. The list ends up read after the last
 * event, with at most one request waiting.
 */
export function liveRefetch(run: () => Promise<unknown> | undefined): () => Promise<void> {
  let inFlight = false;
  let again = false;
  return async () => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      do {
        again = false;
        await run()?.catch(() => {});
      } while (again);
    } finally {
      inFlight = false;
    }
  };
}
