// OperationLeases on Azure Blob Storage: one empty blob per operation (`operations/<id>`) in the
// store's container, leased by the instance that watches it. A blob lease lives 15-60 s unless
// renewed; a second acquirer gets 409 until it expires or is released, which is exactly one watcher
// per operation across instances. Works against Azure and Azurite through @azure/storage-blob.
import { randomUUID } from 'node:crypto';
import type { BlobLeaseClient, ContainerClient } from '@azure/storage-blob';
import type { OperationLeases } from './types.ts';
import { describeFailure } from '../retry/failure.ts';

/** Shortest and longest finite blob lease (seconds), fixed by Azure Storage. */
export const BLOB_LEASE_MIN_SECONDS = 15;
export const BLOB_LEASE_MAX_SECONDS = 60;

/** Options of the blob leases. */
export interface BlobLeaseOptions {
  container: ContainerClient;
  /** Lease period in seconds, clamped to 15-60 (Azure's limits). Default 30. */
  periodSeconds?: number;
  /** This instance's lease id (a GUID); default a fresh one. The same id re-acquires its own lease. */
  leaseId?: string;
  /** Blob name prefix. Default `operations/`. */
  prefix?: string;
}

const statusOf = (err: unknown): number | undefined => describeFailure(err).status;

/** Blob-lease OperationLeases (one blob per operation). */
export function createBlobLeases(opts: BlobLeaseOptions): OperationLeases {
  const periodSeconds = Math.min(BLOB_LEASE_MAX_SECONDS, Math.max(BLOB_LEASE_MIN_SECONDS, Math.round(opts.periodSeconds ?? 30)));
  const leaseId = opts.leaseId ?? randomUUID();
  const prefix = opts.prefix ?? 'operations/';
  const held = new Map<string, BlobLeaseClient>();
  let containerReady: Promise<unknown> | undefined;

  const leaseClient = (operationId: string): BlobLeaseClient => {
    const blob = opts.container.getBlockBlobClient(`${prefix}${encodeURIComponent(operationId)}`);
    return blob.getBlobLeaseClient(leaseId);
  };

  const ensureBlob = async (operationId: string): Promise<void> => {
    containerReady ??= opts.container.createIfNotExists().catch((err: unknown) => {
      containerReady = undefined;
      throw err;
    });
    await containerReady;
    const blob = opts.container.getBlockBlobClient(`${prefix}${encodeURIComponent(operationId)}`);
    try {
      await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (err) {
      // Exists already (409), or exists and is leased (412): either way there is a blob to lease.
      if (statusOf(err) !== 409 && statusOf(err) !== 412) throw err;
    }
  };

  return {
    periodSeconds,
    async acquire(operationId) {
      const lease = leaseClient(operationId);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await lease.acquireLease(periodSeconds);
          held.set(operationId, lease);
          return true;
        } catch (err) {
          if (statusOf(err) === 409) return false; // another instance holds it
          if (statusOf(err) !== 404 || attempt > 0) throw err;
          await ensureBlob(operationId);
        }
      }
      return false;
    },
    async renew(operationId) {
      const lease = held.get(operationId) ?? leaseClient(operationId);
      try {
        await lease.renewLease();
        held.set(operationId, lease);
        return true;
      } catch (err) {
        const status = statusOf(err);
        if (status === 409 || status === 412 || status === 404) {
          held.delete(operationId);
          return false;
        }
        throw err;
      }
    },
    async release(operationId) {
      const lease = held.get(operationId);
      held.delete(operationId);
      if (!lease) return;
      try {
        await lease.releaseLease();
      } catch (err) {
        // Lost already (taken or expired): nothing to give up.
        if (statusOf(err) !== 409 && statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    },
  };
}
