import {
  bankHolidaysInYearFrom,
  isBankHolidayNation,
  londonDateKey,
  type BankHolidayNation,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../common/errors.js';
import type { CouncilBankHolidaysType } from './council-holidays.type.js';
import { setCouncilSetting, viewersCouncil } from './council-setting.js';

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
    return this.shown((await viewersCouncil(this.em, this.viewer)).bankHolidayNation);
  }

  async setNation(nation: BankHolidayNation): Promise<CouncilBankHolidaysType> {
    if (!isBankHolidayNation(nation)) throw badInput('Choose the nation.', { field: 'nation' });
    const council = await setCouncilSetting(this.em, this.viewer, 'bankHolidayNation', nation);
    return this.shown(council.bankHolidayNation);
  }

  private shown(nation: BankHolidayNation): CouncilBankHolidaysType {
    return { nation, upcoming: bankHolidaysInYearFrom(londonDateKey(this.now), nation) };
  }
}
