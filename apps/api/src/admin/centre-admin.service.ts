import { validateOpeningHours, WEEKDAYS, type OpeningHours } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers } from '../access/index.js';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { CentreService } from '../centres/centre.service.js';
import type { CentreType } from '../centres/centre.type.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { requiredText, wholeNumber } from './admin.checks.js';
import type { CentreInput, CentreUpdateInput, OpeningDayInput } from './centre-admin.inputs.js';

const MAX_NAME = 200;
const MAX_ADDRESS = 500;

/** The fields of a centre the change log compares. */
function logged(c: Centre): Record<string, unknown> {
  return {
    name: c.name,
    address: c.address,
    openingHours: c.openingHours,
    turnoverMinutes: c.turnoverMinutes,
  };
}

/** An admin creating and changing the council's centres; each change is in the change log with the change. */
export class CentreAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {
    assertAdministers(viewer);
  }

  async create(input: CentreInput): Promise<CentreType> {
    const fields = {
      name: requiredText('name', 'centre’s name', input.name, MAX_NAME),
      address: requiredText('address', 'address', input.address, MAX_ADDRESS),
      openingHours: openingHours(input.openingHours),
      turnoverMinutes: turnover(input.turnoverMinutes),
    };
    const id = await this.em.transactional(async (tx) => {
      await this.assertNameFree(tx, fields.name, null);
      const centre = make(Centre, { councilId: this.viewer.councilId, ...fields });
      tx.persist(centre);
      this.log(tx, centre.id, 'created', fieldChanges({}, logged(centre)));
      await tx.flush();
      return centre.id;
    });
    return new CentreService(this.em.fork(), this.viewer).one(id);
  }

  async update(centreId: string, input: CentreUpdateInput): Promise<CentreType> {
    if (!isUuid(centreId)) throw notFound('centre');
    await this.em.transactional(async (tx) => {
      const centre = await tx.findOne(Centre, { id: centreId, councilId: this.viewer.councilId });
      if (!centre) throw notFound('centre');
      const before = logged(centre);
      if (input.name != null) {
        centre.name = requiredText('name', 'centre’s name', input.name, MAX_NAME);
        await this.assertNameFree(tx, centre.name, centre.id);
      }
      if (input.address != null)
        centre.address = requiredText('address', 'address', input.address, MAX_ADDRESS);
      if (input.openingHours != null) centre.openingHours = openingHours(input.openingHours);
      if (input.turnoverMinutes != null) centre.turnoverMinutes = turnover(input.turnoverMinutes);
      const changes = fieldChanges(before, logged(centre));
      if (Object.keys(changes).length > 0) this.log(tx, centre.id, 'updated', changes);
      await tx.flush();
    });
    return new CentreService(this.em.fork(), this.viewer).one(centreId);
  }

  /** Two centres of one council with one name would be told apart by nobody on a schedule. */
  private async assertNameFree(tx: EntityManager, name: string, self: string | null): Promise<void> {
    const rows = await tx.execute<{ id: string }[]>(
      `select id from centre where council_id = ? and lower(name) = lower(?) ${self ? 'and id <> ?' : ''} limit 1`,
      [this.viewer.councilId, name, ...(self ? [self] : [])],
    );
    if (rows.length > 0) throw conflict(`The council already has a centre called ${name}.`, 'name');
  }

  private log(
    tx: EntityManager,
    recordId: string,
    action: string,
    changes: Record<string, [unknown, unknown]>,
  ) {
    recordChange(tx, {
      councilId: this.viewer.councilId,
      recordType: 'centre',
      recordId,
      action,
      changedById: this.viewer.userId,
      via: viaOf(this.viewer),
      changes,
    });
  }
}

function turnover(minutes: number): number {
  return wholeNumber('turnoverMinutes', 'turnover', minutes, 0, 120);
}

/** The week as the domain keeps it, checked by the domain's own rule (docs/domain.md rule 1). */
export function openingHours(days: readonly OpeningDayInput[]): OpeningHours {
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, null])) as OpeningHours;
  const seen = new Set<number>();
  for (const day of days) {
    if (!Number.isInteger(day.weekday) || day.weekday < 0 || day.weekday > 6) {
      throw badInput('A weekday is 0 (Sunday) to 6 (Saturday).', { field: 'openingHours' });
    }
    if (seen.has(day.weekday)) throw badInput('Give each day’s hours once.', { field: 'openingHours' });
    seen.add(day.weekday);
    const open = day.open?.trim() || null;
    const close = day.close?.trim() || null;
    if (!open && !close) continue;
    if (!open || !close) {
      throw badInput('Give both the opening and the closing time of an open day.', { field: 'openingHours' });
    }
    hours[day.weekday as keyof OpeningHours] = { open, close };
  }
  const problems = validateOpeningHours(hours);
  if (problems.length > 0) throw badInput(problems.join('; '), { field: 'openingHours' });
  return hours;
}
