// P3: list and preflight every cluster of a generated fleet (1,000 clusters in 10 subscriptions; 100 with
// --quick) with the live fleet scan, under the emulator's real throttling (DEFAULT_LIMITS), the emulator
// in a child process (emulator-process.ts). Anchors:
// the time the subscription read budget allows for the calls made (calls / (25 reads/s x subscriptions)),
// and the calls needed (subscriptions + clusters x 4 + unique VNets). Also #14's fleet scan row.
import { performance } from 'node:perf_hooks';
import { DEFAULT_LIMITS } from '../emulator/index.ts';
import { scanFleet } from '../services/planning/fleet-scan.ts';
import { startAzureRig } from './azure-rig.ts';
import { generateFleet } from './fleet-gen.ts';
import { goal, type Goal } from './goals.ts';
import { summarise, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const FLEET_READS = 'P3 fleet scan vs ARM read budget';

/** Fleet sizes: full run and --quick. */
export const FLEET_SIZE = { full: { clusters: 1000, subscriptions: 10 }, quick: { clusters: 100, subscriptions: 10 } } as const;

/** One scan; goals wall <= 1.1 x calls / allowed rate, calls <= subs + clusters x 4 + unique VNets. */
export async function benchFleetReads(options: BenchOptions): Promise<BenchResult> {
  const size = options.quick ? FLEET_SIZE.quick : FLEET_SIZE.full;
  const fleet = generateFleet(size.clusters, size.subscriptions);
  const rig = await startAzureRig({ fleet, speed: 20 });
  try {
    const mark = await rig.mark();
    const emulatorCpu0 = (await rig.emulator.usage()).cpuMs;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const subscriptions = (await rig.clients.listSubscriptions()).map((s) => s.subscriptionId);
    const scan = await scanFleet({ clients: rig.clients, directory: rig.directory, subscriptions });
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    // CPU of this process, NetPilot's alone (the emulator runs in a child process): close to the wall
    // time, the scan is CPU-bound; far below it on a quiet machine, it waits (throttling, round trips).
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const emulatorCpuMs = (await rig.emulator.usage()).cpuMs - emulatorCpu0;
    const served = await rig.since(mark);
    if (scan.clusters.length !== size.clusters) throw new Error(`scanned ${scan.clusters.length} of ${size.clusters} clusters (${scan.unread.length} unread)`);
    const vnets = new Set(fleet.clusters.flatMap((c) => ((c.virtualNetworks ?? []) as { id: string }[]).map((v) => v.id.toLowerCase()))).size;
    const neededCalls = subscriptions.length + size.clusters * 4 + vnets;
    const readRate = DEFAULT_LIMITS.subscriptionReads.refillPerSecond * subscriptions.length;
    const allowedMs = (served.arm / readRate) * 1000;
    const goals: Goal[] = [
      goal('P3 fleet wall / (ARM calls / allowed rate)', wallMs, allowedMs, 'max', 1.1,
        `${(wallMs / 1000).toFixed(1)} s vs ${served.arm} calls / ${readRate} per s = ${(allowedMs / 1000).toFixed(1)} s`),
      goal('P3 fleet ARM calls / needed', served.arm, neededCalls, 'max', 1,
        `${served.arm} ARM calls vs ${subscriptions.length} + ${size.clusters} x 4 + ${vnets} VNets = ${neededCalls}`),
    ];
    return {
      name: FLEET_READS, unit: 'clusters', ...summarise([wallMs], size.clusters),
      figures: { clusters: size.clusters, subscriptions: subscriptions.length, armCalls: served.arm, kubeCalls: served.kube, throttled: served.throttled, neededCalls, wallMs: Math.round(wallMs), allowedMs: Math.round(allowedMs), cpuMs: Math.round(cpuMs), cpuMsPerCluster: Number((cpuMs / size.clusters).toFixed(1)), emulatorCpuMs: Math.round(emulatorCpuMs) },
      notes: [`${size.clusters} clusters / ${subscriptions.length} subs: ${served.arm} ARM + ${served.kube} K8s calls, ${served.throttled} throttled, ${(wallMs / 1000).toFixed(1)} s`,
        `NetPilot CPU ${(cpuMs / 1000).toFixed(1)} s (${(cpuMs / size.clusters).toFixed(1)} ms per cluster, ${Math.round((cpuMs / wallMs) * 100)}% of the wall time); emulator process CPU ${(emulatorCpuMs / 1000).toFixed(1)} s (info)`],
      flags: [], goals,
    };
  } finally {
    await rig.stop();
  }
}
