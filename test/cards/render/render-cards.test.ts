// The PNG renderer: draws a card in headless chromium (skipped, saying why, when chromium is missing),
// and names the missing browser when there is none.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderCards } from '../../../cards/render/render-cards.ts';
import { skipWithoutChromium } from '../../fakes/playground.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('renderCards', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names the missing browser', async () => {
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chromium');
    vi.resetModules(); // the renderer reads CHROMIUM_PATH when it loads
    try {
      const fresh = await import('../../../cards/render/render-cards.ts');
      await expect(fresh.renderCards('en', tmpdir(), ['error'])).rejects.toThrow(/\/nonexistent\/chromium not found/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  const WRITES = 'writes a PNG of a card, card-width wide';
  it.skipIf(skipWithoutChromium(WRITES, CHROMIUM))(WRITES, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netpilot-cards-'));
    const files = await renderCards('en', dir, ['error', 'progress']);
    expect(files.map((f) => path.basename(f))).toEqual(['error.png', 'progress.png']);
    for (const file of files) {
      const png = PNG.sync.read(await readFile(file));
      expect(png.width).toBe(640);
      expect(png.height).toBeGreaterThan(80);
      // Not a blank frame: the attention banner / text put dark and coloured pixels on white.
      let dark = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 100 && png.data[i + 1] < 100) dark++;
      expect(dark).toBeGreaterThan(200);
    }
  });
});
