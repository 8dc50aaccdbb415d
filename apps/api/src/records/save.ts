/**
 * Saving a child's records: children, their family members, carers, the family links and the case (docs/records.md).
 * The GraphQL mutations and the case-system import both write through here, so that every path validates the same
 * way, matches the same way and leaves the same change-log rows.
 *
 * Each save:
 * - validates its input first and refuses with BAD_USER_INPUT (`extensions.field` names the field, the message is
 *   plain words), changing nothing;
 * - matches an existing record by `id`, or else by the case system's `externalId` (an upsert: unknown external id,
 *   new record);
 * - compares field by field: when nothing differs it returns `unchanged` and writes nothing, not even a change-log
 *   row; else it writes the record and a change-log row (`recordChange`, with each changed field before and after);
 * - runs in `em.transactional`: on its own a transaction of its own, inside a caller's transaction a savepoint. So an
 *   import that wraps each row in a transaction gets one per row, a refused row rolls back only itself, and a dry run
 *   that wraps everything in one transaction and rolls it back leaves nothing behind.
 *
 * Access is not decided here: the caller (the GraphQL service through access/records.ts, or the import's own command)
 * has already decided that `writer` may write in `writer.councilId`. Ids are always looked up within that council, so
 * a record of another council is "not found", never changed.
 */
import { londonDateKey, retentionDate, type WeeklyPattern } from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldChanges, recordChange, type ChangeVia, type FieldChanges } from '../audit/change-log.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { uniqueViolation } from '../db/database-errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { Carer, Child, ChildCase, ChildFamilyMember, FamilyMember } from '../people/child.entity.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../notifications/contact.js';
import {
  checkId,
  contactPreferences,
  type ContactPreferencesInput,
  MAX_ADDRESS,
  MAX_NAME,
  optionalEmail,
  optionalExternalId,
  optionalPhone,
  optionalText,
  requiredDate,
  requiredText,
  weeklyPattern,
} from './record-fields.js';
import { StaffUser } from '../people/staff-user.entity.js';

