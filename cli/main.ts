// `netpilot` command line: dispatches to one module per sub-command. Returns the exit status.
import { UserError } from '../services/cluster/errors.ts';

/** Usage text shown for `netpilot help` and on bad usage. */
export const USAGE = `usage:
  netpilot preflight --snapshot FILE --target overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]
  netpilot preflight CLUSTER [-g RG] [-s SUB] --target overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]
  netpilot snapshot CLUSTER [-g RG] [-s SUB]
  netpilot plan CLUSTER [-g RG] [-s SUB] --to overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]
  netpilot fleet [-s SUB] [--json|--csv] [--lang en|ja]
  netpilot emulator [--port N] [--fleet FILE] [--speed X]
  netpilot audit verify [--lang en|ja]`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  preflight: async () => (await import('./preflight.ts')).preflightCommand,
  snapshot: async () => (await import('./snapshot.ts')).snapshotCommand,
  emulator: async () => (await import('./emulator.ts')).emulatorCommand,
  plan: async () => (await import('./plan.ts')).planCommand,
  fleet: async () => (await import('./fleet.ts')).fleetCommand,
  audit: async () => (await import('./audit.ts')).auditCommand,
};

/** Runs one CLI invocation; never throws: user errors print one line and return 2. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`netpilot: unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`netpilot: ${err.message}${err.hint ? ` (${err.hint})` : ''}\n`);
      return 2;
    }
    process.stderr.write(`netpilot: unexpected error: ${(err as Error).message ?? String(err)}\n`);
    return 2;
  }
}
