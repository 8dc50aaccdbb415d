import { makeFragmentData } from '@kinroom/schema';
import { MessageFields, type MessageData } from './message-list';

/**
 * For tests: a message as the dashboard reads it, an email to a family member about a cancelled session, delivered on
 * Mon 7 Dec 2026 at 09:12 (London); `over` changes any of it.
 */
export function aMessage(over: Partial<MessageData> = {}): MessageData {
  return {
    __typename: 'Message',
    id: 'm1',
    purpose: 'SESSION_CANCELLED_FAMILY',
    channel: 'EMAIL',
    status: 'DELIVERED',
    notSentReason: null,
    attempts: 1,
    lastError: null,
    plannedAt: '2026-12-07T09:10:00Z',
    sentAt: '2026-12-07T09:11:00Z',
    deliveredAt: '2026-12-07T09:12:00Z',
    failedAt: null,
    recipient: { kind: 'FAMILY_MEMBER', name: 'Sam Jones' },
    ...over,
  } as MessageData;
}

/** The same message as a query's answer carries it, for a component that reads it through `MessageFields`. */
export const aMessageFragment = (over: Partial<MessageData> = {}) =>
  makeFragmentData(aMessage(over), MessageFields);
