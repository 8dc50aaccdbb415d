import { describe, expect, it } from 'vitest';
import {
  chooseChannel,
  chooseNoticeChannels,
  isUkMobile,
  type ContactDetails,
  type MessageChannel,
} from './channel-choice.js';

const nobody: ContactDetails = {
  email: null,
  phone: null,
  address: null,
  contactBy: null,
  doNotContact: false,
};
const everything: ContactDetails = {
  email: 'pat@example.test',
  phone: '07700 900123',
  address: '2 High Street, Newtown, NT1 2AB',
  contactBy: null,
  doNotContact: false,
};
const all = () => true;
const only =
  (...cs: MessageChannel[]) =>
  (c: MessageChannel) =>
    cs.includes(c);
const FAMILY: MessageChannel[] = ['email', 'sms', 'letter'];

describe('isUkMobile', () => {
  it('takes UK mobile numbers as people write them, and nothing else', () => {
    for (const n of ['07700900123', '07700 900123', '+44 7700 900123', '0044 (7700) 900-123']) {
      expect(isUkMobile(n), n).toBe(true);
    }
    for (const n of ['01632 960123', '+44 1632 960123', '0770090012', '077009001234', '', null, 'none']) {
      expect(isUkMobile(n), String(n)).toBe(false);
    }
  });
});

describe('chooseChannel', () => {
  it('uses the preferred channel when the person has its details and it is configured', () => {
    expect(chooseChannel({ ...everything, contactBy: 'sms' }, FAMILY, all)).toEqual({ channel: 'sms' });
    expect(chooseChannel({ ...everything, contactBy: 'letter' }, FAMILY, all)).toEqual({ channel: 'letter' });
  });

  it('otherwise tries email, then text, then letter', () => {
    expect(chooseChannel(everything, FAMILY, all)).toEqual({ channel: 'email' });
    expect(chooseChannel({ ...everything, email: null }, FAMILY, all)).toEqual({ channel: 'sms' });
    expect(chooseChannel({ ...everything, email: ' ', phone: '01632 960123' }, FAMILY, all)).toEqual({
      channel: 'letter',
    });
  });

  it('passes over a preference it cannot use: no details, not configured, or not allowed for the message', () => {
    expect(chooseChannel({ ...everything, contactBy: 'sms', phone: null }, FAMILY, all)).toEqual({
      channel: 'email',
    });
    expect(chooseChannel({ ...everything, contactBy: 'sms' }, FAMILY, only('email'))).toEqual({
      channel: 'email',
    });
    expect(chooseChannel({ ...everything, contactBy: 'letter' }, ['email', 'sms'], all)).toEqual({
      channel: 'email',
    });
  });

  it('sends nothing to a person who asked not to be contacted, whatever their details', () => {
    expect(chooseChannel({ ...everything, doNotContact: true }, FAMILY, all)).toEqual({
      channel: 'email',
      unsent: 'do_not_contact',
    });
    expect(chooseChannel({ ...nobody, doNotContact: true }, FAMILY, all)).toEqual({
      channel: 'email',
      unsent: 'do_not_contact',
    });
  });

  it('records no contact details when the person has none for any allowed channel', () => {
    expect(chooseChannel(nobody, FAMILY, all)).toEqual({ channel: 'email', unsent: 'no_contact_details' });
    expect(chooseChannel({ ...nobody, contactBy: 'sms' }, FAMILY, all)).toEqual({
      channel: 'sms',
      unsent: 'no_contact_details',
    });
    expect(chooseChannel({ ...nobody, address: '1 Lane' }, ['email', 'sms'], all)).toEqual({
      channel: 'email',
      unsent: 'no_contact_details',
    });
  });

  it('records channel not configured when the only details are for channels that are not set up', () => {
    expect(chooseChannel(everything, FAMILY, () => false)).toEqual({
      channel: 'email',
      unsent: 'channel_not_configured',
    });
    expect(chooseChannel({ ...nobody, phone: '07700900123' }, FAMILY, only('email'))).toEqual({
      channel: 'sms',
      unsent: 'channel_not_configured',
    });
  });
});

describe('chooseNoticeChannels (the suspension notice, rule 8)', () => {
  it('sends a letter where the address is known and letters are set up, and the preferred electronic channel too', () => {
    expect(chooseNoticeChannels({ ...everything, contactBy: 'sms' }, all)).toEqual([
      { channel: 'letter' },
      { channel: 'sms' },
    ]);
    expect(chooseNoticeChannels(everything, all)).toEqual([{ channel: 'letter' }, { channel: 'email' }]);
  });

  it('sends the letter alone to a person with no email or mobile', () => {
    expect(chooseNoticeChannels({ ...nobody, address: '1 Lane' }, all)).toEqual([{ channel: 'letter' }]);
  });

  it('sends by email or text alone without an address or without letters', () => {
    expect(chooseNoticeChannels({ ...everything, address: null }, all)).toEqual([{ channel: 'email' }]);
    expect(chooseNoticeChannels(everything, only('email', 'sms'))).toEqual([{ channel: 'email' }]);
  });

  it('records one unsent notice, with its reason, when none can go', () => {
    expect(chooseNoticeChannels({ ...everything, doNotContact: true }, all)).toEqual([
      { channel: 'email', unsent: 'do_not_contact' },
    ]);
    expect(chooseNoticeChannels(nobody, all)).toEqual([{ channel: 'email', unsent: 'no_contact_details' }]);
    expect(chooseNoticeChannels({ ...nobody, address: '1 Lane' }, only('email'))).toEqual([
      { channel: 'letter', unsent: 'channel_not_configured' },
    ]);
  });
});
