import { loggerFor } from '../observability/logger.js';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { assertMayImport, requireViewer } from '../access/index.js';
import { ADMIN } from '../access/roles.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Writer } from '../records/save.js';
import {
  previewImport,
  readImportRun,
  recentImportRuns,
  runInBackground,
  startImportRun,
  type ImportLog,
  type ImportRunRecord,
} from './import.service.js';
import { ImportFileInput, ImportReportType, ImportRunType } from './import.type.js';

function admin(ctx: GraphQLContext): Viewer & { userId: string } {
  const viewer = requireViewer(ctx.viewer);
  assertMayImport(viewer);
  return viewer;
}

function writerOf(viewer: Viewer): Writer & { userId: string } {
  return { councilId: viewer.councilId, userId: viewer.userId, via: 'import' };
}

function logOf(ctx: GraphQLContext): ImportLog {
  return {
    error: (err) => loggerFor(ctx.config).error({ err }, 'kinroom: error: import'),
  };
}

@Resolver()
export class ImportResolver {
  @Authorized(ADMIN)
  @Mutation(() => ImportReportType, {
    description:
      'Checks a case-system export without changing anything: every row is tried exactly as `startImport` would (in a transaction that is then rolled back), and the report says per file and row what would be created, updated, unchanged or refused, with every reason. Admins of the council only. Up to 100,000 bytes per request; larger exports go through `./kinroom admin import --dry-run` (docs/import.md).',
  })
  previewImport(
    @Ctx() ctx: GraphQLContext,
    @Arg('files', () => [ImportFileInput], {
      description: 'One to four files: carers.csv, children.csv, family-members.csv, cases.csv.',
    })
    files: ImportFileInput[],
  ): Promise<ImportReportType> {
    const viewer = admin(ctx);
    return previewImport(ctx.em, writerOf(viewer), files, logOf(ctx));
  }

  @Authorized(ADMIN)
  @Mutation(() => ImportRunType, {
    description:
      'Imports a case-system export in the background, each row in its own transaction, keyed by the case system’s ids: importing the same files again changes nothing. Answers at once with the run; read `importRun` for its progress and report. A file error refuses the whole import (BAD_USER_INPUT, listed in `extensions.fileErrors`); CONFLICT while another import of the council runs. Admins of the council only.',
  })
  async startImport(
    @Ctx() ctx: GraphQLContext,
    @Arg('files', () => [ImportFileInput], {
      description: 'One to four files: carers.csv, children.csv, family-members.csv, cases.csv.',
    })
    files: ImportFileInput[],
  ): Promise<ImportRunRecord> {
    const viewer = admin(ctx);
    const writer = writerOf(viewer);
    const started = await startImportRun(ctx.em, writer, files, 'dashboard');
    runInBackground(ctx.em, started.runId, writer, started.files, logOf(ctx));
    const run = await readImportRun(ctx.em, viewer.councilId, started.runId);
    return run!;
  }

  @Authorized(ADMIN)
  @Query(() => ImportRunType, {
    nullable: true,
    description:
      'One import of your council: its status, progress (rows done of total) and, once finished, its report. Admins of the council only; NOT_FOUND for another council’s.',
  })
  async importRun(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: 'The run, as `startImport` answered.' }) id: string,
  ): Promise<ImportRunRecord> {
    const viewer = admin(ctx);
    if (!isUuid(id)) throw notFound('import');
    const run = await readImportRun(ctx.em, viewer.councilId, id);
    if (!run) throw notFound('import');
    return run;
  }

  @Authorized(ADMIN)
  @Query(() => [ImportRunType], {
    description:
      'Your council’s most recent imports, newest first, from the dashboard and the command alike. Admins of the council only.',
  })
  importRuns(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many, at most 50.' }) first: number,
  ): Promise<ImportRunRecord[]> {
    const viewer = admin(ctx);
    return recentImportRuns(ctx.em, viewer.councilId, Math.max(1, Math.min(first, 50)));
  }
}
