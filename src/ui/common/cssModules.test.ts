/**
 * CSS modules type every lookup as `string | undefined`, so a misspelt `styles.bars` would
 * compile and silently drop a style. This walks src/ui: every class a component looks up
 * exists in the module it imports, and every class a module defines is looked up somewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const UI = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(folder: string, suffix: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Class names a stylesheet defines (comments removed first: they may hold "e.g." or "tiles.ts"). */
function definedClasses(css: string): Set<string> {
  const code = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return new Set([...code.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].map((match) => match[1]!));
}

/** For each `import name from './X.module.css'` in a component: the module's path and the classes looked up. */
function lookups(source: string, file: string): { module: string; classes: string[] }[] {
  const code = source.replace(/^import .*$/gm, '');
  return [...source.matchAll(/^import (\w+) from '(\.[^']+\.module\.css)';$/gm)].map(([, name, path]) => ({
    module: resolve(dirname(file), path!),
    classes: [...code.matchAll(new RegExp(`\\b${name}(?:\\.(\\w+)|\\['([\\w-]+)'\\])`, 'g'))].map(
      (match) => match[1] ?? match[2]!,
    ),
  }));
}

describe('CSS modules in src/ui', () => {
  const components = filesUnder(UI, '.tsx').filter((file) => !file.endsWith('.test.tsx'));
  const used = new Map<string, Set<string>>();
  for (const file of components) {
    for (const { module, classes } of lookups(readFileSync(file, 'utf8'), file)) {
      const seen = used.get(module) ?? new Set<string>();
      classes.forEach((name) => seen.add(name));
      used.set(module, seen);
    }
  }

  test('the walk finds the components and their modules', () => {
    expect(components.length).toBeGreaterThan(10);
    expect(used.size).toBeGreaterThan(10);
  });

  test('every class a component looks up is defined in its module', () => {
    const missing = [...used].flatMap(([module, classes]) => {
      const defined = definedClasses(readFileSync(module, 'utf8'));
      return [...classes].filter((name) => !defined.has(name)).map((name) => `${module}: .${name}`);
    });
    expect(missing).toEqual([]);
  });

  test('every class a module defines is looked up by a component', () => {
    const unused = filesUnder(UI, '.module.css').flatMap((module) => {
      const classes = used.get(module) ?? new Set<string>();
      return [...definedClasses(readFileSync(module, 'utf8'))]
        .filter((name) => !classes.has(name))
        .map((name) => `${module}: .${name}`);
    });
    expect(unused).toEqual([]);
  });

  test('the parsers read what they should', () => {
    expect([...definedClasses('/* e.g. tiles.ts */ .a, .b-c:hover { width: 0.5em } .d .e[x="1.5"] {}')]).toEqual([
      'a',
      'b-c',
      'd',
      'e',
    ]);
    const found = lookups(
      "import s from './A.module.css';\nimport other from './s.module.css';\nconst x = s.one + s['two'] + other.three;",
      '/ui/x/A.tsx',
    );
    expect(found).toEqual([
      { module: '/ui/x/A.module.css', classes: ['one', 'two'] },
      { module: '/ui/x/s.module.css', classes: ['three'] },
    ]);
  });
});
