import { followedCentre, visibilityScope } from '../access/index.js';
import { notFound } from '../common/errors.js';
import type { LiveArgs, LiveTopic } from '../realtime/live-topic.js';

/**
 * What a centre's figures count changing: its sessions (bookings, cancellations, attendance), its observation records
 * and its flags. For the centre's manager; the events are answered without naming any record
 * (`CentreFiguresChange`), so a figures screen learns only that it should read its figures again.
 */
export const CENTRE_FIGURES_CHANGED: LiveTopic<
  'session' | 'observation' | 'flag',
  LiveArgs & { centreId: string }
> = {
  name: 'centreFiguresChanged',
  events: ['session', 'observation', 'flag'],
  groupBy: visibilityScope,
  async follow(viewer, args) {
    const centreId = followedCentre(viewer, args.centreId);
    if (!centreId) throw notFound('centre');
    return { filter: (e) => e.centreId === centreId };
  },
};
