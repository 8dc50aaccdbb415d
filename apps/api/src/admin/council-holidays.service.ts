import {
  bankHolidaysInYearFrom,
  isBankHolidayNation,
  londonDateKey,
  type BankHolidayNation,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers } from '../access/index.js';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { Council } from '../centres/centre.entity.js';
import { badInput, notFound } from '../common/errors.js';
import type { CouncilBankHolidaysType } from './council-holidays.type.js';

/** Whose bank holidays the council keeps: read and set by its admins, each change in the change log. */
export class CouncilHolidaysService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {
    assertAdministers(viewer);
  }

  async read(): Promise<CouncilBankHolidaysType> {
    const council = await this.em.findOne(Council, { id: this.viewer.councilId });
    if (!council) throw notFound('council');
    return this.shown(council.bankHolidayNation);
  }

  async setNation(nation: BankHolidayNation): Promise<CouncilBankHolidaysType> {
    if (!isBankHolidayNation(nation)) throw badInput('Choose the nation.', { field: 'nation' });
    return this.em.transactional(async (tx) => {
      const council = await tx.findOne(Council, { id: this.viewer.councilId });
      if (!council) throw notFound('council');
      const changes = fieldChanges(
        { bankHolidayNation: council.bankHolidayNation },
        { bankHolidayNation: nation },
      );
      if (Object.keys(changes).length > 0) {
        council.bankHolidayNation = nation;
        recordChange(tx, {
          councilId: council.id,
          recordType: 'council',
          recordId: council.id,
          action: 'updated',
          changedById: this.viewer.userId,
          via: viaOf(this.viewer),
          changes,
        });
        await tx.flush();
      }
      return this.shown(council.bankHolidayNation);
    });
  }

  private shown(nation: BankHolidayNation): CouncilBankHolidaysType {
    return { nation, upcoming: bankHolidaysInYearFrom(londonDateKey(this.now), nation) };
  }
}
