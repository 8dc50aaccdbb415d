import { ROOM_STATE, WARNING_KIND } from '../../shared/labels';
import type { BoardRoom } from './use-room-board';

type Snapshot = Pick<BoardRoom, 'state' | 'warnings'> & { room: Pick<BoardRoom['room'], 'id' | 'name'> };

/**
 * What changed between two boards, in sentences for a screen reader's live region: rooms that changed state and
 * warnings that appeared. The first board announces nothing (the page itself says what is there).
 */
export function describeChanges(before: readonly Snapshot[] | null, after: readonly Snapshot[]): string[] {
  if (!before) return [];
  const old = new Map(before.map((r) => [r.room.id, r]));
  const lines: string[] = [];
  for (const r of after) {
    const was = old.get(r.room.id);
    if (!was) continue;
    if (was.state !== r.state)
      lines.push(`${r.room.name} is now ${ROOM_STATE[r.state].label.toLowerCase()}.`);
    const known = new Set(was.warnings.map((w) => `${w.kind}:${w.sessionId ?? ''}`));
    for (const w of r.warnings) {
      if (!known.has(`${w.kind}:${w.sessionId ?? ''}`)) lines.push(`${WARNING_KIND[w.kind]}: ${w.message}`);
    }
  }
  return lines;
}
