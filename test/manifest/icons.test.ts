import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_DIR } from '../../manifest/build-manifest.ts';
import { ACCENT_COLOR, iconFiles } from '../../manifest/icons/draw-icons.ts';

const read = (name: string) => PNG.sync.read(readFileSync(join(MANIFEST_DIR, name)));

function pixels(png: PNG): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < png.data.length; i += 4) out.push([png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]]);
  return out;
}

describe('color.png', () => {
  const png = read('color.png');

  it('is 192x192', () => {
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  it('is full colour and opaque, not a flat placeholder', () => {
    const px = pixels(png);
    expect(px.every(([, , , a]) => a === 255)).toBe(true);
    const colours = new Set(px.map(([r, g, b]) => (r << 16) | (g << 8) | b));
    expect(colours.size).toBeGreaterThan(100);
    // chromatic: at least some pixels are far from grey (the blue background, the amber route)
    const chromatic = px.filter(([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) > 80).length;
    expect(chromatic / px.length).toBeGreaterThan(0.3);
    // a white glyph covers part of the icon
    const white = px.filter(([r, g, b]) => r > 240 && g > 240 && b > 240).length;
    expect(white / px.length).toBeGreaterThan(0.05);
    expect(white / px.length).toBeLessThan(0.5);
  });
});

describe('outline.png', () => {
  const png = read('outline.png');

  it('is 32x32', () => {
    expect([png.width, png.height]).toEqual([32, 32]);
  });

  it('is white on transparent: every pixel white (alpha only) or fully transparent', () => {
    const px = pixels(png);
    const offenders = px.filter(([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255));
    expect(offenders).toEqual([]);
    const transparent = px.filter(([, , , a]) => a === 0).length;
    const solid = px.filter(([, , , a]) => a === 255).length;
    expect(transparent / px.length).toBeGreaterThan(0.4); // transparent background
    expect(solid / px.length).toBeGreaterThan(0.1); // a visible glyph
    // corners are background
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]]) expect(png.data[(y * 32 + x) * 4 + 3]).toBe(0);
  });
});

describe('icon generator', () => {
  it('reproduces the committed PNGs pixel for pixel', () => {
    const drawn = iconFiles();
    for (const name of ['color.png', 'outline.png'] as const) {
      const committed = read(name);
      const fresh = PNG.sync.read(drawn[name]);
      expect([fresh.width, fresh.height]).toEqual([committed.width, committed.height]);
      // at most 1 step per channel apart (floating-point rounding), i.e. the same drawing
      let worst = 0;
      for (let i = 0; i < fresh.data.length; i++) worst = Math.max(worst, Math.abs(fresh.data[i] - committed.data[i]));
      expect(worst, name).toBeLessThanOrEqual(1);
    }
  });
});

describe('accent colour', () => {
  it('the manifest template declares the same accentColor the icons are drawn for', () => {
    const manifest = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as { accentColor?: string };
    expect(manifest.accentColor?.toUpperCase()).toBe(ACCENT_COLOR.toUpperCase());
  });
});
