// IPv4 CIDR helpers for the pod CIDR checks. All address math goes through ipaddr.js and
// cidr-tools; this file only names NetPilot's ranges and composes the library calls.
import ipaddr from 'ipaddr.js';
import { containsCidr, excludeCidr, overlapCidr, parseCidr } from 'cidr-tools';
import { msg, type Message } from './messages.ts';

/** Ranges banned for pod, service and VNet ranges on every AKS cluster (domain notes §3). */
export const RESERVED_RANGES: readonly string[] = ['169.254.0.0/16', '192.0.2.0/24', '172.30.0.0/16', '172.31.0.0/16'];

/** Supported pod CIDR space: RFC 1918 and RFC 6598 (100.64.0.0/10). */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** Where a suggested pod CIDR is searched, in order of preference (issue 3). */
export const SUGGESTION_SPACES: readonly string[] = ['100.64.0.0/10', '192.168.0.0/16', '172.16.0.0/12', '10.0.0.0/8'];

/** The longest pod CIDR prefix Overlay accepts: each node takes one /24. */
export const MAX_POD_CIDR_PREFIX = 24;

/** Result of validating a user-supplied pod CIDR. */
export type CidrValidation = { ok: true; cidr: string; prefix: number } | { ok: false; problem: Message };

/** Checks that `input` is a canonical IPv4 CIDR (four-part decimal, no host bits) of prefix <= /24. */
export function validatePodCidr(input: string): CidrValidation {
  const text = input.trim();
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, problem: msg('cidr.no-prefix', { input }) };
  const ip = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (ipaddr.IPv6.isValid(ip)) return { ok: false, problem: msg('cidr.ipv6', { input }) };
  if (!ipaddr.IPv4.isValidFourPartDecimal(ip) || ipaddr.IPv4.parse(ip).toString() !== ip) {
    return { ok: false, problem: msg('cidr.not-ipv4', { input }) };
  }
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32 || String(Number(prefixText)) !== prefixText) {
    return { ok: false, problem: msg('cidr.bad-prefix', { input, prefix: prefixText }) };
  }
  const prefix = Number(prefixText);
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`).toString();
  if (network !== ip) {
    return { ok: false, problem: msg('cidr.host-bits', { input, network: `${network}/${prefix}` }) };
  }
  if (prefix > MAX_POD_CIDR_PREFIX) {
    return { ok: false, problem: msg('cidr.too-small', { input, max: MAX_POD_CIDR_PREFIX }) };
  }
  return { ok: true, cidr: `${ip}/${prefix}`, prefix };
}

/** True when `cidr` parses as an IPv4 network or address (IPv6 and garbage give false). */
export function isIpv4Cidr(cidr: string): boolean {
  try {
    return parseCidr(cidr.trim()).version === 4;
  } catch {
    return false;
  }
}

/** True when the two IPv4 CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return overlapCidr(a, b);
}

/** True when `outer` contains all of `inner`. */
export function cidrContains(outer: string | readonly string[], inner: string): boolean {
  return containsCidr([...(Array.isArray(outer) ? outer : [outer])], inner);
}

/** Reserved ranges `cidr` touches. */
export function reservedOverlaps(cidr: string): string[] {
  return RESERVED_RANGES.filter((r) => overlapCidr(cidr, r));
}

/** True when `cidr` lies entirely inside RFC 1918 or 100.64.0.0/10. */
export function isPrivateRange(cidr: string): boolean {
  return PRIVATE_RANGES.some((r) => containsCidr(r, cidr));
}

/** Number of /24 node blocks a pod CIDR of this prefix holds. */
export function nodeBlocks(prefix: number): number {
  return 2 ** (MAX_POD_CIDR_PREFIX - prefix);
}

/** The longest prefix whose /24 blocks hold `nodes` nodes (never shorter than /8). */
export function prefixForNodes(nodes: number): number {
  let prefix = MAX_POD_CIDR_PREFIX;
  while (prefix > 8 && nodeBlocks(prefix) < nodes) prefix -= 1;
  return prefix;
}

/** The first /`prefix` network inside `spaces` (in order) that avoids `used` and the reserved ranges. */
export function firstFreeBlock(prefix: number, used: readonly string[], spaces: readonly string[] = SUGGESTION_SPACES): string | undefined {
  const avoid = [...RESERVED_RANGES, ...used.filter(isIpv4Cidr)];
  for (const space of spaces) {
    for (const free of excludeCidr(space, avoid)) {
      const parsed = parseCidr(free);
      if (parsed.version === 4 && Number(parsed.prefix) <= prefix) return `${parsed.ip}/${prefix}`;
    }
  }
  return undefined;
}

/** The network of `cidr`'s address widened to `prefix` (a supernet), e.g. 10.244.0.0/16 at 14 -> 10.244.0.0/14. */
export function supernet(cidr: string, prefix: number): string {
  const ip = cidr.slice(0, cidr.indexOf('/'));
  return `${ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`).toString()}/${prefix}`;
}
