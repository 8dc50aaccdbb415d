import { Migration } from '@mikro-orm/migrations';

/**
 * Each link of a child's evidence chain (a final observation record or an amendment) carries an Ed25519 signature
 * made with a key kept outside the database, and the id (fingerprint) of that key (docs/evidence.md). Records made
 * before this have none: the check reports them as unsealed, never as intact.
 */
export class Migration0009EvidenceSignatures extends Migration {
  override name = '0009-evidence-signatures';

  override up(): void {
    this.addSql(/* sql */ `
alter table observation
  add column signature text,
  add column signing_key text,
  add constraint observation_signature_with_key check ((signature is null) = (signing_key is null));
alter table observation_amendment
  add column signature text,
  add column signing_key text,
  add constraint observation_amendment_signature_with_key check ((signature is null) = (signing_key is null));
`);
  }
}
