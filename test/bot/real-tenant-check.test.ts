// `check` in chat for the Entra ID and private demo clusters (spec §8), over HTTP with the harness:
// the bot reads their Kubernetes lists (an Entra ID token for the server id; AKS runCommand for the
// private API server) and answers with the same verdicts as for public clusters, inside the turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.stop(); });

const runCommandReads = (name: string) => h.logs.filter((l) => l.includes('Kubernetes read through runCommand') && l.includes(`"cluster":"${name}"`));

describe('check of real-tenant clusters in chat', () => {
  for (const [name, via] of [['aks-private', 'run-command'], ['aks-entra', 'api-server']] as const) {
    it(`check ${name}: overlay blocked only for the missing pod CIDR (Kubernetes checks passed), cilium ready; with a pod CIDR overlay is ready`, async () => {
      const before = runCommandReads(name).length;
      const started = performance.now();
      const { replies } = await h.say(`check ${name}`);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(replies).toHaveLength(1);
      const text = cardText(cardOf(replies[0]));
      expect(text).toContain(`Preflight: ${name}`);
      expect(text).toContain('BLOCKED for Azure CNI Overlay');
      expect(text).toContain('Blockers (1)');
      expect(text).toContain('overlay-pod-cidr-missing');
      expect(text).toContain('READY for Azure CNI powered by Cilium');
      // Checks that need the Kubernetes lists passed: the lists were read, not missing (fail closed).
      expect(text).toMatch(/cluster-provisioning-state, pdb-blocks-drain, overlay-source-mode, .*overlay-ip-masq-agent-config/);
      expect(runCommandReads(name).length - before).toBe(via === 'run-command' ? 1 : 0);

      const withCidr = await h.say(`is rg-demo/${name} ready for overlay with pod cidr 192.168.0.0/16`);
      expect(withCidr.replies).toHaveLength(1);
      const ready = cardText(cardOf(withCidr.replies[0]));
      expect(ready).toContain('READY for Azure CNI Overlay');
      expect(ready).toContain('192.168.0.0/16');
      expect(ready).not.toContain('Blockers');
    }, 40_000);
  }
});
