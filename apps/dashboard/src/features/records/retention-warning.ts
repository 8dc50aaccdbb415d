import {
  addYearsToDateKey,
  parseDateKey,
  RETENTION_AGE_YEARS,
  RETENTION_YEARS_AFTER_CHILD_DEATH,
  retentionDate,
} from '@kinroom/domain';
import { calendarDate } from '../../shared/london-time';

const isDate = (s: string | null | undefined): s is string => {
  if (!s) return false;
  try {
    parseDateKey(s);
    return true;
  } catch {
    return false;
  }
};

/**
 * What recording, changing or removing a child's date of death changes, said before it is saved: how long the
 * contact record is kept (docs/domain.md rule 12), by the domain's own retention rule. Null when the date of death
 * is as saved, or the dates cannot be read yet (the form says what is wrong with them).
 */
export function deathWarning(
  dateOfBirth: string,
  dateOfDeath: string,
  savedDateOfDeath: string | null,
): string | null {
  const death = dateOfDeath || null;
  if (death === (savedDateOfDeath || null) || !isDate(dateOfBirth)) return null;
  const birthday = addYearsToDateKey(dateOfBirth, RETENTION_AGE_YEARS);
  if (death === null) {
    return (
      `Removing the date of death keeps the record until the child’s ${RETENTION_AGE_YEARS}th birthday, ` +
      `${calendarDate(birthday)}.`
    );
  }
  if (!isDate(death) || death < dateOfBirth) return null;
  const until = retentionDate({ dateOfBirth, dateOfDeath: death });
  const kept =
    until === birthday
      ? `The child was 18 or over, so the record is still kept until their ${RETENTION_AGE_YEARS}th birthday, ${calendarDate(until)}.`
      : `The child died before 18, so the record is kept for ${RETENTION_YEARS_AFTER_CHILD_DEATH} years after the death, until ${calendarDate(until)}, instead of until their ${RETENTION_AGE_YEARS}th birthday.`;
  return `Recording a date of death changes how long this child’s contact record is kept. ${kept} It cannot be deleted before then, and the change is logged with your name.`;
}
