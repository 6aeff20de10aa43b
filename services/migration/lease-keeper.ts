// Keeps the operation leases this instance holds: takes one before a watcher loop starts, renews it
// in the background (a third of the period, independent of the poll interval), and aborts the loop
// when the lease is lost (taken by another instance after this one stalled, or unrenewable for a
// whole period). The loop releases it when it ends.
import type { OperationLeases } from '../leases/types.ts';

/** What the keeper needs. */
export interface LeaseKeeperDeps {
  leases: OperationLeases;
  /** Logs a renewal problem (never throws). */
  onError?: (err: unknown, context: { operationId: string; stage: string }) => void;
  now?: () => number;
}

interface Held {
  since: number;
  renewedAt: number;
  controller: AbortController;
  timer: ReturnType<typeof setInterval>;
}

/** The leases held by one watcher. */
export class LeaseKeeper {
  private readonly held = new Map<string, Held>();
  private readonly now: () => number;

  constructor(private readonly deps: LeaseKeeperDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Takes the lease of `operationId`; a signal that aborts when it is lost, or undefined when
   * another instance holds it (or it could not be read: the next scan tries again). */
  async hold(operationId: string): Promise<AbortSignal | undefined> {
    const existing = this.held.get(operationId);
    if (existing) return existing.controller.signal;
    let ok: boolean;
    try {
      ok = await this.deps.leases.acquire(operationId);
    } catch (err) {
      this.report(err, operationId, 'lease-acquire');
      return undefined;
    }
    if (!ok) return undefined;
    const periodMs = this.deps.leases.periodSeconds * 1000;
    const controller = new AbortController();
    const timer = setInterval(() => void this.renew(operationId), Math.max(250, Math.floor(periodMs / 3)));
    timer.unref?.();
    const at = this.now();
    this.held.set(operationId, { since: at, renewedAt: at, controller, timer });
    return controller.signal;
  }

  /** When this instance took the lease of `operationId` (undefined when it does not hold it). */
  heldSince(operationId: string): number | undefined {
    return this.held.get(operationId)?.since;
  }

  /** Operation ids whose lease this instance holds. */
  holding(): string[] {
    return [...this.held.keys()];
  }

  /** Stops renewing and gives the lease up. */
  async drop(operationId: string): Promise<void> {
    const h = this.held.get(operationId);
    if (!h) return;
    clearInterval(h.timer);
    this.held.delete(operationId);
    try {
      await this.deps.leases.release(operationId);
    } catch (err) {
      this.report(err, operationId, 'lease-release');
    }
  }

  private async renew(operationId: string): Promise<void> {
    const h = this.held.get(operationId);
    if (!h || h.controller.signal.aborted) return;
    let ok = false;
    try {
      ok = await this.deps.leases.renew(operationId);
      if (ok) h.renewedAt = this.now();
    } catch (err) {
      this.report(err, operationId, 'lease-renew');
      // Unreachable storage: the lease runs out after one period, and another instance may take it.
      ok = this.now() - h.renewedAt < this.deps.leases.periodSeconds * 1000;
    }
    if (!ok) this.lost(operationId, h);
  }

  private lost(operationId: string, h: Held): void {
    clearInterval(h.timer);
    if (this.held.get(operationId) === h) this.held.delete(operationId);
    this.report(new Error(`the lease of operation ${operationId} was lost: another instance watches it now`), operationId, 'lease-lost');
    h.controller.abort();
  }

  private report(err: unknown, operationId: string, stage: string): void {
    try { this.deps.onError?.(err, { operationId, stage }); } catch { /* a logger must not stop the keeper */ }
  }
}
