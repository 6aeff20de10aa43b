// End to end as a user sees it: the demo bot (as `npm start` runs it, in-process emulator with the
// demo fleet), the Microsoft 365 Agents Playground pointed at it, and headless Debian chromium.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium, startDemoBot, startPlayground, type DemoBot, type Playground, type PlaygroundConfig } from '../fakes/playground.ts';

const CARD_TIMEOUT = 20_000;

const TITLE = 'demo bot in the Agents Playground (headless chromium)';

describe.skipIf(skipWithoutChromium(TITLE))(TITLE, () => {
  let work: string;
  let shots: string;
  let bot: DemoBot | undefined;
  let playground: Playground | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let config: PlaygroundConfig['config'];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'netpilot-e2e-'));
    shots = join(work, 'screenshots');
    mkdirSync(shots);
    browser = await launchChromium(join(work, 'profile'));
    bot = await startDemoBot({ dataDir: join(work, 'data'), env: { LOG_LEVEL: 'warn' } });
    playground = await startPlayground({ endpoint: bot.endpoint, logDir: work });
    config = (await playground.config()).config;
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.setViewportSize({ width: 1400, height: 2600 }); // tall enough for a whole preflight card
    await page.goto(playground.url);
    await page.locator('[data-lexical-editor="true"]').waitFor({ timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await bot?.stop();
    if (work && !process.env.NETPILOT_KEEP_E2E) rmSync(work, { recursive: true, force: true });
  });

  /** Everything the chat pane shows, as text (cards included). */
  const chatText = () => page.locator('body').innerText();

  async function waitForText(pattern: RegExp, what: string): Promise<string> {
    const deadline = Date.now() + CARD_TIMEOUT;
    for (;;) {
      const text = await chatText();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) {
        await page.screenshot({ path: join(shots, 'timeout.png'), fullPage: true });
        throw new Error(`no ${what} in the playground after ${CARD_TIMEOUT} ms; bot output:\n${bot?.output().slice(-4000)}\npage text:\n${text.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('answers "check aks-legacy" typed in the message box with a preflight card showing verdicts and check ids', async () => {
    const editor = page.locator('[data-lexical-editor="true"]');
    await editor.click();
    await page.keyboard.type('check aks-legacy');
    await page.keyboard.press('Enter');

    // Both targets in one card: overlay blocked without a pod CIDR, cilium blocked by the Windows pool.
    await waitForText(/cilium-windows-pools/, 'preflight card');
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'cilium-windows-pools' }).last();
    await expect.poll(() => card.isVisible()).toBe(true);
    const text = await card.innerText();
    expect(text).toContain('aks-legacy');
    expect(text).toContain('overlay-pod-cidr-missing');
    expect(text).toContain('cilium-windows-pools');
    expect(text).toMatch(/blocked/i);
    expect(text).toMatch(/az aks update/);
    await card.screenshot({ path: join(shots, 'check-aks-legacy.png') });
    await writeFile(join(shots, 'check-aks-legacy.txt'), text);
  });

  it('answers a Japanese message posted on the internal route ("aks-calico をチェック") with a preflight card', async () => {
    await playground!.sendMessage(config.personalChat.id, config.currentUser.id, 'aks-calico をチェック');
    await waitForText(/overlay-network-policy/, 'aks-calico preflight card');
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'overlay-network-policy' }).last();
    const text = await card.innerText();
    expect(text).toContain('aks-calico');
    // Japanese reply: at least some Japanese script in the card.
    expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    await card.screenshot({ path: join(shots, 'check-aks-calico-ja.png') });
    await writeFile(join(shots, 'check-aks-calico-ja.txt'), text);
  });

  it('answers "list clusters" posted on the internal route with the demo fleet', async () => {
    await playground!.sendMessage(config.personalChat.id, config.currentUser.id, 'list clusters');
    await waitForText(/aks-ipmasq/, 'cluster list card');
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'aks-ipmasq' }).last();
    const text = await card.innerText();
    for (const name of ['aks-legacy', 'aks-kubenet', 'aks-calico', 'aks-podsubnet', 'aks-ipmasq', 'aks-overlay', 'aks-cilium', 'aks-busy']) {
      expect(text).toContain(name);
    }
    await card.screenshot({ path: join(shots, 'list-clusters.png') });
  });
});
