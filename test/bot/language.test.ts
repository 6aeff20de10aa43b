// The reply-language pin over HTTP: `language ja` / `言語 英語` stored per user, winning over the
// message's language and the client's locale, and kept when the bot restarts on the same store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLanguageChoice, userSettingsKey } from '../../bot/commands/language.ts';
import { clearLanguage, parseCommand } from '../../bot/commands/parser.ts';
import { replyLocale } from '../../bot/i18n/index.ts';
import { cardOf, cardText, messageActivity, startHarness, type Harness } from './harness.ts';

const KANA = /[ぁ-んァ-ン]/;

describe('language pin: parsing and the locale rule', () => {
  it.each([
    ['language ja', { kind: 'pin', locale: 'ja' }],
    ['Language English', { kind: 'pin', locale: 'en' }],
    ['言語 英語', { kind: 'pin', locale: 'en' }],
    ['言語を日本語にして', { kind: 'pin', locale: 'ja' }],
    ['言語　「英語」', { kind: 'pin', locale: 'en' }],
    ['language auto', { kind: 'auto' }],
    ['言語 自動', { kind: 'auto' }],
    ['language', { kind: 'show' }],
    ['言語', { kind: 'show' }],
    ['language fr', { kind: 'unknown', given: 'fr' }],
    ['language [x](https://example.invalid) <at>y</at>', { kind: 'unknown', given: 'xhttps example invalid y' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text).intent).toBe('language');
    expect(parseLanguageChoice(text)).toEqual(expected);
  });

  it('a pin wins; else a clearly Japanese or English message; else the activity locale', () => {
    expect(replyLocale('en', 'en-US', 'ja')).toBe('ja');
    expect(replyLocale('ja', 'ja-JP', 'en')).toBe('en');
    expect(replyLocale(clearLanguage('aks-legacy をチェック'), 'en-US')).toBe('ja');
    expect(replyLocale(clearLanguage('can aks-legacy move to cilium?'), 'ja-JP')).toBe('en');
    expect(replyLocale(clearLanguage('status'), 'ja-JP')).toBe('ja');
    expect(replyLocale(clearLanguage('check aks-legacy'), 'ja-JP')).toBe('ja');
    expect(replyLocale(clearLanguage('status'), 'en-US')).toBe('en');
  });

  it('keys settings by Entra object id, else by Teams id, else none', () => {
    expect(userSettingsKey({ id: '29:x', aadObjectId: 'ABC' })).toBe('aad:abc');
    expect(userSettingsKey({ id: '29:x' })).toBe('id:29:x');
    expect(userSettingsKey({ id: '' })).toBeUndefined();
  });
});

describe('language pin over HTTP', () => {
  let dataDir: string;
  let h: Harness;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'np-lang-'));
    h = await startHarness({ dataDir });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('without a pin, `language` says none is pinned, in the message language', async () => {
    const { replies } = await h.say('language');
    expect(String(replies[0]?.body?.text)).toMatch(/No language is pinned/);
  });

  it('pin ja: the answer is Japanese, and an English `help` gets a Japanese help card listing `言語`', async () => {
    const pinned = await h.say('language ja');
    expect(String(pinned.replies[0]?.body?.text)).toMatch(KANA);
    const { replies } = await h.say('help me please, what can you do here');
    const text = cardText(cardOf(replies[0]));
    expect(text).toMatch(KANA);
    expect(text).toContain('言語 英語');
    expect(text).not.toContain('Show what NetPilot can do');
  });

  it('the pin is per user: another user writing English gets English', async () => {
    const activity = messageActivity('help', h.connector.url);
    activity.from = { id: '29:user-2', name: 'Other', aadObjectId: '00000000-0000-0000-0000-0000000000b2' };
    await h.post(activity);
    const reply = h.connector.activities.find((a) => a.replyToId === activity.id && a.body?.type === 'message');
    const text = cardText(cardOf(reply!));
    expect(text).toContain('Show what NetPilot can do');
    expect(text).not.toContain('NetPilot の使い方');
  });

  it('survives a restart of the bot on the same store, then `言語 英語` pins English', async () => {
    await h.stop();
    h = await startHarness({ dataDir });
    const before = await h.say('list clusters please, all of them');
    expect(cardText(cardOf(before.replies[0]))).toMatch(KANA);
    const shown = await h.say('language');
    expect(String(shown.replies[0]?.body?.text)).toContain('日本語に固定');
    const pinned = await h.say('言語 英語');
    expect(String(pinned.replies[0]?.body?.text)).toMatch(/English/);
    expect(String(pinned.replies[0]?.body?.text)).not.toMatch(KANA);
    const { replies } = await h.say('ヘルプ', { locale: 'ja-JP' });
    expect(cardText(cardOf(replies[0]))).toContain('Show what NetPilot can do');
  });

  it('`language auto` removes the pin: Japanese text gets Japanese again; an unknown language is explained', async () => {
    const off = await h.say('language auto');
    expect(String(off.replies[0]?.body?.text)).toMatch(/pin is removed/);
    const { replies } = await h.say('ヘルプ');
    expect(cardText(cardOf(replies[0]))).toContain('NetPilot の使い方');
    const unknown = await h.say('language klingon');
    expect(String(unknown.replies[0]?.body?.text)).toMatch(/"klingon" is not a language/);
  });
});
