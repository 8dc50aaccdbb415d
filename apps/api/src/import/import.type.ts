import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { domainEnum } from '../graphql/enums.js';
import type { RowOutcome } from './import-report.js';
import type { ImportRunStatus } from './import.service.js';

export const ImportRowOutcomeEnum = domainEnum<RowOutcome>(['created', 'updated', 'unchanged', 'refused']);
registerEnumType(ImportRowOutcomeEnum, {
  name: 'ImportRowOutcome',
  description: 'What became of one row of an import (in a preview: what would).',
  valuesConfig: {
    CREATED: { description: 'A new record was made from the row.' },
    UPDATED: { description: 'The record with the row’s case-system id was changed to match the row.' },
    UNCHANGED: { description: 'The record already matched the row: nothing was written.' },
    REFUSED: { description: 'The row was not imported; its errors say why. The other rows were.' },
  },
});

export const ImportRunStatusEnum = domainEnum<ImportRunStatus>(['running', 'succeeded', 'failed']);
registerEnumType(ImportRunStatusEnum, {
  name: 'ImportRunStatus',
  description: 'Where an import is.',
  valuesConfig: {
    RUNNING: { description: 'Rows are being imported; `rowsDone` counts them.' },
    SUCCEEDED: {
      description: 'Every row was tried: the report lists what was created, updated, unchanged and refused.',
    },
    FAILED: {
      description:
        'The import stopped before its end (the server stopped, or the database was unreachable); `failure` says where. Importing the same files again is safe.',
    },
  },
});

@InputType({ description: 'One CSV file of a case-system export (docs/import.md).' })
export class ImportFileInput {
  @Field(() => String, {
    description:
      'The file’s name, which says what it holds: carers.csv, children.csv, family-members.csv or cases.csv.',
  })
  name!: string;

  @Field(() => String, {
    description:
      'The file’s text (UTF-8, a header row first). A request is at most 100,000 bytes in all; larger exports go through the command `./kinroom admin import`.',
  })
  content!: string;
}

@ObjectType({ description: 'One reason a row is refused.', simpleResolvers: true })
export class ImportRowError {
  @Field(() => String, {
    nullable: true,
    description: 'The column at fault; null when it is the row as a whole.',
  })
  column!: string | null;

  @Field(() => String, { description: 'What is wrong, in plain words.' })
  message!: string;
}

@ObjectType({ description: 'One data row of a file and what became of it.', simpleResolvers: true })
export class ImportRowReport {
  @Field(() => Int, { description: 'The row number as a spreadsheet shows it: the header is row 1.' })
  row!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The case system’s id of the row’s record, when it has one.',
  })
  externalId!: string | null;

  @Field(() => ImportRowOutcomeEnum, { description: 'Created, updated, unchanged or refused.' })
  outcome!: RowOutcome;

  @Field(() => [ImportRowError], { description: 'Why the row is refused; empty for any other outcome.' })
  errors!: ImportRowError[];
}

@ObjectType({ description: 'What an import did, or would do, with one file.', simpleResolvers: true })
export class ImportFileReport {
  @Field(() => String, {
    description: 'The file: carers.csv, children.csv, family-members.csv or cases.csv.',
  })
  file!: string;

  @Field(() => Int, { description: 'Rows whose record was created.' })
  created!: number;

  @Field(() => Int, { description: 'Rows whose record was updated.' })
  updated!: number;

  @Field(() => Int, { description: 'Rows whose record already matched.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Rows refused.' })
  refused!: number;

  @Field(() => [ImportRowReport], { description: 'Every data row, in the file’s order.' })
  rows!: ImportRowReport[];
}

@ObjectType({
  description: 'A problem with a whole file: an import with any imports nothing.',
  simpleResolvers: true,
})
export class ImportFileError {
  @Field(() => String, { description: 'The file, by name.' })
  file!: string;

  @Field(() => Int, { nullable: true, description: 'The line of the file at fault, when known.' })
  line!: number | null;

  @Field(() => String, { description: 'What is wrong, in plain words.' })
  message!: string;
}

@ObjectType('ImportReport', {
  description:
    'What an import did, or in a preview would do: file by file and row by row, with every refused row’s reasons. Holds case-system ids and reasons, never a person’s name, address or contact details.',
  simpleResolvers: true,
})
export class ImportReportType {
  @Field(() => Boolean, { description: 'True for a preview, which changed nothing.' })
  dryRun!: boolean;

  @Field(() => [ImportFileError], { description: 'Problems with whole files; when any, no row was tried.' })
  fileErrors!: ImportFileError[];

  @Field(() => [ImportFileReport], {
    description: 'Each file, in the order imported: carers, children, family members, cases.',
  })
  files!: ImportFileReport[];

  @Field(() => Int, { description: 'Rows whose record was created, in all files.' })
  created!: number;

  @Field(() => Int, { description: 'Rows whose record was updated, in all files.' })
  updated!: number;

  @Field(() => Int, { description: 'Rows whose record already matched, in all files.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Rows refused, in all files.' })
  refused!: number;
}

@ObjectType('ImportRun', {
  description: 'One import, running in the background or finished, with its progress and its report.',
  simpleResolvers: true,
})
export class ImportRunType {
  @Field(() => ID, { description: 'Stable identifier of the run.' })
  id!: string;

  @Field(() => ImportRunStatusEnum, { description: 'Running, succeeded or failed.' })
  status!: ImportRunStatus;

  @Field(() => [String], { description: 'The files imported, in the order imported.' })
  files!: string[];

  @Field(() => Int, { description: 'Rows in all files: the progress counts to this.' })
  rowsTotal!: number;

  @Field(() => Int, { description: 'Rows done so far (updated every half second while running).' })
  rowsDone!: number;

  @Field(() => String, { description: 'The admin who started it.' })
  startedByName!: string;

  @Field(() => Date, { description: 'When it started.' })
  startedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it ended; null while running.' })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it stopped before its end, when it failed.' })
  failure!: string | null;

  @Field(() => ImportReportType, {
    nullable: true,
    description: 'The report, once it succeeded; null before.',
  })
  report!: ImportReportType | null;
}
