import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bot/commands/definitions.ts';
import {
  APP_ID_PLACEHOLDER, MANIFEST_DIR, MANIFEST_VERSION, VERSION_PLACEHOLDER,
  appVersion, buildJapaneseLocalization, buildManifest, readManifestTemplate,
} from '../../manifest/build-manifest.ts';
import { localizationValidator, manifestValidator, newestManifestVersion, readSchema } from './schemas.ts';

const APP_ID = 'a3f1c9e2-5b7d-4e2a-9c1f-0d8e6b4a2c71';

describe('manifest template', () => {
  it('targets the newest manifest schema shipped by @microsoft/app-manifest', () => {
    const newest = newestManifestVersion();
    expect(MANIFEST_VERSION).toBe(newest);
    const template = readManifestTemplate();
    expect(template.manifestVersion).toBe(newest);
    expect(template.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
    expect((readSchema(newest, 'MicrosoftTeams.schema.json').properties as Record<string, { const?: string }>).manifestVersion.const).toBe(newest);
  });

  it('leaves the ids and version as placeholders (filled at packaging time)', () => {
    const template = readManifestTemplate();
    expect(template.id).toBe(APP_ID_PLACEHOLDER);
    expect(template.bots[0].botId).toBe(APP_ID_PLACEHOLDER);
    expect(template.version).toBe(VERSION_PLACEHOLDER);
  });

  it('is not itself a valid manifest (the placeholders are not GUIDs)', () => {
    expect(manifestValidator(MANIFEST_VERSION)(readManifestTemplate()).join('\n')).toMatch(/\/id .*pattern/);
  });
});

describe('buildManifest', () => {
  const manifest = buildManifest(APP_ID);

  it('passes the Teams manifest JSON schema', () => {
    expect(manifestValidator(MANIFEST_VERSION)(manifest)).toEqual([]);
  });

  it('fills app id, bot id and version', () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    const pkg = JSON.parse(readFileSync(join(MANIFEST_DIR, '..', 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
    expect(appVersion()).toBe(pkg.version);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('uses a given version', () => {
    expect(buildManifest(APP_ID, { version: '2.3.4' }).version).toBe('2.3.4');
  });

  it('installs the bot in personal, team and groupChat (case-sensitive)', () => {
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.bots[0].commandLists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
  });

  it('has the fields Teams needs: accent colour, icons, minimal validDomains', () => {
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.validDomains).toEqual([]);
  });

  it('describes what NetPilot does and that it changes clusters only after approval', () => {
    const description = manifest.description as { short: string; full: string };
    for (const text of [description.short, description.full]) {
      expect(text).toMatch(/AKS/);
      expect(text).toMatch(/Overlay/);
      expect(text).toMatch(/Cilium/);
      expect(text).toMatch(/only after .*approv/i);
    }
    expect(description.short.length).toBeLessThanOrEqual(80);
  });

  it('declares the Japanese localisation file', () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('en-us');
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'ja', file: 'ja.json' }]);
  });

  it('rejects a broken manifest (the validator can fail)', () => {
    const validate = manifestValidator(MANIFEST_VERSION);
    const bad = structuredClone(manifest);
    bad.bots[0].scopes = ['Personal'];
    delete (bad as Record<string, unknown>).accentColor;
    const errors = validate(bad).join('\n');
    expect(errors).toMatch(/accentColor/);
    expect(errors).toMatch(/scopes\/0/);
  });
});

describe('Japanese localisation', () => {
  const validate = localizationValidator(MANIFEST_VERSION);

  it('committed ja.json passes the localisation schema of the same version', () => {
    const committed = JSON.parse(readFileSync(join(MANIFEST_DIR, 'ja.json'), 'utf8')) as Record<string, string>;
    expect(validate(committed)).toEqual([]);
    expect(committed.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`);
  });

  it('generated ja.json passes the schema and translates names, descriptions and every command', () => {
    const ja = buildJapaneseLocalization();
    expect(validate(ja)).toEqual([]);
    for (const key of ['name.full', 'description.short', 'description.full']) expect(ja[key]).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(ja['description.short']).toMatch(/承認後/);
    expect(ja['description.full']).toMatch(/承認後/);
    const manifest = buildManifest(APP_ID);
    manifest.bots[0].commandLists.forEach((list, i) => list.commands.forEach((command, j) => {
      const def = COMMANDS.find((c) => c.title.en === command.title);
      expect(def, command.title).toBeDefined();
      expect(ja[`bots[0].commandLists[${i}].commands[${j}].title`]).toBe(def!.title.ja);
      expect(ja[`bots[0].commandLists[${i}].commands[${j}].description`]).toBe(def!.description.ja);
    }));
    // no key points past the generated lists
    const commandKeys = Object.keys(ja).filter((k) => k.startsWith('bots['));
    const total = manifest.bots[0].commandLists.reduce((n, l) => n + l.commands.length, 0);
    expect(commandKeys).toHaveLength(total * 2);
  });

  it('rejects an over-long short name (the validator can fail)', () => {
    expect(validate({ ...buildJapaneseLocalization(), 'name.short': 'N'.repeat(31) }).join('\n')).toMatch(/name\.short/);
    expect(validate({ 'bots[0].commandLists[3].commands[0].title': 'x' }).join('\n')).toMatch(/additional/);
  });
});
