// The kubeconfig as NetPilot uses it (no exec plugin, no insecure TLS), the Entra token source
// (refresh before expiry), and the failure reasons (which failure, what to do, real role names).
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { describe, expect, it } from 'vitest';
import { KUBE_CALL_TIMEOUT_MS } from '../../../services/kubernetes/client.ts';
import {
  CLUSTER_USER_ROLE, classifyKubeFailure, kubeFailureReason, RBAC_READER_ROLE, RUN_COMMAND_ACTION,
} from '../../../services/kubernetes/failures.ts';
import { credentialsReason } from '../../../services/kubernetes/aks-reader.ts';
import { KubeconfigError, parseClusterKubeconfig, serverIdFromArgs } from '../../../services/kubernetes/kubeconfig.ts';
import { KUBE_ATTEMPTS } from '../../../services/kubernetes/reader.ts';
import { entraTokenSource, KubeTokenError, serverIdScope } from '../../../services/kubernetes/token.ts';

const AKS_SERVER = '6dae42f8-4368-4678-94ff-3960e28e3630';

function kubeconfig(user: string, cluster = 'certificate-authority-data: Y2E=') {
  return `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: https://aks-x-dns.hcp.japaneast.azmk8s.io:443
    ${cluster}
users:
- name: u1
  user:
${user}
contexts:
- name: x
  context: { cluster: c1, user: u1 }
current-context: x
`;
}

const kubelogin = (args: string) => `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [${args}]`;

