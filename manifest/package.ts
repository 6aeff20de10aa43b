// `npm run package`: builds manifest/build/netpilot.zip, the Teams app package an administrator
// uploads (manifest.json, color.png, outline.png, ja.json at the zip root). The bot id comes from
// MicrosoftAppId (environment, or .env in the working directory); exit 2 with one line when it is
// missing or not a GUID.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AdmZip from 'adm-zip';
import { UserError } from '../services/cluster/errors.ts';
import { ConfigError, loadConfig, loadDotEnv } from '../services/config.ts';
import { MANIFEST_DIR, buildJapaneseLocalization, buildManifest } from './build-manifest.ts';

/** Default output: manifest/build/netpilot.zip. */
export const DEFAULT_PACKAGE_FILE = join(MANIFEST_DIR, 'build', 'netpilot.zip');

/** Files at the root of the package, in the order they are written. */
export const PACKAGE_ENTRIES = ['manifest.json', 'color.png', 'outline.png', 'ja.json'] as const;

/** What `packageApp` wrote. */
export interface PackageResult {
  file: string;
  appId: string;
  entries: string[];
}

const HINT = "set it to the bot's Microsoft App ID (the Azure Bot resource's app/client id), e.g. MicrosoftAppId=00000000-0000-0000-0000-000000000000 npm run package";

// Only MicrosoftAppId matters for packaging: other settings (e.g. the password, which a build
// machine should not hold) are not required here, so the loader's other complaints are ignored.
/** The bot's Microsoft App ID from `env`, a GUID validated by loadConfig; throws a UserError otherwise. */
export function readMicrosoftAppId(env: Record<string, string | undefined>): string {
  try {
    const { appId } = loadConfig(env).bot;
    if (!appId) throw new UserError('MissingAppId', 'MicrosoftAppId is missing', HINT);
    return appId;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const own = err.problems.find((p) => p.startsWith('MicrosoftAppId:') && !p.includes('required when'));
    if (own) throw new UserError('InvalidAppId', `${own} (got ${JSON.stringify(env.MicrosoftAppId?.trim())})`, HINT);
    const appId = env.MicrosoftAppId?.trim();
    // the loader accepted MicrosoftAppId (its other complaints do not concern packaging)
    if (!appId) throw new UserError('MissingAppId', 'MicrosoftAppId is missing', HINT);
    return appId;
  }
}

/** Builds the Teams app package for `appId` into `file`; replaces an existing file. */
export function packageApp(appId: string, file = DEFAULT_PACKAGE_FILE): PackageResult {
  const manifest = JSON.stringify(buildManifest(appId), null, 2);
  const ja = JSON.stringify(buildJapaneseLocalization(), null, 2);
  const unfilled = /\$\{\{[^}]*\}\}/.exec(manifest);
  if (unfilled) throw new Error(`manifest.json: placeholder ${unfilled[0]} left unfilled`);
  const contents: Record<(typeof PACKAGE_ENTRIES)[number], Buffer> = {
    'manifest.json': Buffer.from(`${manifest}\n`),
    'color.png': readFileSync(join(MANIFEST_DIR, 'color.png')),
    'outline.png': readFileSync(join(MANIFEST_DIR, 'outline.png')),
    'ja.json': Buffer.from(`${ja}\n`),
  };
  const zip = new AdmZip();
  for (const name of PACKAGE_ENTRIES) zip.addFile(name, contents[name]);
  mkdirSync(dirname(file), { recursive: true });
  zip.writeZip(file);
  return { file, appId, entries: [...PACKAGE_ENTRIES] };
}

/** CLI entry: returns the exit status (0 written, 2 bad MicrosoftAppId), one line on stderr on failure. */
export function main(env: Record<string, string | undefined> = loadDotEnv(resolve('.env'))): number {
  try {
    const result = packageApp(readMicrosoftAppId(env));
    process.stdout.write(`wrote ${result.file} (${result.entries.join(', ')}) for bot ${result.appId}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`package: ${err.message}: ${err.hint ?? ''}\n`);
      return 2;
    }
    process.stderr.write(`package: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
