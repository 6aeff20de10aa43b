// Requests on Azure Tables: one entity per request; the ETag makes `update` a compare-and-swap, so
// of two instances writing the same version exactly one wins (the other gets false, as in SQLite).
import type { ApprovalRequest } from '../../approval/types.ts';
import type { RequestStore } from '../types.ts';
import type { SubStoreContext } from './table.ts';
import { versionedDocs } from './versioned.ts';

export function azureRequestStore(ctx: SubStoreContext): RequestStore {
  const docs = versionedDocs<ApprovalRequest>(ctx, 'request', 'request');
  return {
    insert: (req) => docs.insert(req),
    get: (id) => docs.get(id),
    update: (id, expectedVersion, patch) => docs.update(id, expectedVersion, patch),
    listByCluster: (clusterId) => docs.listByCluster(clusterId),
    listByState: (states) => docs.listByState(states),
  };
}
