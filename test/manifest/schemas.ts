// Loads and compiles the Teams JSON schemas shipped by @microsoft/app-manifest (draft-04).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

/** Folder of the Teams schemas inside @microsoft/app-manifest. */
export const TEAMS_SCHEMA_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')),
  'build', 'json-schemas', 'teams',
);

/** The newest released manifest version shipped (e.g. "1.30"; vDevPreview excluded). */
export function newestManifestVersion(): string {
  const versions = readdirSync(TEAMS_SCHEMA_DIR)
    .map((name) => /^v1\.(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
  if (versions.length === 0) throw new Error(`no v1.N schemas under ${TEAMS_SCHEMA_DIR}`);
  return `1.${Math.max(...versions)}`;
}

/** A schema file's JSON for manifest `version`. */
export function readSchema(version: string, file: 'MicrosoftTeams.schema.json' | 'MicrosoftTeams.Localization.schema.json'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(TEAMS_SCHEMA_DIR, `v${version}`, file), 'utf8')) as Record<string, unknown>;
}

/** A validator returning the list of errors ("/path message"); empty when valid. */
export type Validate = (data: unknown) => string[];

function compile(schema: Record<string, unknown>, unicodeRegExp: boolean): Validate {
  // the same options @microsoft/app-manifest uses for its own validation
  const ajv = new AjvDraft04.default({ allErrors: true, strictTypes: false, unicodeRegExp });
  ajvFormats.default(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}

const compiled = new Map<string, Validate>();

/** Validator for the app manifest schema of `version` (compiled once per test file). */
export function manifestValidator(version: string): Validate {
  const key = `manifest@${version}`;
  if (!compiled.has(key)) compiled.set(key, compile(readSchema(version, 'MicrosoftTeams.schema.json'), true));
  return compiled.get(key)!;
}

/** Validator for the localisation file schema of `version`. */
export function localizationValidator(version: string): Validate {
  // Its activities.* patterns have a bare "]" that is a syntax error in Unicode-mode regexps.
  return compile(readSchema(version, 'MicrosoftTeams.Localization.schema.json'), false);
}
