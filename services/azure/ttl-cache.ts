// A small promise cache with a time to live: callers asking for the same key while a read is in
// flight share it; a fulfilled value is served until it is `ttlMs` old; a rejected read is never
// kept. `peek` also returns stale values (with their age) so a caller can serve one while it
// refreshes in the background. `now` is injectable for tests.

interface Entry<V> { at: number; value: Promise<V>; settled?: V }

/** Keyed, TTL-bounded, in-flight-sharing cache of async reads. */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now, private readonly maxEntries = 10_000) {}

  /** The cached value of `key` while fresh (or in flight), else the result of `read()` (then cached). */
  get(key: string, read: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    return this.load(key, read);
  }

  /** Reads `key` afresh (sharing a read already in flight that started now-ish) and caches the result. */
  load(key: string, read: () => Promise<V>): Promise<V> {
    const entry: Entry<V> = { at: this.now(), value: read() };
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
    entry.value.then(
      (v) => { entry.settled = v; },
      () => { if (this.entries.get(key) === entry) this.entries.delete(key); },
    );
    return entry.value;
  }

  /** A settled value of `key` however old, with its age in ms; undefined when none. */
  peek(key: string): { value: V; ageMs: number } | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.settled === undefined) return undefined;
    return { value: hit.settled, ageMs: this.now() - hit.at };
  }

  /** True while a read of `key` started less than `ttlMs` ago (in flight or fulfilled). */
  isFresh(key: string): boolean {
    const hit = this.entries.get(key);
    return hit !== undefined && this.now() - hit.at < this.ttlMs;
  }

  /** Forgets `key` (a later `get` reads again). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key `match` accepts. */
  deleteWhere(match: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (match(key)) this.entries.delete(key);
  }
}
