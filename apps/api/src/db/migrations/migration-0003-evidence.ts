import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for evidence and safeguarding: reading the head of a child's evidence chain when a record is finalised or
 * amended, the outbox anchors a chain check compares against, and the open flags the escalation job looks for
 * every minute.
 */
export class Migration0003Evidence extends Migration {
  override name = '0003-evidence';

  override up(): void {
    this.addSql(/* sql */ `
create index observation_final_child on observation (child_id, finalised_at desc) where status = 'final';
create index observation_amendment_child on observation_amendment (child_id, created_at desc);
create index event_evidence_anchor on event (child_id, id)
  where topic = 'observation' and kind in ('finalised', 'amended');
create index safeguarding_flag_awaiting_acknowledgement on safeguarding_flag (acknowledge_by)
  where status = 'open';
create index flag_escalation_flag on flag_escalation (flag_id, escalated_at);
`);
  }
}
