// The health summary after a step, over node and pod lists as the readers return them.
import { describe, expect, it } from 'vitest';
import type { KubeNode } from '../../../services/cluster/types.ts';
import { toPodState, type PodState } from '../../../services/health/pods.ts';
import { summariseHealth } from '../../../services/health/summary.ts';

const CILIUM = { 'kubernetes.azure.com/ebpf-dataplane': 'cilium', 'kubernetes.io/os': 'linux' };
const node = (name: string, over: Partial<KubeNode> = {}): KubeNode => ({ name, labels: CILIUM, ready: true, unschedulable: false, ...over });
const sys = (app: string, n: string, ready = true): PodState => ({ namespace: 'kube-system', name: `${app}-${n}`, app, phase: 'Running', healthy: ready, ready, ...(ready ? {} : { reason: 'NotReady' }) });
const app = (name: string, healthy = true, reason?: string): PodState => ({ namespace: 'shop', name, phase: 'Running', healthy, ready: healthy, ...(reason ? { reason } : {}) });
const snap = (pods: PodState[]) => ({ at: '2026-12-05T10:00:00.000Z', pods });
const healthySystem = [sys('cilium', 'a'), sys('cilium', 'b'), sys('azure-cns', 'a'), sys('azure-cns', 'b')];

describe('summariseHealth', () => {
  it('is healthy when nodes are converted, the data plane runs everywhere and no pod newly fails', () => {
    const h = summariseHealth({ target: 'cilium', nodes: [node('n1'), node('n2')], before: snap([app('web')]), after: snap([...healthySystem, app('web')]) });
    expect(h.verdict).toBe('healthy');
    expect(h.nodes).toEqual({ total: 2, ok: 2, problems: [] });
    expect(h.systemPods).toEqual({ checks: [{ app: 'cilium', expected: 2, ready: 2 }, { app: 'azure-cns', expected: 2, ready: 2 }], leftover: [] });
    expect(h.pods).toEqual({ before: 0, after: 0, notRunning: [] });
  });

  it('names unlabelled, NotReady and cordoned nodes, missing cilium pods and leftover kube-proxy', () => {
    const h = summariseHealth({ target: 'cilium',
      nodes: [node('n1', { labels: { 'kubernetes.io/os': 'linux' } }), node('n2', { ready: false, unschedulable: true })],
      before: snap([]), after: snap([sys('cilium', 'b', false), sys('azure-cns', 'a'), sys('azure-cns', 'b'), sys('kube-proxy', 'a')]) });
    expect(h.verdict).toBe('attention');
    expect(h.nodes).toEqual({ total: 2, ok: 0, problems: [{ name: 'n1', issues: ['not-labelled'] }, { name: 'n2', issues: ['not-ready', 'unschedulable'] }] });
    expect(h.systemPods).toMatchObject({ checks: [{ app: 'cilium', ready: 0, expected: 2 }, { app: 'azure-cns', ready: 2 }], leftover: [{ app: 'kube-proxy', count: 1 }] });
  });

  it('tells pods failing since the step from pods that already failed before', () => {
    const h = summariseHealth({ target: 'cilium', nodes: [node('n1'), node('n2')],
      before: snap([app('old', false, 'ImagePullBackOff'), app('pay')]),
      after: snap([...healthySystem, app('old', false, 'ImagePullBackOff'), app('pay', false, 'CrashLoopBackOff')]) });
    expect(h.verdict).toBe('attention');
    expect(h.pods).toMatchObject({ before: 1, after: 2, notRunning: [{ name: 'old', new: false }, { name: 'pay', new: true, reason: 'CrashLoopBackOff' }] });
  });

  it('is never healthy when something could not be read (fail closed)', () => {
    expect(summariseHealth({ target: 'overlay', nodes: { error: 'timeout' }, before: snap([]), after: snap([]) }).verdict).toBe('incomplete');
    expect(summariseHealth({ target: 'overlay', nodes: [node('n1', { labels: { 'kubernetes.azure.com/azure-cni-overlay': 'true', 'kubernetes.azure.com/podnetwork-type': 'overlay' } })],
      after: snap([sys('azure-cns', 'a')]) })).toMatchObject({ verdict: 'incomplete', pods: { after: 0 } });
    expect(summariseHealth({ target: 'overlay', nodes: [], before: snap([]), after: { at: 'x', error: 'forbidden' } })).toMatchObject({
      verdict: 'attention', pods: { error: 'forbidden' } });
  });
});

describe('toPodState', () => {
  it.each([
    ['Running and ready', { status: { phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] } }, { healthy: true, ready: true }],
    ['CrashLoopBackOff', { status: { phase: 'Running', containerStatuses: [{ ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } }, { healthy: false, reason: 'CrashLoopBackOff' }],
    ['running but not ready', { status: { phase: 'Running', containerStatuses: [{ ready: false, state: { running: {} } }] } }, { healthy: false, reason: 'NotReady' }],
    ['Pending', { status: { phase: 'Pending' } }, { healthy: false, reason: 'Pending' }],
    ['a finished job', { status: { phase: 'Succeeded', containerStatuses: [{ ready: false, state: { terminated: { reason: 'Completed' } } }] } }, { healthy: true }],
  ])('%s', (_name, raw, want) => {
    expect(toPodState({ metadata: { name: 'p', namespace: 'ns', labels: { 'k8s-app': 'x' } }, ...raw })).toMatchObject({ name: 'p', namespace: 'ns', app: 'x', ...want });
  });
});
