import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bot/commands/definitions.ts';
import { MANIFEST_DIR, MANIFEST_VERSION } from '../../manifest/build-manifest.ts';
import { DEFAULT_PACKAGE_FILE, PACKAGE_ENTRIES, main, packageApp, readMicrosoftAppId } from '../../manifest/package.ts';
import { UserError } from '../../services/cluster/errors.ts';
import { localizationValidator, manifestValidator } from './schemas.ts';

const run = promisify(execFile);
const ROOT = join(MANIFEST_DIR, '..');
const APP_ID = '0d5f8a3e-61b2-4c9d-8e7f-3a2b1c0d9e84';
const work = mkdtempSync(join(tmpdir(), 'netpilot-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function unzip(file: string) {
  const zip = new AdmZip(file);
  const entries = zip.getEntries();
  const text = (name: string) => JSON.parse(zip.readAsText(name)) as Record<string, unknown>;
  return { names: entries.map((e) => e.entryName).sort(), entries, zip, text };
}

function expectValidPackage(file: string, appId: string) {
  const { names, zip, text } = unzip(file);
  expect(names).toEqual([...PACKAGE_ENTRIES].sort()); // flat: no folders
  const manifest = text('manifest.json');
  expect(manifestValidator(MANIFEST_VERSION)(manifest)).toEqual([]);
  expect(manifest.id).toBe(appId);
  expect((manifest.bots as { botId: string }[])[0].botId).toBe(appId);
  expect(localizationValidator(MANIFEST_VERSION)(text('ja.json'))).toEqual([]);
  for (const icon of ['color.png', 'outline.png']) {
    expect(zip.readFile(icon)?.equals(readFileSync(join(MANIFEST_DIR, icon)))).toBe(true);
  }
  const lists = (manifest.bots as { commandLists: { commands: { title: string }[] }[] }[])[0].commandLists;
  expect(lists.flatMap((l) => l.commands.map((c) => c.title))).toEqual(expect.arrayContaining(COMMANDS.map((c) => c.title.en)));
  return manifest;
}

describe('readMicrosoftAppId', () => {
  it('returns a GUID app id', () => {
    expect(readMicrosoftAppId({ MicrosoftAppId: APP_ID })).toBe(APP_ID);
    expect(readMicrosoftAppId({ MicrosoftAppId: ` ${APP_ID.toUpperCase()} ` })).toBe(APP_ID.toUpperCase());
  });

  it('does not need the bot password or other runtime settings', () => {
    expect(readMicrosoftAppId({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', APPROVERS: 'nope' })).toBe(APP_ID);
  });

  it('fails clearly when missing', () => {
    for (const env of [{}, { MicrosoftAppId: '' }, { MicrosoftAppId: '   ' }]) {
      expect(() => readMicrosoftAppId(env)).toThrow(UserError);
      expect(() => readMicrosoftAppId(env)).toThrow(/MicrosoftAppId is missing/);
    }
  });

  it('fails clearly when not a GUID', () => {
    for (const bad of ['nope', `${APP_ID}x`, '{0d5f8a3e-61b2-4c9d-8e7f-3a2b1c0d9e84}', '0d5f8a3e61b24c9d8e7f3a2b1c0d9e84']) {
      expect(() => readMicrosoftAppId({ MicrosoftAppId: bad })).toThrow(/MicrosoftAppId: expected a GUID/);
    }
  });
});

describe('packageApp (in-process)', () => {
  it('writes a zip with the manifest, icons and ja.json that passes the schemas', () => {
    const file = join(work, 'sub', 'netpilot.zip');
    const result = packageApp(APP_ID, file);
    expect(result).toEqual({ file, appId: APP_ID, entries: [...PACKAGE_ENTRIES] });
    expectValidPackage(file, APP_ID);
  });

  it('replaces an existing package', () => {
    const file = join(work, 'again.zip');
    packageApp(APP_ID, file);
    const other = 'f0e1d2c3-b4a5-4968-8776-655443322110';
    packageApp(other, file);
    expectValidPackage(file, other);
  });

  it('main returns 2 with one line on stderr for a bad id, and writes nothing', () => {
    const chunks: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => { chunks.push(String(chunk)); return true; }) as typeof process.stderr.write;
    let code: number;
    try {
      code = main({ MicrosoftAppId: 'not-a-guid' });
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(2);
    const text = chunks.join('');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/MicrosoftAppId: expected a GUID \(got "not-a-guid"\)/);
  });
});

describe('npm run package (spawned)', () => {
  const npm = (env: Record<string, string>) =>
    run('npm', ['run', '--silent', 'package'], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 })
      .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
      .catch((err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }));

  it('builds manifest/build/netpilot.zip from MicrosoftAppId in the environment', async () => {
    const before = Date.now();
    const { code, stdout, stderr } = await npm({ MicrosoftAppId: APP_ID });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(DEFAULT_PACKAGE_FILE);
    expect(statSync(DEFAULT_PACKAGE_FILE).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
    expectValidPackage(DEFAULT_PACKAGE_FILE, APP_ID);
  });

  it('exits 2 with one clear line when MicrosoftAppId is missing or not a GUID', async () => {
    const [missing, invalid] = await Promise.all([npm({ MicrosoftAppId: '' }), npm({ MicrosoftAppId: '1234' })]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^package: MicrosoftAppId is missing: set it to /)]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^package: MicrosoftAppId: expected a GUID \(got "1234"\)/)]);
  });
});
