// Benchmark 6: chat parser throughput over every definition example (EN + JA), and over 20 KB of
// garbage (the parser must cut long input, not crawl through it).
import { COMMANDS } from '../bot/commands/definitions.ts';
import { parseCommand } from '../bot/commands/parser.ts';
import { counts, measure, type BenchOptions, type BenchResult } from './measure.ts';

/** Names of these benchmarks in the table and the JSON line. */
export const PARSER_EXAMPLES = 'parseCommand: examples';
export const PARSER_GARBAGE = 'parseCommand: 20 KB garbage';

/** 20 KB of mixed noise: ASCII words, Japanese, CIDR-like and id-like fragments, markup. */
export function garbage(bytes = 20 * 1024): string {
  const pieces = ['check', 'zz', 'チェック', '10.0.0.0/8', '-g', '<at>x</at>', '/subscriptions/', 'オーバーレイ', '???', 'aks-', 'for', ' '];
  let out = '';
  for (let i = 0; Buffer.byteLength(out, 'utf8') < bytes; i += 1) out += pieces[(i * 7 + (i >> 3)) % pieces.length];
  return out;
}

/** Both parser benchmarks; a failure to parse an example to its intent is flagged. */
export async function benchParser(options: BenchOptions): Promise<BenchResult[]> {
  const examples = COMMANDS.flatMap((c) => [...c.examples.en, ...c.examples.ja].map((text) => ({ text, intent: c.intent })));
  let misparsed = 0;
  const exampleTiming = await measure(() => {
    misparsed = 0;
    for (const e of examples) if (parseCommand(e.text).intent !== e.intent) misparsed += 1;
  }, { ...counts(options, { warmup: 50, iterations: 500 }, { warmup: 2, iterations: 10 }), opsPerIteration: examples.length });

  const noise = garbage();
  const noiseBytes = Buffer.byteLength(noise, 'utf8');
  const garbageTiming = await measure(() => parseCommand(noise),
    counts(options, { warmup: 20, iterations: 500 }, { warmup: 2, iterations: 10 }));
  return [
    {
      name: PARSER_EXAMPLES, unit: 'parses', ...exampleTiming,
      figures: { examples: examples.length, misparsed },
      notes: [`${examples.length} examples/iter, ${misparsed} misparsed`],
      flags: misparsed > 0 ? [`${misparsed} definition examples parse to another intent`] : [],
    },
    {
      name: PARSER_GARBAGE, unit: 'parses', ...garbageTiming,
      figures: { inputKB: Number((noiseBytes / 1024).toFixed(1)) },
      notes: [`input ${(noiseBytes / 1024).toFixed(1)} KB`],
      flags: [],
    },
  ];
}
