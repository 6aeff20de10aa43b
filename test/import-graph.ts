// The repository's module graph from each source file's own imports (TypeScript's preProcessFile:
// static and type-only imports, re-exports, side-effect imports and dynamic import()), and its cycles.
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

/** Absolute file path -> the absolute paths of the repository files it imports. */
export type ImportGraph = Map<string, string[]>;

/** The file a relative specifier names: as written, `.js` written for `.ts`, without extension, or a folder index. */
function resolveSpecifier(from: string, spec: string, known: (path: string) => boolean): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.(m?)js$/, '.$1ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find(known);
}

/** Builds the graph of `files` (path -> source text); only imports between those files are edges. */
export function importGraph(files: Map<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, text] of files) {
    const targets = ts.preProcessFile(text, true, true).importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolveSpecifier(file, spec, (p) => files.has(p)))
      .filter((p): p is string => p !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The cycle `files` (a -> b -> ... -> a) rotated to start at its smallest path, closed: same cycle, same text. */
function fromSmallest(files: string[]): string[] {
  const first = files.indexOf([...files].sort()[0]);
  const rotated = [...files.slice(first), ...files.slice(0, first)];
  return [...rotated, rotated[0]];
}

/** Every cycle found by a depth-first walk (one per back edge), each as a path that ends where it starts. */
export function findCycles(graph: ImportGraph): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'active');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const seen = state.get(next);
      if (seen === 'active') cycles.push(fromSmallest(stack.slice(stack.indexOf(next))));
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}
