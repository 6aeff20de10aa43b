// overlay-ip-masq-agent-config: a custom ip-masq-agent ConfigMap in kube-system blocks Overlay.
import { parse as parseYaml } from 'yaml';
import type { KubeConfigMap } from '../../cluster/types.ts';
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';
import { msg } from '../messages.ts';

/** AKS-owned ip-masq-agent ConfigMaps that are never flagged. */
const AKS_OWNED = ['azure-ip-masq-agent-config-reconciled', 'azure-dns-imds-ip-masq-agent-config'];

/** True for an ip-masq-agent ConfigMap: name contains `ip-masq` (any case) or label `component: ip-masq-agent`. */
export function isIpMasqConfigMap(cm: KubeConfigMap): boolean {
  return cm.name.toLowerCase().includes('ip-masq') || cm.labels.component === 'ip-masq-agent';
}

/** `nonMasqueradeCIDRs` found in any data value (YAML or JSON, keys matched case-insensitively). */
export function nonMasqueradeCidrs(cm: KubeConfigMap): string[] {
  const found: string[] = [];
  for (const value of Object.values(cm.data)) {
    let parsed: unknown;
    try {
      parsed = parseYaml(value);
    } catch {
      continue; // a value that is not YAML/JSON carries no list to report
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    for (const [key, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (key.toLowerCase() === 'nonmasqueradecidrs' && Array.isArray(v)) found.push(...v.map(String));
    }
  }
  return found;
}

/** Blocks Overlay while kube-system holds a non-AKS-owned ip-masq-agent ConfigMap. */
export const overlayIpMasqAgentConfig: CheckDefinition = {
  id: 'overlay-ip-masq-agent-config',
  severity: 'blocker',
  target: 'overlay',
  needs: ['K8S'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const cms = kubeList(snapshot, 'configMaps');
    if ('unverified' in cms) return cms.unverified;
    const custom = cms.list.filter((cm) => cm.namespace === 'kube-system' && isIpMasqConfigMap(cm) && !AKS_OWNED.includes(cm.name));
    if (custom.length === 0) return { status: 'pass' };
    const configMaps = custom.map((cm) => {
      const cidrs = nonMasqueradeCidrs(cm);
      return msg('overlay-ip-masq-agent-config.configmap', { name: `kube-system/${cm.name}`, cidrs, count: cidrs.length });
    });
    return {
      status: 'fail',
      detail: msg('overlay-ip-masq-agent-config.fail', { configMaps }),
      remediation: msg('overlay-ip-masq-agent-config.fail.fix', {
        commands: custom.map((cm) => `kubectl get configmap ${cm.name} -n kube-system -o yaml > ${cm.name}.yaml && kubectl delete configmap ${cm.name} -n kube-system`).join(' ; '),
      }),
    };
  },
};
