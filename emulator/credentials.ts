// How a cluster is reached and who may: Entra ID (aadProfile.managed), local accounts, private API
// server / authorized IP ranges, read from the cluster's real ARM properties; the kubeconfigs
// listClusterUserCredential / listClusterAdminCredential hand out, shaped as AKS shapes them.
import ipaddr from 'ipaddr.js';
import { stringify } from 'yaml';
import { AKS_CLIENT_ID, AKS_SERVER_ID, checkToken, type TokenCheck } from './auth.ts';
import type { Json } from './json.ts';
import type { ClusterState } from './world-types.ts';

/** Tenant the emulator pretends to be (subscriptions, identities, tokens). */
export const EMULATOR_TENANT = '3c0e4a1b-6d2f-4e8a-9b7c-5d1f2e3a4b6c';

function props(c: ClusterState): Json {
  return c.cluster.properties as Json;
}

/** True when the cluster uses AKS-managed Entra ID (`properties.aadProfile.managed`). */
export function entraEnabled(c: ClusterState): boolean {
  return (props(c).aadProfile as Json | undefined)?.managed === true;
}

/** True when `properties.disableLocalAccounts` is set: no static credentials. */
export function localAccountsDisabled(c: ClusterState): boolean {
  return props(c).disableLocalAccounts === true;
}

/** The Entra tenant of the cluster (aadProfile.tenantID, else the emulator's). */
export function tenantOf(c: ClusterState): string {
  const t = (props(c).aadProfile as Json | undefined)?.tenantID;
  return typeof t === 'string' && t ? t : EMULATOR_TENANT;
}

/** True when `range` (an address or a CIDR) contains `address`; false for anything unparsable. */
function rangeContains(range: string, address: string): boolean {
  try {
    const ip = ipaddr.parse(address);
    const [net, bits] = range.includes('/') ? ipaddr.parseCIDR(range) : [ipaddr.parse(range), ipaddr.parse(range).kind() === 'ipv4' ? 32 : 128];
    return net.kind() === ip.kind() && ip.match(net, bits);
  } catch {
    return false;
  }
}

/** Why the API server cannot be reached from 127.0.0.1: a private cluster, or authorized IP ranges without it. */
export function unreachableReason(c: ClusterState): 'private' | 'authorized-ip-ranges' | undefined {
  const access = (props(c).apiServerAccessProfile as Json | undefined) ?? {};
  if (access.enablePrivateCluster === true) return 'private';
  const ranges = Array.isArray(access.authorizedIPRanges) ? access.authorizedIPRanges.map(String) : [];
  if (ranges.length > 0 && !ranges.some((r) => rangeContains(r, '127.0.0.1'))) return 'authorized-ip-ranges';
  return undefined;
}

/** Checks a bearer token against the cluster's Kubernetes API: the static token while local accounts
 * are enabled, and for Entra ID clusters a JWT for the AKS server application. */
export function kubeTokenAccepted(c: ClusterState, token: string | undefined, nowMs: number): boolean {
  if (!token) return false;
  if (!entraEnabled(c)) return token === c.token;
  if (token === c.token && !localAccountsDisabled(c)) return true;
  return checkToken(token, [AKS_SERVER_ID], nowMs).ok;
}

/** Checks a runCommand `clusterToken` of an Entra ID cluster. */
export function clusterTokenCheck(token: string, nowMs: number): TokenCheck {
  return checkToken(token, [AKS_SERVER_ID], nowMs);
}

/** Where the kubeconfig points. */
export interface KubeconfigEndpoints {
  /** The emulator's HTTPS base URL. */
  baseUrl: string;
  /** The black-hole listener for private / IP-restricted clusters. */
  unreachableUrl: string;
  caPem: string;
}

/** Server URL of a cluster's Kubernetes API as the kubeconfig names it. */
export function kubeServer(c: ClusterState, at: KubeconfigEndpoints): string {
  const base = unreachableReason(c) ? at.unreachableUrl : at.baseUrl;
  return `${base}/k8s/${c.subscriptionId}/${c.resourceGroup}/${c.name}`;
}

/** The kubeconfig YAML of `listCluster{User,Admin}Credential`: exec/kubelogin for Entra ID users, the
 * static token otherwise. */
export function kubeconfigYaml(c: ClusterState, at: KubeconfigEndpoints, admin: boolean): string {
  const user = `cluster${admin ? 'Admin' : 'User'}_${c.resourceGroup}_${c.name}`;
  const context = c.name;
  const entra = entraEnabled(c) && !admin;
  return stringify({
    apiVersion: 'v1',
    clusters: [{
      cluster: { 'certificate-authority-data': Buffer.from(at.caPem).toString('base64'), server: kubeServer(c, at) },
      name: c.name,
    }],
    contexts: [{ context: { cluster: c.name, user }, name: context }],
    'current-context': context,
    kind: 'Config',
    preferences: {},
    users: [{ name: user, user: entra ? { exec: kubeloginExec(c) } : { token: c.token } }],
  });
}

function kubeloginExec(c: ClusterState): Json {
  return {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    args: ['get-token', '--login', 'devicecode', '--server-id', AKS_SERVER_ID, '--client-id', AKS_CLIENT_ID,
      '--tenant-id', tenantOf(c), '--environment', 'AzurePublicCloud'],
    command: 'kubelogin',
    env: null,
    installHint: '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
    interactiveMode: 'IfAvailable',
    provideClusterInfo: false,
  };
}
