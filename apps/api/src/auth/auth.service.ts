import type { EntityManager } from '@mikro-orm/postgresql';
import { Council } from '../centres/centre.entity.js';
import { forbidden, KinroomError } from '../common/errors.js';
import type { Config } from '../config/config.js';
import { DEMO_USERS } from '../db/seed/demo-cast.js';
import { StaffUser } from '../people/staff-user.entity.js';
import type { DemoUser, SignInPayload } from './auth.type.js';
import { signToken, TOKEN_LIFETIME_SECONDS as TOKEN_TTL_SECONDS } from './tokens.js';

/**
 * Development sign-in reaches the demo cast alone (db/seed/demo-cast.ts), never another account that happens to be
 * in the database: a development instance pointed at a copy of real data must not hand out its staff's sign-ins.
 */
const DEMO_CAST_EMAILS: readonly string[] = DEMO_USERS.map((u) => u.email);

export async function listDemoUsers(em: EntityManager, config: Config): Promise<DemoUser[]> {
  if (!config.devSignIn) return [];
  const users = await em.find(
    StaffUser,
    { active: true, email: { $in: [...DEMO_CAST_EMAILS] } },
    { orderBy: { councilId: 'asc', role: 'asc', name: 'asc' } },
  );
  const councils = new Map((await em.find(Council, {})).map((c) => [c.id, c.name]));
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    role: u.role,
    email: u.email,
    councilName: councils.get(u.councilId) ?? '',
  }));
}

export async function demoSignIn(
  em: EntityManager,
  config: Config,
  email: string,
  now: Date,
): Promise<SignInPayload> {
  if (!config.devSignIn) throw forbidden('Development sign-in is turned off on this server.');
  const wanted = email.trim().toLowerCase();
  const user = DEMO_CAST_EMAILS.includes(wanted)
    ? await em.findOne(StaffUser, { email: wanted, active: true })
    : null;
  if (!user) throw new KinroomError('NOT_FOUND', 'No active demo user has that email address.');
  const token = await signToken(
    { userId: user.id, councilId: user.councilId, role: user.role },
    config.jwtSecret,
    TOKEN_TTL_SECONDS,
  );
  return {
    token,
    expiresAt: new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000),
    user: { id: user.id, name: user.name, role: user.role },
  };
}
