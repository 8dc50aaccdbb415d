import { announceAccessChange } from '../auth/access-change.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers, assertMayChangeStaff } from '../access/index.js';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { badInput, conflict, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { STAFF_ROLES, StaffUser, type StaffRole } from '../people/staff-user.entity.js';
import { optionalMobile } from '../records/record-fields.js';
import { isUniqueViolation, optionalText, requiredText } from './admin.checks.js';
import type { InviteStaffInput, UpdateStaffInput } from './staff.inputs.js';
import type { StaffAccountType } from './staff.type.js';

const MAX_NAME = 200;
const MAX_EMAIL = 254;
const MAX_SUBJECT = 255;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Managers and supervisors work at a centre (the database refuses one without: migration 0006). */
const CENTRE_ROLES: readonly StaffRole[] = ['centre_manager', 'supervisor'];

function logged(u: StaffUser): Record<string, unknown> {
  return {
    name: u.name,
    email: u.email,
    mobile: u.mobile,
    role: u.role,
    centreId: u.centreId,
    oidcSubject: u.oidcSubject,
    active: u.active,
  };
}

export function email(value: string): string {
  const e = requiredText('email', 'email address', value, MAX_EMAIL).toLowerCase();
  if (!EMAIL.test(e)) throw badInput('That is not an email address.', { field: 'email' });
  return e;
}

/**
 * An admin inviting, changing, deactivating and reactivating the council's staff. Nobody is ever deleted: a
 * deactivated person keeps their history and can be reactivated. The council always keeps an active admin
 * (LAST_ADMIN), and an admin never deactivates or demotes themselves (access/administration.ts).
 */
