import { afterEach, describe, expect, it } from 'vitest';
import { connection, holdLive, linkLabel } from './connection';

afterEach(() => {
  connection.following = 0;
});

describe('the connection badge', () => {
  it('says nothing on a page that follows nothing live, and the link’s state on one that does', () => {
    expect(linkLabel('live', 0)).toBeNull();
    expect(linkLabel('offline', 0)).toBeNull();
    expect(linkLabel('live', 1)).toBe('Live');
    expect(linkLabel('reconnecting', 2)).toBe('Reconnecting…');
    expect(linkLabel('offline', 1)).toBe('Offline');
  });

  it('counts each live subscription until it stops, once however often it is stopped', () => {
    const a = holdLive();
    const b = holdLive();
    expect(connection.following).toBe(2);
    a();
    a();
    expect(connection.following).toBe(1);
    b();
    expect(connection.following).toBe(0);
  });
});
