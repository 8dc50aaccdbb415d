import { WEEKDAY_NAMES, WEEKDAYS } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCentre, centresShown } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { StaffUser, type StaffRole } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Centre } from './centre.entity.js';
import type { CentreType, OpeningDay } from './centre.type.js';

/** Centres, their rooms and their staff, as far as the viewer works with them. */
export class CentreService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  /** Managers and supervisors: the centre they work at. Integrators and admins: every centre of their council. */
  async mine(): Promise<CentreType[]> {
    const shown = centresShown(this.viewer);
    if (shown !== 'all' && shown.length === 0) return [];
    const centres = await this.em.find(
      Centre,
      { councilId: this.viewer.councilId, ...(shown === 'all' ? {} : { id: { $in: shown } }) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return this.withRooms(centres);
  }

  async one(centreId: string): Promise<CentreType> {
    return (await this.withRooms([await this.visible(centreId)]))[0]!;
  }

  /** The active staff who work at the centre, e.g. the supervisors a manager can book; by name. */
  async staff(centreId: string, role: StaffRole | null): Promise<StaffUser[]> {
    const centre = await this.visible(centreId);
    return this.em.find(
      StaffUser,
      { councilId: this.viewer.councilId, centreId: centre.id, active: true, ...(role ? { role } : {}) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
  }

  private async visible(centreId: string): Promise<Centre> {
    if (!isUuid(centreId)) throw notFound('centre');
    assertCentre(this.viewer, centreId);
    const centre = await this.em.findOne(Centre, { id: centreId, councilId: this.viewer.councilId });
    if (!centre) throw notFound('centre');
    return centre;
  }

  private async withRooms(centres: readonly Centre[]): Promise<CentreType[]> {
    if (centres.length === 0) return [];
    const rooms = await this.em.find(
      Room,
      { councilId: this.viewer.councilId, centreId: { $in: centres.map((c) => c.id) } },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return centres.map((c) => ({
      id: c.id,
      name: c.name,
      address: c.address,
      turnoverMinutes: c.turnoverMinutes,
      openingHours: openingDays(c),
      rooms: rooms.filter((r) => r.centreId === c.id),
    }));
  }
}

function openingDays(c: Centre): OpeningDay[] {
  return WEEKDAYS.map((weekday) => {
    const hours = c.openingHours[weekday] ?? null;
    return {
      weekday,
      dayName: WEEKDAY_NAMES[weekday],
      open: hours?.open ?? null,
      close: hours?.close ?? null,
    };
  });
}
