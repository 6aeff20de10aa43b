// Draws the Teams app icons from signed-distance shapes with 4x4 supersampling, so the committed
// PNGs are reproducible: `npx tsx manifest/icons/draw-icons.ts` rewrites manifest/color.png and
// manifest/outline.png. The glyph: a hexagon (an AKS cluster) around a hub node routing to three
// nodes, i.e. the cluster's network being steered to its new mode.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

/** An RGBA colour, each channel 0-255. */
export type Rgba = readonly [number, number, number, number];

/** The accent colour of the app (manifest `accentColor`, colour icon background). */
export const ACCENT_COLOR = '#0F6CBD';

/** Colour icon size required by Teams. */
export const COLOR_ICON_SIZE = 192;

/** Outline icon size required by Teams. */
export const OUTLINE_ICON_SIZE = 32;

type Point = readonly [number, number];
type Sdf = (x: number, y: number) => number;
type Paint = (x: number, y: number) => Rgba;
interface Layer {
  shape: Sdf;
  paint: Paint;
  /** 'erase' cuts the shape out of what is below (alpha to 0). */
  mode?: 'erase';
}

const SUBSAMPLES = 4;

const circle = (c: Point, r: number): Sdf => (x, y) => Math.hypot(x - c[0], y - c[1]) - r;

const segment = (a: Point, b: Point, width: number): Sdf => (x, y) => {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy)) - width / 2;
};

/** Signed distance to a convex polygon (negative inside). */
const polygon = (pts: readonly Point[]): Sdf => (x, y) => {
  let edge = Infinity;
  let inside = true;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i];
    const b = pts[(i + 1) % pts.length];
    edge = Math.min(edge, segment(a, b, 0)(x, y));
    if ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) < 0) inside = false;
  }
  return inside ? -edge : edge;
};

const ring = (shape: Sdf, width: number): Sdf => (x, y) => Math.abs(shape(x, y)) - width / 2;

const union = (...shapes: Sdf[]): Sdf => (x, y) => Math.min(...shapes.map((s) => s(x, y)));

/** Pointy-top regular hexagon of circumradius r centred on c. */
const hexagon = (c: Point, r: number): Point[] =>
  Array.from({ length: 6 }, (_, i) => {
    const a = (Math.PI / 3) * i - Math.PI / 2;
    return [c[0] + r * Math.cos(a), c[1] + r * Math.sin(a)] as const;
  });

/** Hexagon of circumradius r whose corners are rounded with radius k (same flat sides). */
const roundedHexagon = (c: Point, r: number, k: number): Sdf => {
  const inner = polygon(hexagon(c, r - k / Math.cos(Math.PI / 6)));
  return (x, y) => inner(x, y) - k;
};

/** A point at angle `deg` (0 = up, clockwise) and distance r from c. */
const polar = (c: Point, r: number, deg: number): Point => {
  const a = (deg * Math.PI) / 180;
  return [c[0] + r * Math.sin(a), c[1] - r * Math.cos(a)];
};

const solid = (c: Rgba): Paint => () => c;

const hex = (value: string, alpha = 255): Rgba => [
  Number.parseInt(value.slice(1, 3), 16),
  Number.parseInt(value.slice(3, 5), 16),
  Number.parseInt(value.slice(5, 7), 16),
  alpha,
];

const mix = (a: Rgba, b: Rgba, t: number): Rgba => {
  const at = (i: number) => a[i] + (b[i] - a[i]) * t;
  return [at(0), at(1), at(2), at(3)];
};

/** Renders layers (source-over, or erase) into a size x size RGBA PNG. */
function render(size: number, layers: readonly Layer[]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const x = px + (sx + 0.5) / SUBSAMPLES;
          const y = py + (sy + 0.5) / SUBSAMPLES;
          let [r, g, b, a] = [0, 0, 0, 0];
          for (const layer of layers) {
            if (layer.shape(x, y) > 0) continue;
            if (layer.mode === 'erase') {
              a = 0;
              continue;
            }
            const [lr, lg, lb, la] = layer.paint(x, y);
            const src = la / 255;
            const out = src + a * (1 - src);
            if (out === 0) continue;
            r = (lr * src + r * a * (1 - src)) / out;
            g = (lg * src + g * a * (1 - src)) / out;
            b = (lb * src + b * a * (1 - src)) / out;
            a = out;
          }
          // accumulate premultiplied so edge pixels keep the right colour
          sum[0] += r * a;
          sum[1] += g * a;
          sum[2] += b * a;
          sum[3] += a;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = sum[3] / (SUBSAMPLES * SUBSAMPLES);
      png.data[i] = alpha ? Math.round(sum[0] / sum[3]) : 0;
      png.data[i + 1] = alpha ? Math.round(sum[1] / sum[3]) : 0;
      png.data[i + 2] = alpha ? Math.round(sum[2] / sum[3]) : 0;
      png.data[i + 3] = Math.round(alpha * 255);
    }
  }
  return png;
}

