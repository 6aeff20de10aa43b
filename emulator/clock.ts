// The emulator's time source (injectable, so tests drive the world with a manual clock).

/** Time source and timers; the default is the real clock. Durations given to it are already scaled. */
export interface EmulatorClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const realClock: EmulatorClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
