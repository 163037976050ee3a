/**
 * Writes a digits file (the app's export format) from the stroke fixture e2e/digits/, drawn by
 * a Node rasteriser in place of the pad: `npx tsx scripts/handwriting-digits.ts OUT.json [N]`
 * takes the first N digits of each class (default 5), as the e2e test corrects. For trying
 * `npm run train -- --your-digits OUT.json` without drawing fifty digits by hand.
 */
import { writeFileSync } from 'node:fs';
import { digitsFileText } from '../src/data/digitFile';
import { handwrittenDigits } from '../e2e/digits/handwriting';
import { mnistInputOf } from '../e2e/digits/rasterize';

const [out, perClassText = '5'] = process.argv.slice(2);
const perClass = Number(perClassText);
if (!out || !Number.isInteger(perClass) || perClass < 1) {
  console.error('Usage: npx tsx scripts/handwriting-digits.ts OUT.json [digits per class, default 5]');
  process.exit(2);
}
const digits = handwrittenDigits(perClass).map((digit) => ({
  label: digit.label,
  pixels: Uint8Array.from(mnistInputOf(digit), (value) => Math.round(value * 255)),
}));
writeFileSync(out, digitsFileText(digits));
console.log(`${out}: ${digits.length} digits, ${perClass} of each class`);