/** The hub-and-spokes network glyph: a hub at c and three nodes `reach` away from it. */
function networkGlyph(c: Point, reach: number) {
  const hub = c;
  const spokes = [0, 120, 240].map((deg) => polar(c, reach, deg));
  return { hub, spokes };
}

/** The 192x192 full-colour icon: white hexagon and network on an accent-blue gradient. */
export function drawColorIcon(): PNG {
  const s = COLOR_ICON_SIZE;
  const c: Point = [s / 2, s / 2];
  const top = hex('#1A7FD4');
  const bottom = hex('#0A4E92');
  const white = hex('#FFFFFF');
  const amber = hex('#FFC83D');
  const { hub, spokes } = networkGlyph(c, s * 0.19);
  const background: Layer = {
    shape: () => -1,
    paint: (x, y) => mix(top, bottom, Math.min(1, Math.max(0, (x * 0.25 + y) / (s * 1.25)))),
  };
  const hexagonShape = roundedHexagon(c, s * 0.34, s * 0.03);
  return render(s, [
    background,
    // soft inner panel so the glyph reads as one object
    { shape: hexagonShape, paint: solid(hex('#FFFFFF', 36)) },
    { shape: ring(hexagonShape, s * 0.042), paint: solid(white) },
    // links: two plain, the active route (hub to the lower-right node) in amber
    { shape: segment(hub, spokes[0], s * 0.034), paint: solid(white) },
    { shape: segment(hub, spokes[2], s * 0.034), paint: solid(white) },
    { shape: segment(hub, spokes[1], s * 0.04), paint: solid(amber) },
    ...spokes.map((p, i): Layer => ({ shape: circle(p, s * 0.055), paint: solid(i === 1 ? amber : white) })),
    { shape: circle(hub, s * 0.078), paint: solid(white) },
    { shape: circle(hub, s * 0.038), paint: solid(bottom) },
  ]);
}

/** The 32x32 outline icon: the same glyph in white on a fully transparent background. */
export function drawOutlineIcon(): PNG {
  const s = OUTLINE_ICON_SIZE;
  const c: Point = [s / 2, s / 2];
  const white = hex('#FFFFFF');
  const { hub, spokes } = networkGlyph(c, 7.2);
  // vertical sides centred on x = 4 and x = 28 so the 2 px stroke lands on whole pixels
  const hexagonShape = roundedHexagon(c, 12 / Math.cos(Math.PI / 6), 1.5);
  return whiten(render(s, [
    { shape: ring(hexagonShape, 2), paint: solid(white) },
    { shape: union(...spokes.map((p) => segment(hub, p, 1.4))), paint: solid(white) },
    { shape: union(...spokes.map((p) => circle(p, 2.1))), paint: solid(white) },
    { shape: circle(hub, 2.7), paint: solid(white) },
  ]));
}

/** Forces the outline icon's colour channels to white so only alpha carries the shape. */
function whiten(png: PNG): PNG {
  for (let i = 0; i < png.data.length; i += 4) png.data.fill(255, i, i + 3);
  return png;
}

/** PNG bytes of both icons, exactly as committed. */
export function iconFiles(): { 'color.png': Buffer; 'outline.png': Buffer } {
  return {
    'color.png': PNG.sync.write(drawColorIcon()),
    'outline.png': PNG.sync.write(drawOutlineIcon()),
  };
}

/** Writes color.png and outline.png into `dir` (default: manifest/). */
export function writeIcons(dir = join(dirname(fileURLToPath(import.meta.url)), '..')): string[] {
  return Object.entries(iconFiles()).map(([name, bytes]) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeIcons()) process.stdout.write(`wrote ${file}\n`);
}
