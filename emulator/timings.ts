// How long emulated work takes at speed 1 (every duration is divided by the emulator's speed).

/** Durations of emulated work at speed 1, in milliseconds (tuned to the recorded migrations). */
export const TIMINGS = {
  overlay: { setup: 60_000, drain: 45_000, reimage: 120_000, rejoin: 15_000, finish: 30_000 },
  cilium: { setup: 180_000, drain: 100_000, reimage: 260_000, rejoin: 40_000, finish: 60_000 },
  quick: 30_000,
  policy: 120_000,
  create: 240_000,
  /** A runCommand: the command pod is scheduled, runs and reports. */
  runCommand: 8_000,
  defaultDrainTimeoutMinutes: 30,
} as const;
