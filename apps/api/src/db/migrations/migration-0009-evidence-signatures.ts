import { Migration } from '@mikro-orm/migrations';

/**
 * Each link of a child's evidence chain (a final observation record or an amendment) carries an Ed25519 signature
 * made with a key kept outside the database, and the id (fingerprint) of that key (docs/evidence.md). Records made
 * before this have none: the check reports them as unsealed, never as intact, until `evidence:seal` signs them.
 * That is the one change a final record or an amendment takes: its seal, once, where it had none, nothing else.
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

create function evidence_seal_only(old_row jsonb, new_row jsonb) returns boolean language sql immutable as $$
  select old_row->>'signature' is null and new_row->>'signature' is not null
     and new_row - 'signature' - 'signing_key' = old_row - 'signature' - 'signing_key'
$$;

create or replace function observation_final_is_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status = 'final' then
      raise exception 'a final observation record cannot be deleted' using errcode = 'P0001', hint = 'observation/final-immutable';
    end if;
    return old;
  end if;
  if old.status = 'final' and not evidence_seal_only(to_jsonb(old), to_jsonb(new)) then
    raise exception 'a final observation record cannot be changed; add an amendment' using errcode = 'P0001', hint = 'observation/final-immutable';
  end if;
  return new;
end $$;

create function observation_amendment_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and evidence_seal_only(to_jsonb(old), to_jsonb(new)) then
    return new;
  end if;
  raise exception '% rows are append-only', tg_table_name using errcode = 'P0001', hint = 'record/append-only';
end $$;
drop trigger observation_amendment_append_only on observation_amendment;
create trigger observation_amendment_append_only before update or delete on observation_amendment
  for each row execute function observation_amendment_append_only();
`);
  }
}
