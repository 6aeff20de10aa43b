// Turns the committed templates (manifest/manifest.json, manifest/ja.json) into the files of the
// Teams app package: app and bot id from MicrosoftAppId, version from package.json, command lists
// (and their Japanese strings) from bot/commands/definitions.ts. Pure apart from reading templates.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCommandLists, commandListStrings, type CommandList } from './command-lists.ts';

/** Directory holding the manifest templates and icons. */
export const MANIFEST_DIR = dirname(fileURLToPath(import.meta.url));

/** Manifest schema version the template targets (newest shipped by @microsoft/app-manifest 1.1.2; tested). */
export const MANIFEST_VERSION = '1.30';

/** Placeholder in the template replaced by the bot's Microsoft App ID. */
export const APP_ID_PLACEHOLDER = '${{MicrosoftAppId}}';

/** Placeholder in the template replaced by package.json's version. */
export const VERSION_PLACEHOLDER = '${{APP_VERSION}}';

/** The parts of a Teams manifest NetPilot fills in; the rest passes through from the template. */
export interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  bots: [{ botId: string; scopes: string[]; commandLists: CommandList[]; [key: string]: unknown }];
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  icons: { color: string; outline: string };
  [key: string]: unknown;
}

/** A localisation file: manifest paths to translated strings. */
export type LocalizationFile = Record<string, string>;

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** The committed manifest template, as written (placeholders unfilled). */
export function readManifestTemplate(dir = MANIFEST_DIR): TeamsManifest {
  return readJson(join(dir, 'manifest.json')) as TeamsManifest; // shape checked by the schema test
}

/** The app version: package.json `version` (semver, as the manifest requires). */
export function appVersion(packageJson = join(MANIFEST_DIR, '..', 'package.json')): string {
  const { version } = readJson(packageJson) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${packageJson}: no "version"`);
  return version;
}

/** The manifest for bot `appId` (a GUID, already validated): ids, version and command lists filled. */
export function buildManifest(appId: string, options: { version?: string; dir?: string } = {}): TeamsManifest {
  const manifest = readManifestTemplate(options.dir);
  const [bot] = manifest.bots;
  return {
    ...manifest,
    version: options.version ?? appVersion(),
    id: appId,
    bots: [{ ...bot, botId: appId, commandLists: buildCommandLists('en') }],
  };
}

/** The Japanese localisation file: the committed ja.json plus the generated command strings. */
export function buildJapaneseLocalization(dir = MANIFEST_DIR): LocalizationFile {
  const template = readJson(join(dir, 'ja.json')) as LocalizationFile; // validated by the localisation schema test
  return { ...template, ...commandListStrings('ja') };
}
