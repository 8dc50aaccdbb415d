/** A GB state's days off in a year as the installed date-holidays gives them (`MM-DD`), sorted. */
export function holidayDays(state: string, year: number): string[];
/** The table as src/time/bank-holidays-table.ts holds it, from the installed date-holidays. */
export function holidayTable(): Record<string, Record<number, string>>;
