// One contract for both OperationLeases: blob leases against Azurite (real @azure/storage-blob over
// HTTP) and the in-process leases of the embedded store.
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../../emulator/azurite.ts';
import { createBlobLeases } from '../../../services/leases/blob-leases.ts';
import { createLocalLeases, createLocalLeaseTable } from '../../../services/leases/local-leases.ts';
import type { OperationLeases } from '../../../services/leases/types.ts';

interface Rig {
  /** Two instances sharing one lease space. */
  pair(): { a: OperationLeases; b: OperationLeases };
  /** Lets every unrenewed lease expire. */
  expire(): Promise<void>;
}

function contract(name: string, rig: () => Rig, timeoutMs: number): void {
  describe(name, () => {
    it('one holder at a time; renew and release', async () => {
      const { a, b } = rig().pair();
      expect(await a.acquire('op-1')).toBe(true);
      expect(await a.acquire('op-1')).toBe(true); // its own lease again
      expect(await b.acquire('op-1')).toBe(false);
      expect(await b.renew('op-1')).toBe(false);
      expect(await a.renew('op-1')).toBe(true);
      expect(await b.acquire('op-2')).toBe(true); // other operations are independent
      await a.release('op-1');
      expect(await b.acquire('op-1')).toBe(true);
      expect(await a.renew('op-1')).toBe(false);
      await a.release('op-1'); // not held: no-op, never throws
      expect(await a.acquire('op-1')).toBe(false);
    });

    it('a lease that is not renewed expires and another instance takes it over', async () => {
      const r = rig();
      const { a, b } = r.pair();
      expect(await a.acquire('op-dead')).toBe(true);
      expect(await b.acquire('op-dead')).toBe(false);
      await r.expire();
      expect(await b.acquire('op-dead')).toBe(true);
      expect(await a.renew('op-dead')).toBe(false);
      expect(await a.acquire('op-dead')).toBe(false);
    }, timeoutMs);
  });
}

describe('OperationLeases', () => {
  let azurite: AzuriteInstance;
  let run = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 30_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  contract('blob leases on Azurite', () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const container = service.getContainerClient(`leases-${++run}`);
    return {
      pair: () => ({ a: createBlobLeases({ container, periodSeconds: 15 }), b: createBlobLeases({ container, periodSeconds: 15 }) }),
      expire: () => new Promise((resolve) => setTimeout(resolve, 16_000)),
    };
  }, 40_000);

  it('clamps the blob lease period to what Azure allows', () => {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('clamp');
    expect(createBlobLeases({ container, periodSeconds: 2 }).periodSeconds).toBe(15);
    expect(createBlobLeases({ container, periodSeconds: 600 }).periodSeconds).toBe(60);
  });

  contract('local leases (embedded store)', () => {
    let now = 1_000_000;
    const table = createLocalLeaseTable();
    return {
      pair: () => ({
        a: createLocalLeases({ table, holder: 'a', periodSeconds: 3, now: () => now }),
        b: createLocalLeases({ table, holder: 'b', periodSeconds: 3, now: () => now }),
      }),
      expire: async () => { now += 3_001; },
    };
  }, 5_000);
});
