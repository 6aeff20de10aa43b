// TtlCache: in-flight reads shared, fresh values served until the TTL, failures never kept.
import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../../services/azure/ttl-cache.ts';

describe('TtlCache', () => {
  it('shares a read in flight and serves it until the TTL, then reads again', async () => {
    let now = 0;
    let reads = 0;
    const cache = new TtlCache<number>(1000, () => now);
    const read = async () => { reads += 1; return reads; };
    const [a, b] = await Promise.all([cache.get('k', read), cache.get('k', read)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    now = 999;
    expect(await cache.get('k', read)).toBe(1);
    now = 1000;
    expect(cache.isFresh('k')).toBe(false);
    expect(cache.peek('k')).toEqual({ value: 1, ageMs: 1000 });
    expect(await cache.get('k', read)).toBe(2);
  });

  it('never keeps a failure, and forgets on delete / deleteWhere', async () => {
    const cache = new TtlCache<string>(60_000);
    await expect(cache.get('k', async () => { throw new Error('429'); })).rejects.toThrow('429');
    await Promise.resolve();
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
    cache.delete('k');
    expect(await cache.get('k', async () => 'again')).toBe('again');
    await cache.get('/a/1', async () => 'x');
    cache.deleteWhere((key) => key.startsWith('/a/'));
    expect(cache.isFresh('/a/1')).toBe(false);
  });

  it('load always reads, even while a fresh value is cached', async () => {
    const cache = new TtlCache<number>(60_000);
    await cache.get('k', async () => 1);
    expect(await cache.load('k', async () => 2)).toBe(2);
    expect(await cache.get('k', async () => 3)).toBe(2);
  });
});