/** Who writes, in which council, and how the change arrived (audit/change-log.ts). `userId` null: first-run command. */
export interface Writer {
  councilId: string;
  userId: string | null;
  via: ChangeVia;
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

export interface Saved {
  id: string;
  outcome: SaveOutcome;
}

/**
 * In every input, a field left out (`undefined`) keeps what the record has (a new record: nothing), and `null`
 * clears it. Required fields are required on every save: an import sends the whole record each time.
 */
export interface CarerInput extends ContactPreferencesInput {
  id?: string | null;
  externalId?: string | null;
  name: string;
  address: string;
  phone?: string | null;
  email?: string | null;
}

export interface ChildInput {
  id?: string | null;
  externalId?: string | null;
  firstName: string;
  lastName: string;
  /** 'YYYY-MM-DD' */
  dateOfBirth: string;
  dateOfDeath?: string | null;
  carerId?: string | null;
  /** The child's school timetable: booking refuses contact during it (docs/domain.md rule 2). */
  schoolPattern?: WeeklyPattern | null;
}

export interface FamilyMemberInput extends ContactPreferencesInput {
  id?: string | null;
  externalId?: string | null;
  firstName: string;
  lastName: string;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  /** The family member's work pattern: booking refuses contact during it (docs/domain.md rule 2). */
  workPattern?: WeeklyPattern | null;
}

export interface FamilyLinkInput {
  childId: string;
  familyMemberId: string;
  /** In the case system's words: 'mother', 'grandfather', 'half-sister'… */
  relationship: string;
  parentalResponsibility: boolean;
}

export interface CaseInput {
  childId: string;
  socialWorkerId: string;
  externalId?: string | null;
}

export type RecordKind = 'child' | 'carer' | 'family_member' | 'child_case';

/** A carer is reached by email or text message; letters go to families (docs/notifications.md). */
export const CARER_CHANNELS: readonly ContactChannel[] = ['email', 'sms'];

// ---- Carers --------------------------------------------------------------------------------------------------

/** Creates or updates a carer (matched by id, else external id). */
export async function saveCarer(em: EntityManager, writer: Writer, input: CarerInput): Promise<Saved> {
  const fields = {
    externalId: optionalExternalId(input.externalId),
    name: requiredText(input.name, 'name', 'The carer’s name', MAX_NAME),
    address: requiredText(input.address, 'address', 'The carer’s address', MAX_ADDRESS),
    phone: optionalPhone(input.phone, 'phone'),
    email: optionalEmail(input.email, 'email'),
  };
  return em.transactional(async (tx) => {
    const existing = await match(tx, Carer, writer.councilId, input.id, fields.externalId, 'carer');
    const preferences = contactPreferences(input, existing, CARER_CHANNELS);
    return write(tx, writer, 'carer', Carer, existing, defined({ ...fields, ...preferences }));
  });
}

// ---- Children ------------------------------------------------------------------------------------------------

/**
 * Creates or updates a child (matched by id, else external id). The retention date is recomputed from the dates
 * whenever they change (docs/domain.md rule 12). A new child opens no case: the caller assigns one (`assignCase`).
 */
export async function saveChild(em: EntityManager, writer: Writer, input: ChildInput): Promise<Saved> {
  const today = londonDateKey(new Date());
  const dateOfBirth = requiredDate(input.dateOfBirth, 'dateOfBirth', 'The date of birth', today);
  const dateOfDeath =
    input.dateOfDeath === undefined
      ? undefined
      : input.dateOfDeath === null
        ? null
        : requiredDate(input.dateOfDeath, 'dateOfDeath', 'The date of death', today);
  if (dateOfDeath && dateOfDeath < dateOfBirth) {
    throw badInput('The date of death cannot be before the date of birth.', { field: 'dateOfDeath' });
  }
  const fields = {
    externalId: optionalExternalId(input.externalId),
    firstName: requiredText(input.firstName, 'firstName', 'The first name', MAX_NAME),
    lastName: requiredText(input.lastName, 'lastName', 'The last name', MAX_NAME),
    dateOfBirth,
    dateOfDeath,
    carerId:
      input.carerId === undefined
        ? undefined
        : input.carerId === null
          ? null
          : checkId(input.carerId, 'carerId'),
    schoolPattern:
      input.schoolPattern === undefined ? undefined : weeklyPattern(input.schoolPattern, 'schoolPattern'),
  };
  return em.transactional(async (tx) => {
    if (fields.carerId) {
      const carer = await tx.findOne(Carer, { id: fields.carerId, councilId: writer.councilId });
      if (!carer) throw badInput('There is no such carer.', { field: 'carerId' });
    }
    const existing = await match(tx, Child, writer.councilId, input.id, fields.externalId, 'child');
    const death = fields.dateOfDeath === undefined ? (existing?.dateOfDeath ?? null) : fields.dateOfDeath;
    if (death && death < dateOfBirth) {
      throw badInput('The date of death cannot be before the date of birth.', { field: 'dateOfDeath' });
    }
    return write(tx, writer, 'child', Child, existing, {
      ...defined(fields),
      retainUntil: retentionDate({ dateOfBirth, dateOfDeath: death }),
    });
  });
}

// ---- Family members ------------------------------------------------------------------------------------------

/** Creates or updates a family member (matched by id, else external id). Linking to a child is `linkFamilyMember`. */
export async function saveFamilyMember(
  em: EntityManager,
  writer: Writer,
  input: FamilyMemberInput,
): Promise<Saved> {
  const fields = {
    externalId: optionalExternalId(input.externalId),
    firstName: requiredText(input.firstName, 'firstName', 'The first name', MAX_NAME),
    lastName: requiredText(input.lastName, 'lastName', 'The last name', MAX_NAME),
    phone: optionalPhone(input.phone, 'phone'),
    email: optionalEmail(input.email, 'email'),
    address: optionalText(input.address, 'address', 'The address', MAX_ADDRESS),
    workPattern:
      input.workPattern === undefined ? undefined : weeklyPattern(input.workPattern, 'workPattern'),
  };
  return em.transactional(async (tx) => {
    const existing = await match(
      tx,
      FamilyMember,
      writer.councilId,
      input.id,
      fields.externalId,
      'family member',
    );
    const preferences = contactPreferences(input, existing, CONTACT_CHANNELS);
    return write(tx, writer, 'family_member', FamilyMember, existing, defined({ ...fields, ...preferences }));
  });
}

/**
 * Records a family member as the child's (or changes how they are related, or whether they hold parental
 * responsibility). Logged on the child's record, action `family_linked` or `family_link_changed`.
 */
export async function linkFamilyMember(
  em: EntityManager,
  writer: Writer,
  input: FamilyLinkInput,
): Promise<SaveOutcome> {
  const childId = checkId(input.childId, 'childId');
  const familyMemberId = checkId(input.familyMemberId, 'familyMemberId');
  const relationship = requiredText(input.relationship, 'relationship', 'The relationship', MAX_NAME);
  if (typeof input.parentalResponsibility !== 'boolean') {
    throw badInput('Say whether the family member holds parental responsibility.', {
      field: 'parentalResponsibility',
    });
  }
  const parentalResponsibility = input.parentalResponsibility;
  return em.transactional(async (tx) => {
    await mustExist(tx, Child, writer.councilId, childId, 'child');
    await mustExist(tx, FamilyMember, writer.councilId, familyMemberId, 'family member');
    const link = await tx.findOne(ChildFamilyMember, {
      childId,
      familyMemberId,
      councilId: writer.councilId,
    });
    const after = { familyMemberId, relationship, parentalResponsibility };
    if (!link) {
      tx.persist(make(ChildFamilyMember, { councilId: writer.councilId, childId, ...after }));
      log(tx, writer, 'child', childId, 'family_linked', fieldChanges({}, after));
      await flush(tx);
      return 'created';
    }
    const changes = fieldChanges(
      { relationship: link.relationship, parentalResponsibility: link.parentalResponsibility },
      {
        relationship,
        parentalResponsibility,
      },
    );
    if (Object.keys(changes).length === 0) return 'unchanged';
    tx.assign(link, { relationship, parentalResponsibility });
    log(tx, writer, 'child', childId, 'family_link_changed', {
      familyMemberId: [familyMemberId, familyMemberId],
      ...changes,
    });
    await flush(tx);
    return 'updated';
  });
}

/**
 * Takes a family member off the child's family. Refused (BAD_USER_INPUT) while they take part in one of the child's
 * agreements that is not ended: end or replace the agreement first. `unchanged` when they were not linked.
 */
export async function unlinkFamilyMember(
  em: EntityManager,
  writer: Writer,
  input: { childId: string; familyMemberId: string },
): Promise<SaveOutcome> {
  const childId = checkId(input.childId, 'childId');
  const familyMemberId = checkId(input.familyMemberId, 'familyMemberId');
  return em.transactional(async (tx) => {
    await mustExist(tx, Child, writer.councilId, childId, 'child');
    const link = await tx.findOne(ChildFamilyMember, {
      childId,
      familyMemberId,
      councilId: writer.councilId,
    });
    if (!link) return 'unchanged';
    const [inUse] = await tx.execute<{ n: number }[]>(
      `select count(*)::int as n from agreement_participant p
         join contact_agreement a on a.id = p.agreement_id
        where a.child_id = ? and a.council_id = ? and p.family_member_id = ? and a.status <> 'ended'`,
      [childId, writer.councilId, familyMemberId],
    );
    if ((inUse?.n ?? 0) > 0) {
      throw badInput(
        'This family member takes part in one of the child’s agreements: end or replace it first.',
        {
          field: 'familyMemberId',
        },
      );
    }
    tx.remove(link);
    log(tx, writer, 'child', childId, 'family_unlinked', {
      familyMemberId: [familyMemberId, null],
      relationship: [link.relationship, null],
      parentalResponsibility: [link.parentalResponsibility, null],
    });
    await flush(tx);
    return 'updated';
  });
}

// ---- Cases ---------------------------------------------------------------------------------------------------

/**
 * Opens the child's case to a social worker, or transfers the open one to them (action `transferred`: the case
 * stays the same case, with its id, external id and opening date). The social worker must be an active social worker
 * of the same council.
 *
 * `externalId` names the case in the case system: when it names the open case (or is left out) the open case is
 * transferred; when it names no case yet, the open case (if any) is closed and the new one opened; naming a closed
 * case or another child's case is refused.
 */
export async function assignCase(em: EntityManager, writer: Writer, input: CaseInput): Promise<Saved> {
  const childId = checkId(input.childId, 'childId');
  const socialWorkerId = checkId(input.socialWorkerId, 'socialWorkerId');
  const externalId = optionalExternalId(input.externalId);
  return em.transactional(async (tx) => {
    await mustExist(tx, Child, writer.councilId, childId, 'child');
    const worker = await tx.findOne(StaffUser, { id: socialWorkerId, councilId: writer.councilId });
    if (!worker || worker.role !== 'social_worker' || !worker.active) {
      throw badInput('A case can only be assigned to an active social worker of the council.', {
        field: 'socialWorkerId',
      });
    }
    // Lock the child's cases, so two transfers at once queue instead of both opening a case.
    const cases = await tx.find(
      ChildCase,
      { childId, councilId: writer.councilId },
      { orderBy: { openedAt: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const open = cases.find((c) => c.closedAt === null) ?? null;
    if (externalId) {
      const named = await tx.findOne(ChildCase, { councilId: writer.councilId, externalId });
      if (named && named.childId !== childId) {
        throw badInput('That case id belongs to another child’s case.', { field: 'externalId' });
      }
      if (named && named.closedAt !== null) {
        throw badInput('That case is closed: a case that is reopened needs a new case id.', {
          field: 'externalId',
        });
      }
    }
    const now = new Date();
    if (open && (!externalId || open.externalId === externalId || open.externalId === null)) {
      const after = { socialWorkerId, externalId: externalId ?? open.externalId };
      const changes = fieldChanges(
        { socialWorkerId: open.socialWorkerId, externalId: open.externalId },
        after,
      );
      if (Object.keys(changes).length === 0) return { id: open.id, outcome: 'unchanged' };
      tx.assign(open, after);
      log(tx, writer, 'child_case', open.id, changes.socialWorkerId ? 'transferred' : 'updated', {
        childId: [childId, childId],
        ...changes,
      });
      await flush(tx);
      return { id: open.id, outcome: 'updated' };
    }
    if (open) {
      open.closedAt = now;
      log(tx, writer, 'child_case', open.id, 'closed', {
        childId: [childId, childId],
        closedAt: [null, now],
      });
      // Closed before the new one is inserted: a child has one open case at a time (child_case_one_open).
      await flush(tx);
    }
    // The child's reviewing officer stays with the child when the case system opens a new case for them.
    const officer = {
      reviewingOfficerName: open?.reviewingOfficerName ?? null,
      reviewingOfficerEmail: open?.reviewingOfficerEmail ?? null,
    };
    const opened = make(ChildCase, {
      councilId: writer.councilId,
      childId,
      socialWorkerId,
      externalId: externalId ?? null,
      openedAt: now,
      ...officer,
    });
    tx.persist(opened);
    log(
      tx,
      writer,
      'child_case',
      opened.id,
      'opened',
      fieldChanges({}, { childId, socialWorkerId, externalId, ...officer }),
    );
    await flush(tx);
    return { id: opened.id, outcome: 'created' };
  });
}

/** Closes the child's open case: `unchanged` (with the last case's id) when it is closed already. */
export async function closeCase(
  em: EntityManager,
  writer: Writer,
  input: { childId: string },
): Promise<Saved> {
  const childId = checkId(input.childId, 'childId');
  return em.transactional(async (tx) => {
    await mustExist(tx, Child, writer.councilId, childId, 'child');
    const cases = await tx.find(
      ChildCase,
      { childId, councilId: writer.councilId },
      { orderBy: { openedAt: 'desc', id: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const open = cases.find((c) => c.closedAt === null);
    if (!open) {
      if (cases[0]) return { id: cases[0].id, outcome: 'unchanged' };
      throw badInput('The child has no case to close.', { field: 'childId' });
    }
    const now = new Date();
    open.closedAt = now;
    log(tx, writer, 'child_case', open.id, 'closed', { childId: [childId, childId], closedAt: [null, now] });
    await flush(tx);
    return { id: open.id, outcome: 'updated' };
  });
}

export interface ReviewingOfficerInput {
  childId: string;
  /** Left out: kept; null or blank: cleared. */
  name?: string | null;
  email?: string | null;
}

/**
 * Records the child's independent reviewing officer (IRO) on the child's open case: their name and the email they
 * are told at (docs/records.md). Refused when the child has no open case; `unchanged` when nothing differs.
 */
export async function setReviewingOfficer(
  em: EntityManager,
  writer: Writer,
  input: ReviewingOfficerInput,
): Promise<Saved> {
  const childId = checkId(input.childId, 'childId');
  const fields = defined({
    reviewingOfficerName: optionalText(input.name, 'name', 'The reviewing officer’s name', MAX_NAME),
    reviewingOfficerEmail: optionalEmail(input.email, 'email'),
  });
  return em.transactional(async (tx) => {
    await mustExist(tx, Child, writer.councilId, childId, 'child');
    const open = await tx.findOne(
      ChildCase,
      { childId, councilId: writer.councilId, closedAt: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!open) {
      throw badInput('The child has no open case: open one before recording the reviewing officer.', {
        field: 'childId',
      });
    }
    const before = {
      reviewingOfficerName: open.reviewingOfficerName,
      reviewingOfficerEmail: open.reviewingOfficerEmail,
    };
    const changes = fieldChanges(before, { ...before, ...fields });
    if (Object.keys(changes).length === 0) return { id: open.id, outcome: 'unchanged' };
    tx.assign(open, fields);
    log(tx, writer, 'child_case', open.id, 'updated', { childId: [childId, childId], ...changes });
    await flush(tx);
    return { id: open.id, outcome: 'updated' };
  });
}

// ---- Look-ups ------------------------------------------------------------------------------------------------

const TABLES: Record<RecordKind, string> = {
  child: 'child',
  carer: 'carer',
  family_member: 'family_member',
  child_case: 'child_case',
};

/** The Kinroom id of the council's record with that case-system id, or null when there is none. */
export async function findIdByExternalId(
  em: EntityManager,
  councilId: string,
  kind: RecordKind,
  externalId: string,
): Promise<string | null> {
  const table = TABLES[kind];
  if (!table) throw new Error(`Unknown record kind ${kind}`);
  const [row] = await em.execute<{ id: string }[]>(
    `select id from ${table} where council_id = ? and external_id = ?`,
    [councilId, externalId],
  );
  return row?.id ?? null;
}

// ---- Shared steps --------------------------------------------------------------------------------------------

type Matchable = Carer | Child | FamilyMember;

/** The record named by `id` (NOT_FOUND when it is not the council's), else by external id, else none (create). */
async function match<T extends Matchable>(
  tx: EntityManager,
  cls: new () => T,
  councilId: string,
  id: string | null | undefined,
  externalId: string | null | undefined,
  what: string,
): Promise<T | null> {
  if (id !== undefined && id !== null) {
    if (!isUuid(id)) throw notFound(what);
    const found = (await tx.findOne(cls, { id, councilId } as never)) as T | null;
    if (!found) throw notFound(what);
    if (externalId && externalId !== found.externalId) {
      const other = (await tx.findOne(cls, { councilId, externalId } as never)) as T | null;
      if (other && other.id !== found.id) {
        throw conflict(`Another ${what} already has that case-system id.`, 'externalId');
      }
    }
    return found;
  }
  if (externalId) return (await tx.findOne(cls, { councilId, externalId } as never)) as T | null;
  return null;
}

/** Creates the record, or updates the fields that differ, with its change-log row; nothing at all when none do. */
async function write<T extends Matchable>(
  tx: EntityManager,
  writer: Writer,
  recordType: RecordKind,
  cls: new () => T,
  existing: T | null,
  fields: Partial<T>,
): Promise<Saved> {
  if (!existing) {
    const created = make(cls, { ...fields, councilId: writer.councilId } as Partial<T>);
    tx.persist(created);
    log(tx, writer, recordType, created.id, 'created', fieldChanges({}, fields as Record<string, unknown>));
    await flush(tx);
    return { id: created.id, outcome: 'created' };
  }
  const before: Record<string, unknown> = {};
  for (const name of Object.keys(fields))
    before[name] = (existing as unknown as Record<string, unknown>)[name];
  const changes = fieldChanges(before, fields as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return { id: existing.id, outcome: 'unchanged' };
  const update: Record<string, unknown> = {};
  for (const name of Object.keys(changes)) update[name] = (fields as Record<string, unknown>)[name];
  tx.assign(existing, update as never);
  log(tx, writer, recordType, existing.id, 'updated', changes);
  await flush(tx);
  return { id: existing.id, outcome: 'updated' };
}

/**
 * Writes the unit of work. Two saves of one new case-system id at once both find no record and both insert: the
 * database's unique index refuses the second, which is answered as CONFLICT (send it again: it then updates), never
 * as a fault of ours. The same for two cases opened at once for one child.
 */
async function flush(tx: EntityManager): Promise<void> {
  try {
    await tx.flush();
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint?.endsWith('_external_id')) {
      throw conflict(
        'Another record was saved with that case-system id at the same moment: send it again.',
        'externalId',
      );
    }
    if (constraint === 'child_case_one_open') {
      throw conflict('Another case was opened for this child at the same moment: send it again.', 'childId');
    }
    throw err;
  }
}

function log(
  tx: EntityManager,
  writer: Writer,
  recordType: string,
  recordId: string,
  action: string,
  changes: FieldChanges,
): void {
  recordChange(tx, {
    councilId: writer.councilId,
    recordType,
    recordId,
    action,
    changedById: writer.userId,
    via: writer.via,
    changes,
  });
}

async function mustExist(
  tx: EntityManager,
  cls: typeof Child | typeof FamilyMember,
  councilId: string,
  id: string,
  what: string,
): Promise<void> {
  const [row] = await tx.execute<{ id: string }[]>(
    `select id from ${cls === Child ? 'child' : 'family_member'} where id = ? and council_id = ?`,
    [id, councilId],
  );
  if (!row) throw notFound(what);
}

/** The fields given, without those left out (`undefined`), so that an update keeps what it was not sent. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