describe('parseClusterKubeconfig', () => {
  it('takes the server id from kubelogin --server-id (any cloud) and drops the exec plugin', () => {
    const cfg = parseClusterKubeconfig(kubeconfig(kubelogin(`get-token, --login, devicecode, --server-id, ${AKS_SERVER}, --environment, AzurePublicCloud`)));
    expect(cfg.auth).toEqual({ kind: 'entra', serverId: AKS_SERVER });
    expect(cfg.server).toBe('https://aks-x-dns.hcp.japaneast.azmk8s.io:443');
    expect(cfg.kubeConfig.getCurrentUser()).not.toHaveProperty('exec', expect.anything());
    expect(cfg.kubeConfig.getCurrentUser()?.exec).toBeUndefined();
    // A sovereign cloud's AKS server application, `--server-id=` form.
    const gov = parseClusterKubeconfig(kubeconfig(kubelogin('get-token, --server-id=11111111-2222-3333-4444-555555555555, --environment, AzureUSGovernmentCloud')));
    expect(gov.auth).toEqual({ kind: 'entra', serverId: '11111111-2222-3333-4444-555555555555' });
    // The legacy azure auth provider names its server id `apiserver-id`.
    const legacy = parseClusterKubeconfig(kubeconfig(`    auth-provider:
      name: azure
      config: { apiserver-id: ${AKS_SERVER}, client-id: x, tenant-id: y }`));
    expect(legacy.auth).toEqual({ kind: 'entra', serverId: AKS_SERVER });
  });

  it('keeps static credentials (token, client certificate) of a local-accounts cluster', () => {
    const cfg = parseClusterKubeconfig(kubeconfig('    token: abc\n    client-certificate-data: Y2VydA==\n    client-key-data: a2V5'));
    expect(cfg.auth).toEqual({ kind: 'kubeconfig' });
    expect(cfg.kubeConfig.getCurrentUser()).toMatchObject({ token: 'abc', certData: 'Y2VydA==', keyData: 'a2V5' });
  });

  it('refuses insecure-skip-tls-verify, an exec plugin without --server-id, another auth provider, and garbage', () => {
    const refuse = (yaml: string) => {
      const err = (() => { try { parseClusterKubeconfig(yaml); return undefined; } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(KubeconfigError);
      return err as KubeconfigError;
    };
    const insecure = refuse(kubeconfig('    token: abc', 'insecure-skip-tls-verify: true'));
    expect(insecure.message).toContain('sets insecure-skip-tls-verify: true');
    expect(insecure.code).toBe('KubeconfigRefused');
    expect(refuse(kubeconfig(kubelogin('get-token, --login, devicecode'))).message).toContain('runs the exec plugin "kubelogin" without --server-id');
    expect(refuse(kubeconfig('    auth-provider:\n      name: gcp\n      config: {}')).message).toContain('uses the auth provider "gcp"');
    expect(refuse('clusters: [: nope').message).toMatch(/not a valid kubeconfig/);
  });

  it('serverIdFromArgs: the value after --server-id, never a following flag', () => {
    expect(serverIdFromArgs(['get-token', '--server-id', 'abc'])).toBe('abc');
    expect(serverIdFromArgs(['--server-id', '--login'])).toBeUndefined();
    expect(serverIdFromArgs(['--server-id='])).toBeUndefined();
    expect(serverIdFromArgs([])).toBeUndefined();
  });
});

describe('entraTokenSource', () => {
  function fakeCredential(lifetimeMs: number, clock: { now: number }) {
    const calls: string[] = [];
    let n = 0;
    let fail = false;
    const credential: TokenCredential = {
      getToken: async (scopes): Promise<AccessToken | null> => {
        calls.push(String(scopes));
        if (fail) throw new Error('AADSTS700016: application not found');
        return { token: `t${++n}`, expiresOnTimestamp: clock.now + lifetimeMs };
      },
    };
    return { credential, calls, setFail: (f: boolean) => { fail = f; } };
  }

  it('asks for <server-id>/.default, caches until 5 minutes before expiry, then refreshes (a cached client never sends a dead token)', async () => {
    const clock = { now: 1_000_000 };
    const fake = fakeCredential(60 * 60_000, clock);
    const source = entraTokenSource(fake.credential, AKS_SERVER, { now: () => clock.now });
    expect(await Promise.all([source(), source(), source()])).toEqual(['t1', 't1', 't1']);
    expect(fake.calls).toEqual([serverIdScope(AKS_SERVER)]);
    expect(fake.calls[0]).toBe(`${AKS_SERVER}/.default`);
    clock.now += 54 * 60_000;
    expect(await source()).toBe('t1');
    clock.now += 2 * 60_000; // 56 minutes: inside the 5-minute margin
    expect(await source()).toBe('t2');
    expect(fake.calls).toHaveLength(2);
  });

  it('a failed refresh keeps a token that is still valid; without one it throws KubeTokenError', async () => {
    const clock = { now: 0 };
    const fake = fakeCredential(10 * 60_000, clock);
    const source = entraTokenSource(fake.credential, AKS_SERVER, { now: () => clock.now });
    expect(await source()).toBe('t1');
    fake.setFail(true);
    clock.now = 6 * 60_000; // refresh due, old token valid for 4 more minutes
    expect(await source()).toBe('t1');
    clock.now = 10 * 60_000;
    const err = await source().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeTokenError);
    expect((err as Error).message).toBe(`could not get an Entra ID token for server id ${AKS_SERVER}: AADSTS700016: application not found`);
  });
});

describe('failure reasons', () => {
  const net = (code: string) => Object.assign(new Error(`${code} x`), { code });
  const http = (code: number, message: string) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: JSON.stringify({ kind: 'Status', message }) });
  const priv = { privateCluster: true, privateClusterPublicFqdn: false, authorizedIpRanges: [], runCommandDisabled: false };
  const ipr = { privateCluster: false, privateClusterPublicFqdn: false, authorizedIpRanges: ['203.0.113.0/24'], runCommandDisabled: false };

  it('the defaults: 10 s per call, one retry', () => {
    expect(KUBE_CALL_TIMEOUT_MS).toBe(10_000);
    expect(KUBE_ATTEMPTS).toBe(2);
  });

  it('says which failure it was and what to do', () => {
    const server = 'https://aks-p.privatelink.japaneast.azmk8s.io:443';
    expect(classifyKubeFailure(net('ENOTFOUND'))).toBe('dns');
    expect(kubeFailureReason(net('ENOTFOUND'), 'Kubernetes nodes', { server, access: priv, runCommand: false }))
      .toBe('Kubernetes nodes: DNS: cannot resolve aks-p.privatelink.japaneast.azmk8s.io (ENOTFOUND). The API server is private (apiServerAccessProfile.enablePrivateCluster): run NetPilot in a network that reaches its private endpoint and resolves its private DNS zone (e.g. a VNet peered with the cluster\'s), or set NETPILOT_RUN_COMMAND=1 so NetPilot reads it through AKS runCommand (needs Microsoft.ContainerService/managedClusters/runCommand/action and Microsoft.ContainerService/managedClusters/commandResults/read).');
    expect(kubeFailureReason(net('ETIMEDOUT'), 'Kubernetes nodes', { access: ipr, runCommand: false }))
      .toMatch(/^Kubernetes nodes: timeout: the API server did not answer .*authorized IP ranges \(203\.0\.113\.0\/24\): add NetPilot's outbound IP to apiServerAccessProfile\.authorizedIPRanges, or set NETPILOT_RUN_COMMAND=1/);
    expect(kubeFailureReason(http(401, 'Unauthorized'), 'Kubernetes nodes', { auth: { kind: 'entra', serverId: AKS_SERVER } }))
      .toContain(`refused NetPilot's Entra ID token (401): Unauthorized. The token must be issued for server id ${AKS_SERVER}`);
    const forbidden = kubeFailureReason(http(403, 'nodes is forbidden'), 'Kubernetes nodes', { auth: { kind: 'entra', serverId: AKS_SERVER }, entra: { managed: true, azureRbac: true } });
    expect(forbidden).toContain(`forbidden (403): nodes is forbidden. Grant NetPilot's identity "${RBAC_READER_ROLE}"`);
    expect(forbidden).toContain('Microsoft.ContainerService/managedClusters/nodes/read');
    expect(kubeFailureReason(new KubeTokenError(AKS_SERVER, new Error('no identity')), 'Kubernetes', {}))
      .toMatch(/^Kubernetes: authentication failed: could not get an Entra ID token for server id .*AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET/);
    expect(kubeFailureReason(net('DEPTH_ZERO_SELF_SIGNED_CERT'), 'Kubernetes', {})).toMatch(/TLS verification of the API server failed/);
    expect(RUN_COMMAND_ACTION).toBe('Microsoft.ContainerService/managedClusters/runCommand/action');
  });

  it('listClusterUserCredential refused: names the Cluster User Role, never "Reader" as enough', () => {
    const reason = credentialsReason(Object.assign(new Error('does not have authorization to perform action listClusterUserCredential/action'), { statusCode: 403 }));
    expect(reason).toContain(`Grant NetPilot's identity the "${CLUSTER_USER_ROLE}" on the cluster (it allows listClusterUserCredential; Reader does not)`);
    expect(CLUSTER_USER_ROLE).toBe('Azure Kubernetes Service Cluster User Role');
  });
});
