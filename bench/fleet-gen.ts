// A generated emulator fleet for the fleet benchmarks (and their tests): `clusters` copies of a demo
// cluster (aks-calico: BYO VNet, Kubernetes lists) spread evenly over `subscriptions` subscriptions,
// each with its own name, resource group, VNet and subscription id. Plain JSON, as a fleet file holds.
import { readFileSync } from 'node:fs';
import { DEMO_FLEET_PATH } from '../emulator/index.ts';

type Json = Record<string, unknown>;

/** Subscription id number `i` (stable, valid GUID form). */
export function generatedSubscription(i: number): string {
  return `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

/** Name of generated cluster `i`. */
export function generatedClusterName(i: number): string {
  return `aks-gen-${String(i).padStart(4, '0')}`;
}

/** A fleet of `clusters` clusters over `subscriptions` subscriptions, from demo cluster `template`. */
export function generateFleet(clusters: number, subscriptions: number, template = 'aks-calico'): { clusters: Json[]; emulator?: Json } {
  const demo = JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8')) as { clusters: { cluster: Json }[] };
  const base = demo.clusters.find((c) => c.cluster.name === template);
  if (!base) throw new Error(`demo fleet has no ${template}`);
  const baseSub = String(base.cluster.id).split('/')[2];
  const text = JSON.stringify(base);
  const out: Json[] = [];
  for (let i = 0; i < clusters; i += 1) {
    const sub = generatedSubscription(i % subscriptions);
    const name = generatedClusterName(i);
    const rg = `rg-gen-${String(Math.floor(i / 25)).padStart(3, '0')}`;
    out.push(JSON.parse(text
      .replaceAll(baseSub, sub)
      .replaceAll('/resourceGroups/rg-demo/', `/resourceGroups/${rg}/`)
      .replaceAll(`vnet-${template.replace(/^aks-/, '')}`, `vnet-${name}`)
      .replaceAll(template, name)) as Json);
  }
  return { clusters: out };
}
