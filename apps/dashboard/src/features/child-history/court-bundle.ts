import { addDaysToDateKey, londonDateKey } from '@kinroom/domain';

/** Where the API serves a child's court bundle (docs/court-bundle.md). */
export function courtBundleUrl(childId: string, from: string, to: string): string {
  const query = new URLSearchParams({ from, to });
  return `/api/children/${encodeURIComponent(childId)}/court-bundle.pdf?${query.toString()}`;
}

/** The range the form starts with: the year to today, in London dates. */
export function defaultBundleRange(now: Date): { from: string; to: string } {
  const to = londonDateKey(now);
  return { from: addDaysToDateKey(to, -365), to };
}

/** What is wrong with a range before it is sent, in words; null when it may be sent. The API checks it again. */
export function bundleRangeProblem(from: string, to: string): string | null {
  if (!from || !to) return 'Choose both dates.';
  if (from > to) return 'The first date must not be after the last.';
  return null;
}

/** The file name the API gives the bundle (`Content-Disposition`), or a plain one if it gives none. */
export function bundleFileName(disposition: string | null, from: string, to: string): string {
  const named = /filename="([^"]+)"/.exec(disposition ?? '');
  return named?.[1] ?? `court-bundle-${from}-to-${to}.pdf`;
}

/**
 * Fetches the bundle with the signed-in person's token and hands it to the browser as a download. A refusal is
 * thrown in the shape the app's error words read (`graphQLErrors` with the API's codes), an unreachable server as a
 * network error. Resolves with the file's name.
 */
export async function downloadCourtBundle(
  childId: string,
  from: string,
  to: string,
  token: string | null,
): Promise<string> {
  let res: Response;
  try {
    res = await fetch(courtBundleUrl(childId, from, to), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      cache: 'no-store',
    });
  } catch (networkError) {
    throw { networkError };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: unknown[] } | null;
    throw { graphQLErrors: body?.errors ?? [], message: `The bundle could not be made (${res.status}).` };
  }
  const name = bundleFileName(res.headers.get('content-disposition'), from, to);
  const url = URL.createObjectURL(await res.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The browser has the file once the click is handled; the blob need not outlive it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}
