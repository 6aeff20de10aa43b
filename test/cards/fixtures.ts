// Card test fixtures: hand-built PreflightReports shaped exactly like spec/interfaces.md §7 (the
// demo reports the renderer also uses) and generators of very large reports.
import { msg, type Message } from '../../services/preflight/messages.ts';
import type { Finding, PreflightReport, Severity } from '../../services/preflight/types.ts';
export * from '../../cards/render/demo-data.ts';
import { DEMO_SUBSCRIPTION, legacyOverlayReady } from '../../cards/render/demo-data.ts';

/** Names `pool000`.. for `n` pools. */
export function poolNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `pool${String(i).padStart(3, '0')}`);
}

/** Names of `n` NetworkPolicies with long namespaces, as a 500-policy cluster would list them. */
export function policyNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `team-${i % 37}-namespace-with-a-long-name/allow-egress-to-database-${i}`);
}

/**
 * A cilium report of a cluster with `pools` node pools and `policies` NetworkPolicies: every
 * finding lists them all in its detail, plus `extraFindings` more warnings, as an engine that does
 * not summarise would produce.
 */
export function bigReport(pools = 100, policies = 500, extraFindings = 60): PreflightReport {
  const poolList = poolNames(pools).map((p, i) => `${p}: ${3 + (i % 5)} nodes (max surge 33%)`);
  const policyList = policyNames(policies);
  const text = (...items: string[]): Message => msg('missing.list', { items: [items.join(' ')] });
  const make = (check: string, severity: Severity, title: Message, detail: Message, remediation: Message, unverified: boolean): Finding => ({
    check, severity, title, detail, remediation, unverified, messageId: detail.id, params: detail.params,
  });
  const findings: Finding[] = [
    make('cilium-windows-pools', 'blocker', msg('cilium-windows-pools.title'), msg('missing.list', { items: poolList }), msg('cilium-windows-pools.fix'), false),
    make('cilium-policy-compat', 'warning', msg('cilium-policy-compat.title'), msg('missing.list', { items: policyList }), text('Rewrite them. '.repeat(200)), false),
    make('cilium-enforcement-gap', 'warning', msg('cilium-enforcement-gap.title'),
      msg('cilium-enforcement-gap.fail', { count: policies, policies: policyList, more: 0 }), msg('cilium-enforcement-gap.fix'), false),
    make('pdb-blocks-drain', 'warning', msg('pdb-blocks-drain.title'), text('x'.repeat(20_000)), msg('pdb-blocks-drain.fix'), true),
  ];
  for (let i = 0; i < extraFindings; i++) {
    findings.push(make(
      `synthetic-check-${i}`,
      i % 3 === 0 ? 'blocker' : i % 3 === 1 ? 'warning' : 'info',
      text(`Synthetic finding ${i} `.repeat(20)),
      text(`Detail ${i}:`, poolList.join(', ')),
      text(`Remediation ${i} `.repeat(50)),
      i % 7 === 0,
    ));
  }
  return {
    target: 'cilium',
    cluster: { name: 'aks-huge', resourceGroup: 'rg-demo', subscriptionId: DEMO_SUBSCRIPTION, mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'calico', kubernetesVersion: '1.30.4' },
    podCidr: null,
    verdict: 'blocked',
    findings,
    passed: Array.from({ length: 300 }, (_, i) => `passed-check-${i}`),
    notApplicable: Array.from({ length: 300 }, (_, i) => `not-applicable-check-${i}`),
    plan: {
      azCommand: 'az aks update -g rg-demo -n aks-huge --network-dataplane cilium --network-policy cilium',
      networkProfile: { networkDataplane: 'cilium', networkPolicy: 'cilium' },
    },
  };
}

/** The overlay twin of bigReport (for a two-report card). */
export function bigOverlayReport(pools = 100, policies = 500): PreflightReport {
  return { ...bigReport(pools, policies), target: 'overlay', plan: legacyOverlayReady.plan };
}
