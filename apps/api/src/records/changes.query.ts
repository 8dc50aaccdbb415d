import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertMayFollowChanges } from '../access/records.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../common/errors.js';
import { Child, ChildCase } from '../people/child.entity.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Session } from '../sessions/session.entity.js';
import type { ChangedCaseType, ChangedChildType } from './changes.type.js';

export const CHANGES_DEFAULT_PAGE = 100;
export const CHANGES_MAX_PAGE = 500;

/** The tables an integration follows, each with the `change_seq` migration 0011 keeps in commit order. */
type Followed = 'child' | 'child_case' | 'contact_agreement' | 'session';

export interface Page<T> {
  items: T[];
  endCursor: string | null;
  hasMore: boolean;
}

/**
 * A cursor is the last change read, written opaquely (`c1.` and the sequence number, base64url): it holds no record
 * and no secret, is only ever compared within the integration's own council, and stays good for as long as the
 * integration keeps it (across restarts and signing-key changes), as a change feed's cursor must.
 */
export function changeCursor(seq: string): string {
  return Buffer.from(`c1.${seq}`, 'utf8').toString('base64url');
}

export function openChangeCursor(cursor: string | null | undefined): string {
  if (cursor === undefined || cursor === null || cursor === '') return '0';
  const text = cursor.length <= 64 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^c1\.(\d{1,19})$/.exec(text);
  if (!m)
    throw badInput('This cursor is not one this list gave: start again without `after`.', { field: 'after' });
  return m[1]!;
}

/**
 * The integrations' "changed since" lists (docs/records.md): the council's children, cases, agreements and sessions
 * in the order their changes committed. Every child a page shows is written to the access log.
 */
export class ChangesQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
  ) {}

  async children(after: string | null | undefined, first: number): Promise<Page<ChangedChildType>> {
    const { ids, page } = await this.ids('child', after, first);
    const rows = await this.load(Child, ids);
    await this.log(
      rows.map((c) => c.id),
      ['names', 'dates', 'externalId', 'schoolPattern'],
      'children changed',
    );
    return {
      ...page,
      items: rows.map((c) => ({
        id: c.id,
        externalId: c.externalId,
        firstName: c.firstName,
        lastName: c.lastName,
        dateOfBirth: c.dateOfBirth,
        dateOfDeath: c.dateOfDeath,
        retainUntil: c.retainUntil,
        schoolPattern: c.schoolPattern.map((s) => ({ weekday: s.weekday, start: s.start, end: s.end })),
      })),
    };
  }

  async cases(after: string | null | undefined, first: number): Promise<Page<ChangedCaseType>> {
    const { ids, page } = await this.ids('child_case', after, first);
    const rows = await this.load(ChildCase, ids);
    const children = new Map(
      (await this.load(Child, [...new Set(rows.map((r) => r.childId))])).map((c) => [c.id, c]),
    );
    const workers = new Map(
      (
        await this.em.find(StaffUser, {
          councilId: this.viewer.councilId,
          id: { $in: [...new Set(rows.map((r) => r.socialWorkerId))] },
        })
      ).map((u) => [u.id, u]),
    );
    await this.log(
      rows.map((c) => c.childId),
      ['cases'],
      'cases changed',
    );
    return {
      ...page,
      items: rows.map((c) => {
        const u = workers.get(c.socialWorkerId);
        return {
          id: c.id,
          externalId: c.externalId,
          childId: c.childId,
          childExternalId: children.get(c.childId)?.externalId ?? null,
          socialWorker: { id: c.socialWorkerId, name: u?.name ?? '', role: u?.role ?? 'social_worker' },
          openedAt: c.openedAt,
          closedAt: c.closedAt,
        };
      }),
    };
  }

  async agreements(after: string | null | undefined, first: number): Promise<Page<ContactAgreement>> {
    const { ids, page } = await this.ids('contact_agreement', after, first);
    const rows = await this.load(ContactAgreement, ids);
    await this.log(
      rows.map((a) => a.childId),
      ['agreements'],
      'agreements changed',
    );
    return { ...page, items: rows };
  }

  async sessions(after: string | null | undefined, first: number): Promise<Page<Session>> {
    const { ids, page } = await this.ids('session', after, first);
    const rows = await this.load(Session, ids);
    await this.log(
      rows.map((s) => s.childId),
      ['sessions', 'attendance'],
      'sessions changed',
    );
    return { ...page, items: rows };
  }

  /** The ids of the page, in change order, and where it ends. */
  private async ids(
    table: Followed,
    after: string | null | undefined,
    first: number,
  ): Promise<{ ids: string[]; page: Omit<Page<never>, 'items'> }> {
    assertMayFollowChanges(this.viewer);
    if (!Number.isInteger(first) || first < 1 || first > CHANGES_MAX_PAGE) {
      throw badInput(`first must be 1 to ${CHANGES_MAX_PAGE}.`, { field: 'first' });
    }
    const from = openChangeCursor(after);
    const rows = await this.em.execute<{ id: string; seq: string }[]>(
      `select id, change_seq::text as seq from ${table}
          where council_id = ? and change_seq > ?::bigint
          order by change_seq limit ?`,
      [this.viewer.councilId, from, first + 1],
    );
    const shown = rows.slice(0, first);
    const last = shown.at(-1);
    return {
      ids: shown.map((r) => r.id),
      page: {
        endCursor: last ? changeCursor(last.seq) : after ? changeCursor(from) : null,
        hasMore: rows.length > first,
      },
    };
  }

  /** The records, fresh from the database, in the order of `ids`. */
  private async load<T extends { id: string }>(cls: new () => T, ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const found = await this.em.find(
      cls,
      { id: { $in: [...ids] }, councilId: this.viewer.councilId } as never,
      { refresh: true },
    );
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  private log(childIds: readonly string[], fields: string[], reason: string): Promise<void> {
    return logChildReads(
      this.em,
      this.viewer,
      this.operation,
      [...new Set(childIds)].map((childId) => ({ childId, fields, reason })),
    );
  }
}
