import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldChanges, recordChange } from '../audit/change-log.js';
import { Council } from '../centres/centre.entity.js';
import { email } from '../admin/staff.service.js';
import { KinroomError } from '../common/errors.js';
import { make } from '../db/make.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { requiredText, optionalText } from '../admin/admin.checks.js';

export const BOOTSTRAP_USAGE = `kinroom admin bootstrap --council "Name" --admin-email you@council.example --admin-name "Full Name" [--oidc-subject SUBJECT]

  Creates the council and its first admin in an empty Kinroom database (runs the migrations first).
  Refused once any admin exists: from then on, admins add everyone else in the dashboard.`;

/** Refused for a reason the person running the command can act on: one line, exit code 1. */
export class CommandRefusal extends Error {}

export interface BootstrapArgs {
  council: string;
  adminEmail: string;
  adminName: string;
  oidcSubject: string | null;
}

/** Reads the command line; a missing or unknown option is a refusal that shows the usage. */
export function parseBootstrapArgs(argv: readonly string[]): BootstrapArgs {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        council: { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-name': { type: 'string' },
        'oidc-subject': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new CommandRefusal(`${(err as Error).message}\n\nusage: ${BOOTSTRAP_USAGE}`);
  }
  const missing = (['council', 'admin-email', 'admin-name'] as const).filter((k) => !values[k]?.trim());
  if (missing.length > 0) {
    throw new CommandRefusal(
      `missing ${missing.map((m) => `--${m}`).join(', ')}\n\nusage: ${BOOTSTRAP_USAGE}`,
    );
  }
  try {
    return {
      council: requiredText('council', 'council’s name', values.council!, 200),
      adminEmail: email(values['admin-email']!),
      adminName: requiredText('admin-name', 'admin’s name', values['admin-name']!, 200),
      oidcSubject: optionalText('oidc-subject', 'sign-in subject', values['oidc-subject'] ?? null, 255),
    };
  } catch (err) {
    if (err instanceof KinroomError) throw new CommandRefusal(err.message);
    throw err;
  }
}

/**
 * Creates the council and its first admin in one transaction, with their change-log rows (via 'command'), unless
 * an admin already exists. Two bootstraps run at once are serialised by a transaction lock: the second finds the
 * first's admin and is refused.
 */
export async function bootstrap(
  em: EntityManager,
  args: BootstrapArgs,
): Promise<{ councilId: string; adminId: string }> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(7301002)');
    const admins = await tx.execute<{ n: number }[]>(
      `select count(*)::int as n from staff_user where role = 'admin'`,
    );
    if ((admins[0]?.n ?? 0) > 0) {
      throw new CommandRefusal(
        'Kinroom already has an admin, so there is nothing to bootstrap: sign in as an admin and add councils’ staff in the dashboard (docs/set-up.md).',
      );
    }
    const taken = await tx.execute<{ id: string }[]>('select id from staff_user where email = ?', [
      args.adminEmail,
    ]);
    if (taken.length > 0) throw new CommandRefusal(`Someone already has an account with ${args.adminEmail}.`);
    const council = make(Council, { name: args.council });
    tx.persist(council);
    await tx.flush();
    const admin = make(StaffUser, {
      councilId: council.id,
      name: args.adminName,
      email: args.adminEmail,
      role: 'admin',
      oidcSubject: args.oidcSubject,
    });
    tx.persist(admin);
    const log = (recordType: string, recordId: string, changes: Record<string, unknown>) =>
      recordChange(tx, {
        councilId: council.id,
        recordType,
        recordId,
        action: 'created',
        changedById: null,
        via: 'command',
        changes: fieldChanges({}, changes),
      });
    log('council', council.id, { name: council.name });
    log('staff_user', admin.id, {
      name: admin.name,
      email: admin.email,
      role: admin.role,
      oidcSubject: admin.oidcSubject,
      active: true,
    });
    await tx.flush();
    return { councilId: council.id, adminId: admin.id };
  });
}

/** What to do next, printed after a bootstrap. */
export function nextSteps(args: BootstrapArgs): string[] {
  return [
    `kinroom: created the council "${args.council}" and its first admin, ${args.adminName} <${args.adminEmail}>.`,
    'Next:',
    '  1. Configure sign-in with the council’s identity provider: KINROOM_OIDC_ISSUER, KINROOM_OIDC_CLIENT_ID,',
    '     KINROOM_OIDC_CLIENT_SECRET and the rest in docs/sign-in.md; then start Kinroom (./kinroom start).',
    `  2. Sign in with ${args.adminEmail}${args.oidcSubject ? '' : ' (the first sign-in binds the identity provider’s subject to the account)'}.`,
    '  3. In the dashboard, under Centres and rooms, add the centres and their rooms; under Staff, invite everyone else.',
    '  Every change is kept in Activity. docs/set-up.md walks through it.',
  ];
}

/** Whether the database holds no council yet: the server says how to bootstrap one when it starts. */
export async function needsBootstrap(em: EntityManager): Promise<boolean> {
  const rows = await em.execute<{ any: boolean }[]>('select exists (select 1 from council) as any');
  return !rows[0]?.any;
}

export const BOOTSTRAP_HINT =
  'kinroom: this database has no council yet: create it and its first admin with ./kinroom admin bootstrap --council "Name" --admin-email you@council.example --admin-name "Full Name" (docs/set-up.md)';
