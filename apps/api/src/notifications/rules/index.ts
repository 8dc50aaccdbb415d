/**
 * Who is told what, and by which channel (docs/notifications.md): the message planner's rules. For a batch of outbox
 * events, or for a moment in time, the messages to store, each with the key that keeps it from being stored twice.
 */
export { planForEvents } from './events.js';
export { planDue, OVERDUE_NOTICE_DAYS } from './due.js';
