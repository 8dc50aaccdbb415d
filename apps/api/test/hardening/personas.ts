import { signToken } from '../../src/auth/tokens.js';
import type { StaffRole } from '../../src/people/staff-user.entity.js';
import { DEMO, type TestApi } from '../api.js';
import { NEIGHBOUR_MANAGER, neighbourCentre } from './world.js';

/**
 * Who knocks on the API in the hardening tests: each role of the demo week at Coxford, nobody, a token that has
 * expired, a token signed with someone else's secret, staff of the other council (Eastmoor), and the manager of
 * Coxford's other centre (Hill Street), where Maisie has only a draft agreement and one that ended long ago.
 */
export const PERSONAS = [
  'manager',
  'supervisor',
  'socialWorker',
  'integrator',
  'admin',
  'anonymous',
  'expired',
  'forged',
  'otherManager',
  'otherSocialWorker',
  'neighbourManager',
] as const;
export type Persona = (typeof PERSONAS)[number];

export const PERSONA_EMAIL: Partial<Record<Persona, string>> = {
  manager: DEMO.manager,
  supervisor: DEMO.supervisor1,
  socialWorker: DEMO.socialWorker1,
  integrator: DEMO.integrator,
  admin: DEMO.admin,
  otherManager: DEMO.otherManager,
  otherSocialWorker: 'nia.jones@eastmoor.example',
  neighbourManager: NEIGHBOUR_MANAGER,
};

/** Personas that cannot open a WebSocket at all: the socket is closed with 4403 at `connection_init`. */
export const WITHOUT_VALID_TOKEN: readonly Persona[] = ['anonymous', 'expired', 'forged'];

export interface PersonaTokens {
  token: Record<Persona, string | null>;
  userId: Partial<Record<Persona, string>>;
}

/**
 * A token for every persona; the expired and forged ones carry the manager's real claims. The neighbouring centre's
 * manager is not one of the demo cast, who alone may use development sign-in: theirs is signed as the server signs.
 */
export async function personaTokens(api: TestApi): Promise<PersonaTokens> {
  await neighbourCentre((t, p) => api.db.sql(t, p));
  const token = {} as Record<Persona, string | null>;
  const userId: Partial<Record<Persona, string>> = {};
  for (const p of PERSONAS) {
    const email = PERSONA_EMAIL[p];
    if (!email) continue;
    const u = (await api.db.sql('select id, council_id, role from staff_user where email = $1', [email]))
      .rows[0] as { id: string; council_id: string; role: StaffRole };
    token[p] =
      p === 'neighbourManager'
        ? await signToken({ userId: u.id, councilId: u.council_id, role: u.role }, api.config.jwtSecret)
        : await api.tokenFor(email);
    userId[p] = u.id;
  }
  const manager = (
    await api.db.sql('select id, council_id, role from staff_user where email = $1', [DEMO.manager])
  ).rows[0] as { id: string; council_id: string; role: StaffRole };
  const claims = { userId: manager.id, councilId: manager.council_id, role: manager.role };
  token.anonymous = null;
  token.expired = await signToken(claims, api.config.jwtSecret, -120);
  token.forged = await signToken(claims, 'a-secret-that-is-not-this-servers-secret-at-all');
  return { token, userId };
}
