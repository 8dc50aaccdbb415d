import { badInput, notFound } from '../common/errors.js';
import {
  flagEventsCentre,
  flagEventsNeedChildren,
  followedCentre,
  maySeeFlagEvent,
  maySeeObservationEvent,
  maySeeSessionEvent,
  sessionEventsCentre,
  sessionEventsNeedChildren,
  visibilityScope,
} from '../access/index.js';
import { NO_CHILDREN, type LiveArgs, type LiveTopic } from './live-topic.js';

/**
 * The live topics, one declaration each (live-topic.ts says what a declaration holds). Adding a subscription is a
 * declaration here, its field in subscriptions.resolver.ts, and the writer of its events (`recordEvent`, whose
 * payload the event topic's entry in event-log.ts types); who may see what is asked of access/live.ts.
 */

/** A centre's room board, as `roomBoard` reads it: its rooms' conditions and its sessions. */
export const ROOM_BOARD_CHANGED: LiveTopic<'room' | 'session', LiveArgs & { centreId: string }> = {
  name: 'roomBoardChanged',
  events: ['room', 'session'],
  groupBy: visibilityScope,
  async follow(viewer, args) {
    const centreId = followedCentre(viewer, args.centreId);
    if (!centreId) throw badInput('Name the centre to follow.', { field: 'centreId' });
    return { filter: (e) => e.centreId === centreId };
  },
};

/** The sessions the viewer may see (the rule of `session(id)`), of one centre or child when named. */
export const SESSION_CHANGED: LiveTopic<
  'session',
  LiveArgs & { centreId?: string | null; childId?: string | null }
> = {
  name: 'sessionChanged',
  events: ['session'],
  groupBy: visibilityScope,
  async follow(viewer, args, live) {
    const child = args.childId ?? null;
    const centreId = sessionEventsCentre(viewer, args.centreId);
    const children = await live.readableChildren(sessionEventsNeedChildren(viewer), child);
    const readable = children ?? NO_CHILDREN;
    return {
      filter: (e) =>
        (!child || e.childId === child) &&
        (!centreId || e.centreId === centreId) &&
        maySeeSessionEvent(viewer, e, readable, new Date()),
      stop: children?.stop,
    };
  },
};

/** The flags the viewer may read whole (the rule of `flag(id)`), of one centre when named. */
export const FLAG_CHANGED: LiveTopic<'flag', LiveArgs & { centreId?: string | null }> = {
  name: 'flagChanged',
  events: ['flag'],
  groupBy: visibilityScope,
  async follow(viewer, args, live) {
    const centreId = flagEventsCentre(viewer, args.centreId);
    const children = await live.readableChildren(flagEventsNeedChildren(viewer));
    const readable = children ?? NO_CHILDREN;
    return {
      filter: (e) => (!centreId || e.centreId === centreId) && maySeeFlagEvent(viewer, e, readable),
      stop: children?.stop,
    };
  },
};

/** The observation records of a manager's own centre, as the desk lists them (docs/desk.md): steps and amendments. */
export const OBSERVATION_CHANGED: LiveTopic<'observation', LiveArgs & { centreId?: string | null }> = {
  name: 'observationChanged',
  events: ['observation'],
  groupBy: visibilityScope,
  async follow(viewer, args, live) {
    followedCentre(viewer, args.centreId);
    const children = await live.readableChildren(true);
    const readable = children ?? NO_CHILDREN;
    return { filter: (e) => maySeeObservationEvent(viewer, e, readable), stop: children?.stop };
  },
};

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
