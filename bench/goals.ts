// Headline figures of `npm run bench` as ratios to an anchor measured in the same run (issue #13):
// each with its goal and whether it holds. Shared by every ratio benchmark and by the report.

/** One headline ratio: `value` of NetPilot against `anchor`, judged against `limit`. */
export interface Goal {
  /** Short id, e.g. `P1 preflight L=100ms`. */
  id: string;
  /** What the value is (e.g. `wall ms`) and what the anchor is (e.g. `3 x L`). */
  value: number;
  anchor: number;
  ratio: number;
  /** `max`: ratio <= limit holds; `min`: ratio >= limit holds. */
  direction: 'max' | 'min';
  limit: number;
  holds: boolean;
  /** Human-readable: `wall 312 ms / 3L 300 ms`. */
  detail: string;
}

/** A goal from a value and its anchor; an anchor of 0 gives ratio 0 and holds only for `max`. */
export function goal(id: string, value: number, anchor: number, direction: 'max' | 'min', limit: number, detail: string): Goal {
  const ratio = anchor > 0 ? value / anchor : 0;
  const holds = anchor > 0 && Number.isFinite(ratio) ? (direction === 'max' ? ratio <= limit : ratio >= limit) : direction === 'max' && value <= 0;
  return { id, value, anchor, ratio, direction, limit, holds, detail };
}

/** An absolute goal (`value <= limit` or `>=`), written as a ratio to the limit (anchor = limit, goal 1). */
export function limitGoal(id: string, value: number, limit: number, direction: 'max' | 'min', detail: string): Goal {
  return goal(id, value, limit, direction, 1, detail);
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
}

/** The goals table: id, ratio, goal, holds, detail. */
export function formatGoals(goals: readonly Goal[]): string {
  if (goals.length === 0) return 'goals: none measured';
  const header = ['goal', 'ratio', 'target', 'holds', 'measured vs anchor'];
  const rows = goals.map((g) => [g.id, g.ratio.toFixed(2), `${g.direction === 'max' ? '<=' : '>='} ${g.limit}`, g.holds ? 'yes' : 'NO', g.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))].join('\n');
}
