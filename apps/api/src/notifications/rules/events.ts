import { chooseChannel, chooseNoticeChannels, type MessageChannel } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LiveEvent } from '../../realtime/live-event.js';
import type { Channels } from '../channel.js';
import type { PlannedMessage } from '../purposes.js';
import { planned, type Cause } from './plan.js';
import {
  agreementParticipants,
  cancelledSessions,
  centreManagers,
  childCarers,
  councilLanguages,
  reviewingOfficers,
  socialWorkers,
  type Participant,
} from './recipients.js';

/** The channels each kind of recipient may be reached by, in Kinroom's order (docs/notifications.md). */
const FAMILY_CANCELLATION: readonly MessageChannel[] = ['email', 'sms', 'letter'];
const CARER: readonly MessageChannel[] = ['email', 'sms'];
const STAFF_EMAIL: readonly MessageChannel[] = ['email'];
const STAFF_TEXT: readonly MessageChannel[] = ['sms'];

const is = (e: LiveEvent, topic: LiveEvent['topic'], kind: string) => e.topic === topic && e.kind === kind;

/**
 * The messages a batch of outbox events call for (the table in docs/notifications.md). Each read takes the whole
 * batch's ids at once: at most seven statements, however many events, and none for a batch that calls for nothing.
 */
export async function planForEvents(
  em: EntityManager,
  events: readonly LiveEvent[],
  channels: Pick<Channels, 'supports'>,
): Promise<PlannedMessage[]> {
  const cancelled = events.filter((e) => is(e, 'session', 'cancelled'));
  const absences = events.filter((e) => is(e, 'session', 'absence_notice'));
  const suspended = events.filter((e) => is(e, 'agreement', 'suspended'));
  const raised = events.filter((e) => is(e, 'flag', 'raised'));
  const escalated = events.filter((e) => is(e, 'flag', 'escalated'));
  const relevant = [...cancelled, ...absences, ...suspended, ...raised, ...escalated];
  if (relevant.length === 0) return [];

  const supports = (c: MessageChannel) => channels.supports(c);
  const languages = await councilLanguages(
    em,
    relevant.map((e) => e.councilId),
  );
  const sessions = await cancelledSessions(
    em,
    cancelled.map((e) => e.subjectId),
  );
  const familyOf = await agreementParticipants(em, [
    ...[...sessions.values()].filter((s) => !s.agreementStopped).map((s) => s.agreementId),
    ...suspended.map((e) => e.subjectId),
  ]);
  const carers = await childCarers(
    em,
    cancelled.map((e) => e.childId),
  );
  const workers = await socialWorkers(
    em,
    [...cancelled, ...absences, ...suspended, ...raised].map((e) => e.childId),
  );
  const officers = await reviewingOfficers(
    em,
    suspended.map((e) => e.childId),
  );
  const managers = await centreManagers(
    em,
    escalated.map((e) => e.centreId),
  );

  const out: PlannedMessage[] = [];
  const causeOf = (e: LiveEvent, about: Partial<PlannedMessage['about']>): Cause => ({
    councilId: e.councilId,
    key: `event:${e.id}`,
    eventId: e.id,
    languages: languages.get(e.councilId) ?? 'en',
    about: { centreId: e.centreId, childId: e.childId, ...about },
  });
  const toSocialWorker = (e: LiveEvent, cause: Cause, purpose: PlannedMessage['purpose']) => {
    const worker = e.childId ? workers.get(e.childId) : undefined;
    if (worker) out.push(planned(cause, purpose, worker, chooseChannel(worker, STAFF_EMAIL, supports)));
  };

  for (const e of events) {
    if (is(e, 'session', 'cancelled')) {
      const session = e.subjectId ? sessions.get(e.subjectId) : undefined;
      if (!session) continue;
      const cause = causeOf(e, { sessionId: session.id, agreementId: session.agreementId });
      // A session cancelled because its agreement stopped: the family hears it from the suspension notice, or
      // from the social worker who ended the agreement, not once per session.
      if (!session.agreementStopped) {
        for (const p of familyOf.get(session.agreementId) ?? []) {
          out.push(
            planned(cause, 'session_cancelled_family', p, chooseChannel(p, FAMILY_CANCELLATION, supports)),
          );
        }
      }
      const carer = e.childId ? carers.get(e.childId) : undefined;
      if (carer)
        out.push(planned(cause, 'session_cancelled_carer', carer, chooseChannel(carer, CARER, supports)));
      toSocialWorker(e, cause, 'session_cancelled_social_worker');
    } else if (is(e, 'session', 'absence_notice')) {
      toSocialWorker(e, causeOf(e, { sessionId: e.subjectId }), 'absence_notice_social_worker');
    } else if (is(e, 'agreement', 'suspended')) {
      const cause = causeOf(e, { agreementId: e.subjectId });
      for (const p of noticeRecipients(e.subjectId ? (familyOf.get(e.subjectId) ?? []) : [])) {
        for (const choice of chooseNoticeChannels(p, supports)) {
          out.push(planned(cause, 'suspension_notice_family', p, choice));
        }
      }
      toSocialWorker(e, cause, 'suspension_social_worker');
      const officer = e.childId ? officers.get(e.childId) : undefined;
      if (officer) {
        out.push(
          planned(
            cause,
            'suspension_notice_reviewing_officer',
            officer,
            chooseChannel(officer, STAFF_EMAIL, supports),
          ),
        );
      }
    } else if (is(e, 'flag', 'raised')) {
      toSocialWorker(e, causeOf(e, { flagId: e.subjectId }), 'flag_raised_social_worker');
    } else if (is(e, 'flag', 'escalated')) {
      const cause = causeOf(e, { flagId: e.subjectId });
      for (const m of (e.centreId ? managers.get(e.centreId) : undefined) ?? []) {
        out.push(planned(cause, 'flag_escalated_manager', m, chooseChannel(m, STAFF_EMAIL, supports)));
        out.push(planned(cause, 'flag_escalated_manager', m, chooseChannel(m, STAFF_TEXT, supports)));
      }
    }
  }
  return out;
}

/** Who the suspension notice is addressed to: the participants with parental responsibility, else all of them. */
function noticeRecipients(participants: readonly Participant[]): readonly Participant[] {
  const responsible = participants.filter((p) => p.parentalResponsibility);
  return responsible.length > 0 ? responsible : participants;
}
