// `npm run cards:render`: draws every demo card with the adaptivecards HTML renderer in headless
// Debian chromium (playwright-core) and writes docs/cards/<name>.png. Usage:
//   tsx cards/render/render-cards.ts [--locale en|ja] [--out DIR] [--only name,name]
import { createServer, type Server } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { demoCards } from './demo-cards.ts';
import type { Locale } from '../types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CARD_WIDTH = 640;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8">
<style>
  body { margin: 0; background: #F5F5F5; font-family: 'Segoe UI', 'Noto Sans CJK JP', sans-serif; }
  #frame { width: ${CARD_WIDTH}px; margin: 16px; background: #FFFFFF; border-radius: 6px;
           box-shadow: 0 1px 3px rgba(0,0,0,.15); overflow: hidden; }
  .ac-pushButton { border: 1px solid #D1D1D1; border-radius: 4px; background: #FFFFFF; color: #242424;
                   font: 600 14px 'Segoe UI', 'Noto Sans CJK JP', sans-serif; padding: 5px 12px; min-height: 32px; }
  .ac-pushButton.style-positive { background: #5B5FC7; color: #FFFFFF; border-color: #5B5FC7; }
  .ac-pushButton.style-destructive { color: #C4314B; border-color: #C4314B; }
  .ac-input { font: 14px 'Segoe UI', 'Noto Sans CJK JP', sans-serif; }
  .ac-textInput { border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 8px; }
</style>
<script src="/adaptivecards.min.js"></script>
</head><body><div id="frame"></div></body></html>`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function serve(): Promise<{ server: Server; url: string }> {
  const js = await readFile(path.join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js'));
  const server = createServer((req, res) => {
    if (req.url === '/adaptivecards.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** Renders the demo cards to PNG files; returns the paths written. */
export async function renderCards(locale: Locale, outDir: string, only?: string[]): Promise<string[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const hostConfig = JSON.parse(await readFile(new URL('./teams-host-config.json', import.meta.url), 'utf8'));
  const cards = Object.entries(demoCards(locale)).filter(([name]) => !only || only.includes(name));
  await mkdir(outDir, { recursive: true });
  const { server, url } = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const written: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: CARD_WIDTH + 32, height: 600 }, deviceScaleFactor: 1 });
    await page.goto(url);
    for (const [name, card] of cards) {
      const problem = await page.evaluate(
        ({ card, hostConfig }) => {
          // Runs in the page, where the UMD bundle defines window.AdaptiveCards.
          const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards; // eslint-disable-line @typescript-eslint/no-explicit-any -- untyped UMD global
          const frame = document.getElementById('frame')!;
          frame.innerHTML = '';
          const adaptive = new AC.AdaptiveCard();
          adaptive.hostConfig = new AC.HostConfig(hostConfig);
          adaptive.parse(card);
          const el = adaptive.render();
          if (!el) return 'render returned nothing';
          frame.appendChild(el);
          return '';
        },
        { card, hostConfig },
      );
      if (problem) throw new Error(`${name}: ${problem}`);
      const file = path.join(outDir, `${name}.png`);
      await page.locator('#frame').screenshot({ path: file });
      written.push(file);
    }
  } finally {
    await browser.close();
    server.close();
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const locale = (arg('--locale') ?? 'en') as Locale;
  const out = path.resolve(arg('--out') ?? path.join(ROOT, 'docs/cards', locale === 'en' ? '' : locale));
  const only = arg('--only')?.split(',');
  renderCards(locale, out, only)
    .then((files) => {
      for (const f of files) process.stdout.write(`${path.relative(process.cwd(), f)}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`cards:render: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
