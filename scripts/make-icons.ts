/**
 * Renders the app icons in public/icons/ from the SVG below with Chromium (scripts/chromium.ts):
 * icon.svg (favicon), icon-192.png and icon-512.png (rounded square) and icon-maskable-512.png
 * (full bleed, the digit inside the 80 % safe zone Android's masks keep). The PNGs are
 * committed; run `npx tsx scripts/make-icons.ts` after changing the drawing.
 */
import { writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { BACKGROUND_COLOR, THEME_COLOR } from './pwa';

/** A handwritten-looking 7, an MNIST digit, on the app's accent colour (flat colours keep the PNGs small). */
function iconSvg(shape: 'rounded' | 'full-bleed'): string {
  const corner = shape === 'rounded' ? 96 : 0;
  // The maskable icon keeps the digit within the central 80 %: scale it about the centre.
  const scale = shape === 'rounded' ? 1 : 0.78;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <rect width="512" height="512" rx="${corner}" fill="${THEME_COLOR}"/>
  <g transform="translate(256 256) scale(${scale}) translate(-256 -256)" fill="none" stroke="${BACKGROUND_COLOR}"
     stroke-width="52" stroke-linecap="round" stroke-linejoin="round">
    <path d="M136 146 C 210 132, 300 128, 374 140 C 330 210, 276 300, 236 392"/>
    <path d="M206 266 H 330"/>
  </g>
</svg>
`;
}

async function main(): Promise<void> {
  const outDir = new URL('../public/icons/', import.meta.url);
  await writeFile(new URL('icon.svg', outDir), iconSvg('rounded'));
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const renders: Array<[string, 'rounded' | 'full-bleed', number]> = [
      ['icon-192.png', 'rounded', 192],
      ['icon-512.png', 'rounded', 512],
      ['icon-maskable-512.png', 'full-bleed', 512],
    ];
    for (const [file, shape, size] of renders) {
      await page.setViewportSize({ width: size, height: size });
      const svg = iconSvg(shape).replace('width="512" height="512"', `width="${size}" height="${size}"`);
      await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg}`);
      await page.screenshot({ path: new URL(file, outDir).pathname, omitBackground: true });
      console.log(`icons: wrote public/icons/${file}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
