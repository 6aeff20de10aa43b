// Pod CIDR resolution, the ranges it must avoid, and the suggested pod CIDR (spec/checks.md
// "Precise rules", issue 3). Pure over the snapshot.
import type { ClusterSnapshot, Target } from '../cluster/types.ts';
import {
  cidrContains, cidrsOverlap, firstFreeBlock, isIpv4Cidr, isPrivateRange, nodeBlocks, prefixForNodes,
  reservedOverlaps, supernet, validatePodCidr,
} from './cidr.ts';
import { maxClusterNodes, poolVnets, type Unverified } from './facts.ts';
import { msg, type Message } from './messages.ts';
import type { CheckContext, PodCidrUse } from './types.ts';

/** Resolves the pod CIDR to check: the given one, or for kubenet the kept `networkProfile.podCidr`. */
export function resolvePodCidr(snapshot: ClusterSnapshot, target: Target, given?: string): PodCidrUse {
  const mode = snapshot.derived.mode;
  if (target !== 'overlay' || (mode !== 'node-subnet' && mode !== 'kubenet')) return { kind: 'not-used' };
  const existing = mode === 'kubenet'
    ? (snapshot.cluster.networkProfile.podCidr ?? snapshot.cluster.networkProfile.podCidrs.find(isIpv4Cidr))
    : undefined;
  if (given === undefined || given.trim() === '') {
    if (mode === 'node-subnet') return { kind: 'missing' };
    if (!existing) return { kind: 'unknown-kept' };
    const kept = validatePodCidr(existing);
    return kept.ok
      ? { kind: 'valid', cidr: kept.cidr, prefix: kept.prefix, given: false }
      : { kind: 'invalid', cidr: existing, given: false, problem: msg('cidr.kept', { problem: kept.problem }) };
  }
  const v = validatePodCidr(given);
  if (!v.ok) return { kind: 'invalid', cidr: given, given: true, problem: v.problem };
  if (mode === 'kubenet') {
    if (!existing) {
      return { kind: 'invalid', cidr: v.cidr, given: true, problem: msg('cidr.kept-unreadable', { cidr: v.cidr }) };
    }
    if (!isIpv4Cidr(existing) || !cidrContains(v.cidr, existing)) {
      return { kind: 'invalid', cidr: v.cidr, given: true, problem: msg('cidr.not-containing', { cidr: v.cidr, existing }) };
    }
  }
  return { kind: 'valid', cidr: v.cidr, prefix: v.prefix, given: true };
}

/** The pod CIDR use of a check context (engine-computed, else resolved here). */
export function podCidrUseOf(snapshot: ClusterSnapshot, ctx: CheckContext): PodCidrUse {
  return ctx.podCidrUse ?? resolvePodCidr(snapshot, ctx.target, ctx.podCidrGiven ? ctx.podCidr : undefined);
}

/** A range the pod CIDR must not overlap, with a label naming where it comes from. */
export interface UsedRange {
  cidr: string;
  label: Message;
}

/** Every IPv4 range the pod CIDR must avoid: pool VNet spaces, peered remote spaces, service CIDRs. */
export function usedRanges(snapshot: ClusterSnapshot): { ranges: UsedRange[] } | { unverified: Unverified } {
  const vnets = poolVnets(snapshot);
  if ('unverified' in vnets) return vnets;
  const ranges: UsedRange[] = [];
  for (const { vnet, pools, managed } of vnets.vnets) {
    for (const prefix of vnet.addressPrefixes.filter(isIpv4Cidr)) {
      ranges.push({ cidr: prefix, label: msg('range.vnet', { prefix, vnet: vnet.name, pools: [...pools], managed: managed ? 'yes' : 'no' }) });
    }
    for (const peering of vnet.peerings) {
      const remote = peering.remoteVirtualNetworkId?.split('/').pop();
      for (const prefix of peering.remoteAddressPrefixes.filter(isIpv4Cidr)) {
        ranges.push({
          cidr: prefix,
          label: msg('range.peering', {
            prefix, peering: peering.name, vnet: vnet.name, remote: remote ?? 'none', state: peering.peeringState ?? 'none',
          }),
        });
      }
    }
  }
  const np = snapshot.cluster.networkProfile;
  const services = [...new Set([...(np.serviceCidrs ?? []), ...(np.serviceCidr ? [np.serviceCidr] : [])])];
  for (const svc of services.filter(isIpv4Cidr)) ranges.push({ cidr: svc, label: msg('range.service', { prefix: svc }) });
  return { ranges };
}

/** Ranges of `used` that `cidr` overlaps. */
export function overlapsOf(cidr: string, used: readonly UsedRange[]): UsedRange[] {
  return used.filter((r) => {
    try {
      return cidrsOverlap(cidr, r.cidr);
    } catch {
      return false; // unparseable entries in Azure data are not ranges the pod CIDR can collide with
    }
  });
}

/** True when `cidr` passes every pod CIDR check against `used` for `nodes` nodes. */
function passesAll(cidr: string, prefix: number, used: readonly UsedRange[], nodes: number): boolean {
  return reservedOverlaps(cidr).length === 0 && isPrivateRange(cidr)
    && overlapsOf(cidr, used).length === 0 && nodeBlocks(prefix) >= nodes;
}

/**
 * The smallest private pod CIDR passing every pod CIDR check with room for the cluster's maximum
 * node count; for kubenet the smallest supernet of the kept CIDR that does. Undefined when it
 * cannot be computed (network data missing, nothing fits, or not an Overlay path).
 */
export function suggestPodCidr(snapshot: ClusterSnapshot, target: Target): string | undefined {
  const mode = snapshot.derived.mode;
  if (target !== 'overlay' || (mode !== 'node-subnet' && mode !== 'kubenet')) return undefined;
  const used = usedRanges(snapshot);
  if ('unverified' in used) return undefined;
  const nodes = Math.max(1, maxClusterNodes(snapshot));
  if (mode === 'kubenet') {
    const kept = resolvePodCidr(snapshot, target);
    if (kept.kind !== 'valid') return undefined;
    for (let prefix = kept.prefix; prefix >= 8; prefix -= 1) {
      const candidate = supernet(kept.cidr, prefix);
      if (passesAll(candidate, prefix, used.ranges, nodes)) return candidate;
    }
    return undefined;
  }
  const prefix = prefixForNodes(nodes);
  if (nodeBlocks(prefix) < nodes) return undefined;
  return firstFreeBlock(prefix, used.ranges.map((r) => r.cidr));
}
