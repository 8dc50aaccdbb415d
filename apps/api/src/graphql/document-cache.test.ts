import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.js';

const doc = (n: number) => parse(`{ a${n}: serverStatus { status } }`);

describe('the parsed-document cache', () => {
  it('keeps what is used again and drops the least recently used beyond its count', async () => {
    const cache = new DocumentCache(3, 1_000_000);
    for (const n of [1, 2, 3]) await cache.set(`k${n}`, doc(n));
    expect(await cache.get('k1')).toBeDefined();
    await cache.set('k4', doc(4));
    expect(await cache.get('k2')).toBeUndefined();
    expect(await cache.get('k1')).toBeDefined();
    expect(cache.size.documents).toBe(3);
  });

  it('holds no more source than its budget, and never a document larger than all of it', async () => {
    const one = doc(1).loc!.end;
    const cache = new DocumentCache(100, one * 2);
    for (const n of [1, 2, 3]) await cache.set(`k${n}`, doc(n));
    expect(cache.size).toEqual({ documents: 2, chars: one * 2 });
    await cache.set('big', parse(`{ ${'serverStatus { status } '.repeat(20)} }`));
    expect(await cache.get('big')).toBeUndefined();
    expect(await cache.delete('k3')).toBe(true);
    expect(cache.size).toEqual({ documents: 1, chars: one });
  });
});
