import type { Viewer } from '../auth/viewer.js';
import { forbidden } from '../common/errors.js';
import type { RoomCondition } from '../rooms/room.entity.js';
import { assertCentre } from './viewer.js';

/**
 * Setting a room's condition, for the staff of the room's centre (a room of another centre is refused as one that
 * does not exist): the manager sets any condition; its supervisors mark rooms tidied or needing it, and neither take
 * a room out of service nor bring one back. A council's admin, setting up its rooms, sets any condition.
 */
export function assertMaySetRoomCondition(
  viewer: Viewer,
  room: { centreId: string; condition: RoomCondition },
  condition: RoomCondition,
): void {
  assertCentre(viewer, room.centreId, 'room');
  if (viewer.role === 'centre_manager' || viewer.role === 'admin') return;
  if (viewer.role !== 'supervisor') throw forbidden('Only the centre’s staff can set a room’s condition.');
  if (condition === 'out_of_service') {
    throw forbidden('Only the centre manager can take a room out of service.');
  }
  if (room.condition === 'out_of_service') {
    throw forbidden('Only the centre manager can bring a room back into service.');
  }
}
