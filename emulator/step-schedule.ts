// The timeline of running operations: their steps in due order, one timer armed for the next, and
// every step already due applied at once (so a restored world catches up with the wall clock).
import type { EmulatorClock } from './clock.ts';
import type { ScheduledStep, StepAction } from './world-types.ts';

/** The scheduled steps of a world and the timer that applies them. */
export class StepSchedule {
  private steps: ScheduledStep[] = [];
  private seq = 0;
  private timer: unknown;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  /** `apply` runs each due step; `changed` after a run that applied any. */
  constructor(private readonly clock: EmulatorClock, private readonly apply: (step: ScheduledStep) => void,
    private readonly changed: () => void) {}

  /** Takes over a saved schedule. */
  restore(steps: ScheduledStep[], seq: number): void {
    this.steps = structuredClone(steps).sort(byDue);
    this.seq = Math.max(seq, ...this.steps.map((s) => s.seq));
  }

  /** The schedule as a state file keeps it (live references: serialise it at once). */
  save(): { schedule: ScheduledStep[]; seq: number } {
    return { schedule: this.steps, seq: this.seq };
  }

  /** Steps still scheduled (due time, kind, cluster), in order. */
  pending(): readonly ScheduledStep[] {
    return this.steps;
  }

  /** Adds the steps of one cluster's operation (without arming the timer: `arm()` does). */
  add(steps: (StepAction & { at: number })[], cluster: string): void {
    for (const step of steps) this.steps.push({ ...step, seq: ++this.seq, cluster });
    this.steps.sort(byDue);
  }

  /** Cancels the timer; the steps stay. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  arm(): void {
    if (this.stopped) return;
    const next = this.steps[0];
    if (this.timer !== undefined && next && this.timerAt === next.at) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (!next) return;
    this.timerAt = next.at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.run();
    }, Math.max(0, next.at - this.clock.now()));
  }

  /** Applies every step already due and arms the timer for the next. */
  run(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    let changed = false;
    while (this.steps.length > 0 && this.steps[0].at <= now) {
      this.apply(this.steps.shift()!);
      changed = true;
    }
    if (changed) this.changed();
    this.arm();
  }
}

function byDue(a: ScheduledStep, b: ScheduledStep): number {
  return a.at - b.at || a.seq - b.seq;
}
