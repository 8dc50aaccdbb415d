import { londonDateKey, type FlagCategory, type FlagSeverity } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertCentre, SITE_ALERT_CATEGORIES, SITE_ALERT_SEVERITIES } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { londonDay } from '../sessions/session.query.js';
import type { SiteAlertType } from './site-alert.type.js';

interface Row {
  child_id: string;
  first_name: string;
  last_name: string;
  category: FlagCategory;
  severity: FlagSeverity;
  room_id: string;
  room_name: string;
  starts_at: Date;
  ends_at: Date;
}

/**
 * The alerts of a centre's day (access/flags.ts, `SITE_ALERT_CATEGORIES`): for each child on site today under a flag
 * that says so, the child's first name and initial, the flag's category and severity, and the room; one statement.
 */
export class SiteAlertQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
    private readonly now: Date,
  ) {}

  async today(centreId: string): Promise<SiteAlertType[]> {
    if (!isUuid(centreId)) throw notFound('centre');
    assertCentre(this.viewer, centreId);
    const day = londonDay(londonDateKey(this.now));
    const rows = await this.em.execute<Row[]>(
      `select distinct f.child_id, c.first_name, c.last_name, f.category, f.severity,
              s.room_id, r.name as room_name, s.starts_at, s.ends_at
         from safeguarding_flag f
         join session s on s.child_id = f.child_id and s.centre_id = f.centre_id and s.council_id = f.council_id
         join child c on c.id = f.child_id
         join room r on r.id = s.room_id
        where f.council_id = ? and f.centre_id = ? and f.status <> 'resolved'
          and (f.category in (?) or f.severity in (?))
          and s.status <> 'cancelled' and s.starts_at < ? and s.ends_at > ?
        order by s.starts_at, c.first_name, f.category, f.severity`,
      [
        this.viewer.councilId,
        centreId,
        [...SITE_ALERT_CATEGORIES],
        [...SITE_ALERT_SEVERITIES],
        day.end,
        day.start,
      ],
    );
    if (rows.length === 0) {
      // An unknown centre of this council reads as one that does not exist, as everywhere.
      const [centre] = await this.em.execute<{ n: number }[]>(
        'select count(*)::int as n from centre where id = ? and council_id = ?',
        [centreId, this.viewer.councilId],
      );
      if (!centre?.n) throw notFound('centre');
      return [];
    }
    await logChildReads(
      this.em,
      this.viewer,
      this.operation,
      [...new Set(rows.map((r) => r.child_id))].map((childId) => ({
        childId,
        fields: ['first_name', 'last_initial', 'site_alert'],
        reason: 'site safety alert',
      })),
    );
    return rows.map((r) => ({
      child: { id: r.child_id, firstName: r.first_name, lastInitial: r.last_name.slice(0, 1) },
      category: r.category,
      severity: r.severity,
      room: { id: r.room_id, name: r.room_name },
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
    }));
  }
}
