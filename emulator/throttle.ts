// ARM / AKS resource-provider throttling as token buckets (domain notes §5). A request takes one
// token from each bucket it belongs to; an empty bucket answers 429 with Retry-After seconds.

/** The throttling buckets the emulator keeps. */
export type BucketName =
  | 'subscriptionReads'
  | 'subscriptionWrites'
  | 'clusterGet'
  | 'clusterPut'
  | 'clusterList'
  | 'operationStatus';

/** Bucket size and refill rate. */
export interface BucketLimit {
  size: number;
  refillPerSecond: number;
}

/** The real limits (domain notes §5). */
export const DEFAULT_LIMITS: Readonly<Record<BucketName, BucketLimit>> = {
  subscriptionReads: { size: 250, refillPerSecond: 25 },
  subscriptionWrites: { size: 200, refillPerSecond: 10 },
  clusterGet: { size: 60, refillPerSecond: 1 },
  clusterPut: { size: 20, refillPerSecond: 1 / 60 },
  clusterList: { size: 500, refillPerSecond: 1 },
  operationStatus: { size: 200, refillPerSecond: 2 },
};

interface Bucket {
  tokens: number;
  updated: number;
}

/** Keyed token buckets; `now` is injectable for tests. */
export class Throttle {
  private readonly limits: Record<BucketName, BucketLimit>;
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(overrides: Partial<Record<BucketName, BucketLimit>> = {}, now: () => number = Date.now) {
    this.limits = { ...DEFAULT_LIMITS, ...overrides };
    this.now = now;
  }

  /** Takes one token from every listed bucket, or none; returns Retry-After seconds when one is empty. */
  take(keys: { bucket: BucketName; key: string }[]): { ok: true } | { ok: false; retryAfterSeconds: number; bucket: BucketName } {
    const t = this.now();
    const states = keys.map(({ bucket, key }) => {
      const limit = this.limits[bucket];
      const id = `${bucket}|${key.toLowerCase()}`;
      let b = this.buckets.get(id);
      if (!b) {
        b = { tokens: limit.size, updated: t };
        this.buckets.set(id, b);
      }
      b.tokens = Math.min(limit.size, b.tokens + ((t - b.updated) / 1000) * limit.refillPerSecond);
      b.updated = t;
      return { bucket, limit, b };
    });
    const empty = states.find((s) => s.b.tokens < 1);
    if (empty) {
      const rate = empty.limit.refillPerSecond;
      const wait = rate > 0 ? Math.ceil((1 - empty.b.tokens) / rate) : 60;
      return { ok: false, retryAfterSeconds: Math.max(1, wait), bucket: empty.bucket };
    }
    for (const s of states) s.b.tokens -= 1;
    return { ok: true };
  }

  /** Tokens left in one bucket (for `x-ms-ratelimit-remaining-*` headers). */
  remaining(bucket: BucketName, key: string): number {
    const b = this.buckets.get(`${bucket}|${key.toLowerCase()}`);
    return Math.floor(b ? b.tokens : this.limits[bucket].size);
  }
}
