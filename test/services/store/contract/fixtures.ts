// Sample records shared by the contract suite.
import type { ApprovalRequest } from '../../../../services/approval/types.ts';
import type { OperationRecord, PlanRecord, ScheduledStart } from '../../../../services/store/index.ts';

export const CLUSTER = '/subscriptions/s1/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy';

export function request(id: string, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id, version: 1, state: 'pending',
    cluster: { id: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-legacy' },
    target: 'overlay', podCidr: '192.168.0.0/16',
    plan: { azCommand: 'az aks update', networkProfile: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } },
    requester: { id: 'u-req', name: 'Requester' },
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T04:00:00.000Z',
    report: { verdict: 'ready', hash: 'h1', blockers: [], warnings: ['simultaneous-reimage'] },
    eTag: 'e1', dryRun: false, ...over,
  };
}

export function operation(id: string, requestId: string, over: Partial<OperationRecord> = {}): OperationRecord {
  return {
    id, requestId, clusterId: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', clusterName: 'aks-legacy',
    target: 'overlay', asyncOperationUrl: 'https://arm/op', startedAt: '2026-01-01T00:00:00.000Z',
    before: { networkPlugin: 'azure' }, change: { networkPluginMode: 'overlay' }, status: 'running', dryRun: false,
    updatedAt: '2026-01-01T00:00:00.000Z', ...over,
  };
}

export function plan(id: string, over: Partial<PlanRecord> = {}): PlanRecord {
  return {
    id, version: 1, cluster: { id: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-legacy' },
    goal: 'cilium', requester: { id: '29:u', name: 'U', aadObjectId: 'a1' },
    steps: [{ target: 'overlay' }, { target: 'cilium' }], state: 'open', thread: { conversationId: 'c1', locale: 'ja' },
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...over,
  };
}

export function schedule(requestId: string, over: Partial<ScheduledStart> = {}): ScheduledStart {
  return {
    requestId, clusterId: CLUSTER, kind: 'time', dueAt: '2026-01-02T01:00:00.000Z', timeZone: 'Asia/Tokyo',
    by: { id: 'u-appr', name: 'Approver' }, state: 'waiting', createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z', ...over,
  };
}
