// `netpilot` command line: dispatches to one module per sub-command. Returns the exit status.
import { AzureFailure } from '../services/azure/failures.ts';
import { UserError } from '../services/cluster/errors.ts';
import { renderAzureFailure } from '../i18n/azure-failure.ts';
import type { Lang } from '../i18n/render.ts';
import { CliError, cliErrorText, langOfRun } from './cli-error.ts';

/** The command lines of `netpilot help` (commands and flags; the same in every language). */
const COMMAND_LINES = `  netpilot preflight --snapshot FILE --target overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]
  netpilot preflight CLUSTER [-g RG] [-s SUB] --target overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]
  netpilot snapshot CLUSTER [-g RG] [-s SUB]
  netpilot plan CLUSTER [-g RG] [-s SUB] --to overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]
  netpilot fleet [-s SUB] [--json|--csv] [--lang en|ja]
  netpilot emulator [--port N] [--fleet FILE] [--speed X]
  netpilot audit verify [--lang en|ja]`;

/** Usage text shown for `netpilot help` and on bad usage, headed in `lang`. */
export function usageText(lang: Lang = 'en'): string {
  return `${cliErrorText(lang)('usage.title')}\n${COMMAND_LINES}`;
}

/** The one stderr line of a user error in `lang`: catalogue errors and Azure failures are rendered, other user errors keep their text. */
function userErrorLine(err: UserError, lang: Lang): string {
  if (err instanceof CliError) return err.render(lang);
  if (err instanceof AzureFailure) {
    const f = renderAzureFailure(err.facts, lang);
    return `${f.message} (${f.hint})`;
  }
  return `${err.message}${err.hint ? ` (${err.hint})` : ''}`;
}

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
export async function main(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const [name, ...rest] = argv;
  const lang = langOfRun(argv, env);
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usageText(lang)}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`netpilot: ${cliErrorText(lang)('unknown-command', { name })}\n${usageText(lang)}\n`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`netpilot: ${userErrorLine(err, lang)}\n`);
      return 2;
    }
    process.stderr.write(`netpilot: ${cliErrorText(lang)('unexpected-error', { message: (err as Error).message ?? String(err) })}\n`);
    return 2;
  }
}
