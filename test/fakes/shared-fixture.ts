// One started thing (a bot harness, a production rig) per describe block: started in beforeAll,
// stopped in afterAll, reached through a forwarding object so tests read `rig.x` as usual.
import { afterAll, beforeAll } from 'vitest';

/** Starts `start()` before the block's tests and stops it after; the returned object forwards to it
 * (use it inside tests and hooks only: before beforeAll ran, any property access throws). */
export function sharedFixture<T extends { stop(): Promise<void> }>(start: () => Promise<T>, startTimeoutMs = 60_000): T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await start();
  }, startTimeoutMs);
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (!current) throw new Error('a shared fixture was used outside a test');
      const value = Reflect.get(current, key, current) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
}