export class StaffAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {
    assertAdministers(viewer);
  }

  async list(includeInactive: boolean): Promise<StaffAccountType[]> {
    const people = await this.em.find(
      StaffUser,
      { councilId: this.viewer.councilId, ...(includeInactive ? {} : { active: true }) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return this.accounts(people);
  }

  async invite(input: InviteStaffInput): Promise<StaffAccountType> {
    const fields = {
      name: requiredText('name', 'name', input.name, MAX_NAME),
      email: email(input.email),
      role: role(input.role),
      oidcSubject: optionalText('oidcSubject', 'sign-in subject', input.oidcSubject ?? null, MAX_SUBJECT),
      mobile: optionalMobile(input.mobile ?? null, 'mobile') ?? null,
    };
    const user = await this.unique(() =>
      this.em.transactional(async (tx) => {
        const centreId = await this.centreFor(tx, fields.role, input.centreId ?? null);
        await this.assertFree(tx, fields.email, fields.oidcSubject, null);
        const u = make(StaffUser, { councilId: this.viewer.councilId, ...fields, centreId });
        tx.persist(u);
        this.log(tx, u, 'created', fieldChanges({}, logged(u)));
        await tx.flush();
        return u;
      }),
    );
    return (await this.accounts([user]))[0]!;
  }

  async update(id: string, input: UpdateStaffInput): Promise<StaffAccountType> {
    const user = await this.unique(() =>
      this.change(id, async (tx, u) => {
        const nextRole = input.role != null ? role(input.role) : u.role;
        assertMayChangeStaff(this.viewer, u, { role: nextRole });
        if (u.role === 'admin' && nextRole !== 'admin' && u.active) await this.assertAnotherAdmin(tx, u);
        if (input.name != null) u.name = requiredText('name', 'name', input.name, MAX_NAME);
        if (input.email != null) u.email = email(input.email);
        if (input.mobile != null) u.mobile = optionalMobile(input.mobile, 'mobile') ?? null;
        if (input.clearOidcSubject) u.oidcSubject = null;
        else if (input.oidcSubject != null) {
          u.oidcSubject = optionalText('oidcSubject', 'sign-in subject', input.oidcSubject, MAX_SUBJECT);
        }
        const wanted = input.clearCentre ? null : (input.centreId ?? u.centreId);
        u.centreId = await this.centreFor(tx, nextRole, wanted);
        u.role = nextRole;
        await this.assertFree(tx, u.email, u.oidcSubject, u.id);
        return 'updated';
      }),
    );
    return (await this.accounts([user]))[0]!;
  }

  /** Signs them out everywhere at once: the next request is refused, and open sockets close (docs/set-up.md). */
  async deactivate(id: string): Promise<StaffAccountType> {
    const user = await this.change(id, async (tx, u) => {
      assertMayChangeStaff(this.viewer, u, { active: false });
      if (!u.active) return null;
      if (u.role === 'admin') await this.assertAnotherAdmin(tx, u);
      Object.assign(u, { active: false, deactivatedAt: this.now, signedOutBefore: this.now });
      return 'deactivated';
    });
    return (await this.accounts([user]))[0]!;
  }

  async reactivate(id: string): Promise<StaffAccountType> {
    const user = await this.change(id, async (tx, u) => {
      assertMayChangeStaff(this.viewer, u, { active: true });
      if (u.active) return null;
      Object.assign(u, { active: true, deactivatedAt: null });
      return 'reactivated';
    });
    return (await this.accounts([user]))[0]!;
  }

  /** Loads the person within the council, applies `apply`, and logs what it changed (nothing: no row). */
  private async change(
    id: string,
    apply: (tx: EntityManager, u: StaffUser) => Promise<string | null>,
  ): Promise<StaffUser> {
    if (!isUuid(id)) throw notFound('member of staff');
    return this.em.transactional(async (tx) => {
      const u = await tx.findOne(StaffUser, { id, councilId: this.viewer.councilId });
      if (!u) throw notFound('member of staff');
      const before = logged(u);
      const action = await apply(tx, u);
      const changes = fieldChanges(before, logged(u));
      if (action && Object.keys(changes).length > 0) {
        u.updatedAt = this.now;
        this.log(tx, u, action, changes);
        // Their open sockets, on every process, are judged again as soon as this commits.
        if (!u.active && changes.active) {
          announceAccessChange(tx, { councilId: u.councilId, userId: u.id, kind: 'deactivated' });
        } else if (changes.role || changes.centreId) {
          announceAccessChange(tx, { councilId: u.councilId, userId: u.id, kind: 'role_changed' });
        }
      }
      await tx.flush();
      return u;
    });
  }

  /**
   * Another active admin remains when `u` stops being one. The council's admins are locked first, so two admins
   * removing each other at the same moment cannot both succeed.
   */
  private async assertAnotherAdmin(tx: EntityManager, u: StaffUser): Promise<void> {
    const admins = await tx.execute<{ id: string }[]>(
      `select id from staff_user where council_id = ? and role = 'admin' and active for update`,
      [this.viewer.councilId],
    );
    if (!admins.some((a) => a.id !== u.id)) {
      throw new KinroomError(
        'LAST_ADMIN',
        `${u.name} is the council’s last active admin: make someone else an admin first.`,
      );
    }
  }

  /** The centre a role works at: required for managers and supervisors, and always one of the council's. */
  private async centreFor(tx: EntityManager, r: StaffRole, centreId: string | null): Promise<string | null> {
    if (!centreId) {
      if (CENTRE_ROLES.includes(r)) {
        throw badInput('Managers and supervisors work at a centre: choose one.', { field: 'centreId' });
      }
      return null;
    }
    if (!isUuid(centreId)) throw notFound('centre');
    const centre = await tx.findOne(Centre, { id: centreId, councilId: this.viewer.councilId });
    if (!centre) throw notFound('centre');
    return centre.id;
  }

  private async assertFree(tx: EntityManager, e: string, subject: string | null, self: string | null) {
    const rows = await tx.execute<{ email: string; oidc_subject: string | null }[]>(
      `select email, oidc_subject from staff_user
        where (email = ? or oidc_subject = ?) ${self ? 'and id <> ?' : ''} limit 2`,
      [e, subject, ...(self ? [self] : [])],
    );
    if (rows.some((r) => r.email === e)) throw emailTaken();
    if (subject && rows.some((r) => r.oidc_subject === subject)) throw subjectTaken();
  }

  /** A race the checks above lost is refused by the database's unique indexes, with the same answer. */
  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err, 'staff_user_email_key')) throw emailTaken();
      if (isUniqueViolation(err, 'staff_user_oidc_subject')) throw subjectTaken();
      throw err;
    }
  }

  private log(tx: EntityManager, u: StaffUser, action: string, changes: Record<string, [unknown, unknown]>) {
    recordChange(tx, {
      councilId: u.councilId,
      recordType: 'staff_user',
      recordId: u.id,
      action,
      changedById: this.viewer.userId,
      via: viaOf(this.viewer),
      changes,
    });
  }

  private async accounts(people: readonly StaffUser[]): Promise<StaffAccountType[]> {
    const centreIds = [...new Set(people.map((p) => p.centreId).filter((c): c is string => !!c))];
    const centres = centreIds.length
      ? await this.em.find(Centre, { councilId: this.viewer.councilId, id: { $in: centreIds } })
      : [];
    const names = new Map(centres.map((c) => [c.id, c.name]));
    return people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      mobile: p.mobile,
      role: p.role,
      centreId: p.centreId,
      centreName: p.centreId ? (names.get(p.centreId) ?? null) : null,
      active: p.active,
      signInBound: p.oidcSubject !== null,
      oidcSubject: p.oidcSubject,
      createdAt: p.createdAt,
      deactivatedAt: p.deactivatedAt,
    }));
  }
}

function role(r: StaffRole): StaffRole {
  if (!STAFF_ROLES.includes(r)) throw badInput('Choose a role.', { field: 'role' });
  return r;
}

const emailTaken = () => conflict('Someone already has an account with that email address.', 'email');
const subjectTaken = () =>
  conflict('Another account is already bound to that sign-in subject.', 'oidcSubject');
