import { computed, reactive } from 'vue';

export type Role = 'CENTRE_MANAGER' | 'SUPERVISOR' | 'SOCIAL_WORKER' | 'INTEGRATOR' | 'ADMIN';

export interface SignedIn {
  token: string;
  expiresAt: string;
  user: { id: string; name: string; role: Role };
  /**
   * Signed in through the council's identity provider: where to send the browser to sign out there too (its
   * `end_session_endpoint`), and Kinroom's client id, which that request names.
   */
  provider?: { endSession: string | null; clientId: string } | null;
}

const KEY = 'kinroom.session';
/** Kept in the tab, so that the sign-in page still says why after a reload. */
const ENDED = 'kinroom.session.ended';

function restore(): SignedIn | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as SignedIn;
    if (Date.parse(s.expiresAt) > Date.now()) return s;
    // It expired while the tab was closed or asleep: the sign-in page says so.
    sessionStorage.removeItem(KEY);
    sessionStorage.setItem(ENDED, 'expired');
    return null;
  } catch {
    return null;
  }
}

/**
 * Who is signed in. The token lives in sessionStorage: it lasts while the tab is open and is gone when it closes,
 * which suits a shared office computer better than a long-lived login.
 */
export const auth = reactive<{
  session: SignedIn | null;
  /** Why the last session ended when the person did not sign out: the sign-in page says so. */
  ended: 'expired' | null;
}>({ session: restore(), ended: sessionStorage.getItem(ENDED) === 'expired' ? 'expired' : null });

export const currentRole = computed<Role | null>(() => auth.session?.user.role ?? null);

let expiry: ReturnType<typeof setTimeout> | null = null;

/** Ends the session when its token expires, so that nobody works on in a tab whose every request would fail. */
function watchExpiry(s: SignedIn | null): void {
  if (expiry) clearTimeout(expiry);
  expiry = null;
  if (!s) return;
  // Timers cannot wait longer than about 24 days; a token lives 12 hours at most.
  const wait = Math.min(Math.max(Date.parse(s.expiresAt) - Date.now(), 0), 2 ** 31 - 1);
  expiry = setTimeout(sessionExpired, wait);
}

export function setSession(s: SignedIn): void {
  auth.session = s;
  auth.ended = null;
  sessionStorage.setItem(KEY, JSON.stringify(s));
  sessionStorage.removeItem(ENDED);
  watchExpiry(s);
}

export function clearSession(): void {
  auth.session = null;
  sessionStorage.removeItem(KEY);
  watchExpiry(null);
}

/**
 * The API no longer accepts the session (it expired, the person signed out elsewhere, or was deactivated): it is
 * dropped, and the shell takes the person to the sign-in page, which says their sign-in has expired.
 */
export function sessionExpired(): void {
  if (!auth.session) return;
  clearSession();
  auth.ended = 'expired';
  sessionStorage.setItem(ENDED, 'expired');
}

watchExpiry(auth.session);

export function token(): string | null {
  return auth.session?.token ?? null;
}

export const ROLE_LABELS: Record<Role, string> = {
  CENTRE_MANAGER: 'Centre manager',
  SUPERVISOR: 'Contact supervisor',
  SOCIAL_WORKER: 'Social worker',
  INTEGRATOR: 'Integrator',
  ADMIN: 'Administrator',
};
