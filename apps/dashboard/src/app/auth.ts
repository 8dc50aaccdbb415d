import { computed, reactive } from 'vue';

export type Role = 'CENTRE_MANAGER' | 'SUPERVISOR' | 'SOCIAL_WORKER' | 'INTEGRATOR' | 'ADMIN';

export interface SignedIn {
  token: string;
  expiresAt: string;
  user: { id: string; name: string; role: Role };
}

const KEY = 'kinroom.session';

function restore(): SignedIn | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as SignedIn;
    return Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

/**
 * Who is signed in. The token lives in sessionStorage: it lasts while the tab is open and is gone when it closes,
 * which suits a shared office computer better than a long-lived login.
 */
export const auth = reactive<{ session: SignedIn | null }>({ session: restore() });

export const currentRole = computed<Role | null>(() => auth.session?.user.role ?? null);

export function setSession(s: SignedIn): void {
  auth.session = s;
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  auth.session = null;
  sessionStorage.removeItem(KEY);
}

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
