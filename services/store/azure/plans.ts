// Migration plans on Azure Tables: partition `plan`, versioned documents (versioned.ts).
import type { PlanRecord, PlanStore } from '../types.ts';
import type { SubStoreContext } from './table.ts';
import { versionedDocs } from './versioned.ts';

export function azurePlanStore(ctx: SubStoreContext): PlanStore {
  const docs = versionedDocs<PlanRecord>(ctx, 'plan', 'plan');
  return {
    insert: (plan) => docs.insert(plan),
    get: (id) => docs.get(id),
    update: (id, expectedVersion, patch) => docs.update(id, expectedVersion, patch),
    listByCluster: (clusterId) => docs.listByCluster(clusterId),
    listOpen: () => docs.listByState(['open']),
  };
}
