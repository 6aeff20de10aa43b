// One fleet scan at a time: a `readiness` asked while a scan runs joins it (and its progress)
// instead of starting another, so chat and the weekly digest never multiply ARM reads.
import type { FleetReadiness } from './fleet-readiness.ts';

/** Progress of a scan: clusters done of all listed. */
export interface ScanProgress {
  done: number;
  total: number;
}

/** The scanner the chat and the digest use. */
export interface ReadinessScanner {
  /** The fleet now; `onProgress` hears every cluster done (also of a scan already running). */
  scan(onProgress?: (p: ScanProgress) => void): Promise<FleetReadiness>;
}

interface RunningScan {
  promise: Promise<FleetReadiness>;
  listeners: Set<(p: ScanProgress) => void>;
  last?: ScanProgress;
}

/** A single-flight scanner over `run` (e.g. scanFleet with the live clients). */
export function singleFlightScanner(run: (onProgress: (p: ScanProgress) => void) => Promise<FleetReadiness>): ReadinessScanner {
  let running: RunningScan | undefined;
  const start = (): RunningScan => {
    const current: RunningScan = { listeners: new Set(), promise: Promise.resolve({ clusters: [], unread: [] }) };
    current.promise = run((p) => {
      current.last = p;
      for (const l of current.listeners) {
        try {
          l(p);
        } catch {
          // a listener's failure is its own
        }
      }
    }).finally(() => {
      if (running === current) running = undefined;
    });
    return current;
  };
  return {
    scan(onProgress) {
      const scan = running ?? (running = start());
      if (onProgress) {
        scan.listeners.add(onProgress);
        if (scan.last) onProgress(scan.last);
      }
      return scan.promise;
    },
  };
}
