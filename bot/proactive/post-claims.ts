// Who posts a progress milestone: every post is claimed in store.milestones before it is sent (an
// insert only one sender wins), so concurrent senders (two watchers, two notifiers, a repeated call)
// post it once; a claim left by a process that died before confirming is posted again.
import type { Store } from '../../services/store/types.ts';
import type { Logger } from '../logger.ts';

/** The claims of one notifier. */
export interface PostClaims {
  /** Claims a post: `post` when this sender must post it, `done` when it was posted, `busy` when
   * another sender claimed it and is posting it now. */
  claim(operationId: string, key: string): 'post' | 'done' | 'busy';
  /** The post of a `post` claim ended (either way). */
  release(operationId: string, key: string): void;
  /** This notifier adopted the operation from another watcher (instance takeover). */
  adopt(operationId: string): void;
  /** The operation ended. */
  forget(operationId: string): void;
}

export function createPostClaims(store: Store, logger: Logger, now: () => Date): PostClaims {
  /** Posts this notifier claimed (`operationId|key`); with `bornAt`, tells an own retry or a dead
   * process's claim (post again) from a claim another live sender is posting now (leave it). */
  const mine = new Set<string>();
  const bornAt = Date.now();
  /** Posts of this process in flight (`operationId|key`), released when the post ends either way. */
  const posting = new Set<string>();
  /** Operations this notifier adopted from another watcher (instance takeover), with when. */
  const adoptedAt = new Map<string, number>();

  return {
    claim(operationId, key) {
      const id = `${operationId}|${key}`;
      // This process is posting it right now (two deliveries of one milestone in one process).
      if (posting.has(id)) return 'busy';
      const existing = store.milestones.get(operationId, key);
      if (existing?.state === 'done' || existing?.activityId) return 'done';
      if (existing) {
        if (!mine.has(id) && Date.parse(existing.at) > Math.max(bornAt, adoptedAt.get(operationId) ?? 0)) return 'busy';
        logger.warn({ operationId, key }, 'a post was claimed but not confirmed before: posting it again');
      } else if (!store.milestones.claim(operationId, key, { at: now().toISOString() })) {
        return store.milestones.get(operationId, key)?.state === 'done' ? 'done' : 'busy';
      }
      mine.add(id);
      posting.add(id);
      return 'post';
    },
    release(operationId, key) {
      posting.delete(`${operationId}|${key}`);
    },
    adopt(operationId) {
      adoptedAt.set(operationId, Date.now());
    },
    forget(operationId) {
      adoptedAt.delete(operationId);
    },
  };
}
