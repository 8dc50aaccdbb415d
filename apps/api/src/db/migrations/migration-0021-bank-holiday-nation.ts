import { Migration } from '@mikro-orm/migrations';

/**
 * Whose bank holidays a council's centres keep (docs/set-up.md, "Bank holidays"): England and Wales, Scotland or
 * Northern Ireland, one nation per council since all of a council's centres are in its nation. Councils set up
 * before keep England and Wales's, as Kinroom counted until now.
 */
export class Migration0021BankHolidayNation extends Migration {
  override name = '0021-bank-holiday-nation';

  override up(): void {
    this.addSql(/* sql */ `
alter table council
  add column bank_holiday_nation text not null default 'england_and_wales'
    check (bank_holiday_nation in ('england_and_wales', 'scotland', 'northern_ireland'));
`);
  }
}
