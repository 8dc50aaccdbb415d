import type { BankHolidayNation } from '@kinroom/domain';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

export const BankHolidayNationEnum: Record<string, BankHolidayNation> = {
  ENGLAND_AND_WALES: 'england_and_wales',
  SCOTLAND: 'scotland',
  NORTHERN_IRELAND: 'northern_ireland',
};
registerEnumType(BankHolidayNationEnum, {
  name: 'BankHolidayNation',
  description: 'The UK jurisdictions with bank holidays of their own.',
  valuesConfig: {
    ENGLAND_AND_WALES: { description: 'England and Wales: a council in Wales keeps these.' },
    SCOTLAND: {
      description: 'Scotland: 2 January, the first Monday of August, St Andrew’s Day; no Easter Monday.',
    },
    NORTHERN_IRELAND: { description: 'Northern Ireland: England and Wales’s, St Patrick’s Day and 12 July.' },
  },
});

@ObjectType('CouncilBankHolidays', {
  description:
    'Whose bank holidays the council’s centres keep: recurring series skip them, and report due dates and the figures’ working days leave them out (docs/set-up.md).',
})
export class CouncilBankHolidaysType {
  @Field(() => BankHolidayNationEnum, { description: 'The nation whose bank holidays are kept.' })
  nation!: BankHolidayNation;

  @Field(() => [String], {
    description: 'The nation’s next bank holidays from today, `YYYY-MM-DD` (London), up to a year ahead.',
  })
  upcoming!: string[];
}
