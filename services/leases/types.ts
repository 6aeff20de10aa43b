// Exactly one watcher per operation (issue 15): a lease per operation id, held by one instance at a
// time, renewed while it watches and released when it stops. When the holder dies its lease expires
// and another instance may take the operation over. Implementations: blob leases on Azure Storage
// (`blob-leases.ts`, several instances) and an in-process one for the embedded store (`local-leases.ts`).

/** Per-operation leases. `acquire` and `renew` never throw for a lease held elsewhere: they answer false. */
export interface OperationLeases {
  /** Seconds a lease lives without renewal (after the holder dies, another instance may take it). */
  readonly periodSeconds: number;
  /** Takes the lease of `operationId` for this instance; true when this instance holds it now
   * (also when it already did). False when another live holder has it. */
  acquire(operationId: string): Promise<boolean>;
  /** Extends a lease this instance holds; false when it was lost (expired and taken, or broken). */
  renew(operationId: string): Promise<boolean>;
  /** Gives the lease up (no-op when not held); another instance may take it at once. */
  release(operationId: string): Promise<void>;
}
