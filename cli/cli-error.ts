// CLI errors as catalogue ids: the message and hint are rendered in the run's language (`--lang`,
// else LC_ALL / LC_MESSAGES / LANG) by main.ts; `message` stays the English text for logs and tests.
import { cliErrorsEn, type CliErrorId } from '../i18n/cli-errors-en.ts';
import { cliErrorsJa } from '../i18n/cli-errors-ja.ts';
import { isLang, langFromEnv, parenthetical } from '../i18n/cli-text.ts';
import { translator, type IcuParams, type Lang, type Translate } from '../i18n/render.ts';
import { UserError } from '../services/cluster/errors.ts';

/** The CLI error catalogues by language (same ids by type, same arguments by test). */
export const CLI_ERROR_CATALOGUES = { en: cliErrorsEn, ja: cliErrorsJa } as const;

/** The CLI error texts in `lang`. */
export function cliErrorText(lang: Lang): Translate<CliErrorId> {
  return translator(CLI_ERROR_CATALOGUES, lang);
}

/** One catalogue text: id and ICU parameters. */
export interface CliErrorText {
  id: CliErrorId;
  params?: IcuParams;
}

/** A user error of the CLI whose message (prefixed by `command: ` when given) and hint are catalogue texts. */
export class CliError extends UserError {
  readonly text: CliErrorText;
  readonly hintText?: CliErrorText;
  readonly command?: string;
  constructor(code: string, text: CliErrorText, hint?: CliErrorText, command?: string) {
    const en = cliErrorText('en');
    super(code, `${command ? `${command}: ` : ''}${en(text.id, text.params)}`, hint ? en(hint.id, hint.params) : undefined);
    this.name = 'CliError';
    this.text = text;
    this.hintText = hint;
    this.command = command;
  }

  /** `message (hint)` in `lang`. */
  render(lang: Lang): string {
    const t = cliErrorText(lang);
    const hint = this.hintText ? t(this.hintText.id, this.hintText.params) : undefined;
    return `${this.command ? `${this.command}: ` : ''}${t(this.text.id, this.text.params)}${hint ? parenthetical(lang, hint) : ''}`;
  }
}

/** A usage error of `command` (exit 2): the problem, then the command's usage line as the hint. */
export function usageError(command: string | undefined, id: CliErrorId, params: IcuParams | undefined, usage: string): CliError {
  return new CliError('BadUsage', { id, ...(params ? { params } : {}) }, { id: 'usage', params: { usage } }, command);
}

const PARSE_ARGS_CODES: Partial<Record<string, CliErrorId>> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: 'unknown-option',
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: 'option-value',
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: 'unexpected-positional',
};

/** node:util parseArgs' error as a usage error: its code picks the id, the quoted option or argument is the parameter. */
export function parseArgsError(err: unknown, command: string | undefined, usage: string): CliError {
  const e = err as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? '';
  let id: CliErrorId = PARSE_ARGS_CODES[e.code ?? ''] ?? 'bad-arguments';
  if (id === 'option-value' && /does not take an argument/.test(e.message ?? '')) id = 'option-no-value';
  const option = quoted.split(/[\s<]/)[0];
  return usageError(command, id, { option, value: quoted }, usage);
}

/** The language of a CLI run from its arguments (`--lang X`, `--lang=X`) or, failing that, the environment. */
export function langOfRun(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Lang {
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    const value = a === '--lang' ? args[i + 1] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (isLang(value)) return value;
  }
  return langFromEnv(env);
}
