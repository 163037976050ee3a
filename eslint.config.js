// One lint gate for the whole repository (run by `npm run lint`, and first in `npm test`).
// Formatting is Prettier's job (eslint-config-prettier turns off the rules it owns).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/data/', 'test-results/', 'playwright-report/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // A module graph that only points one way: no module may reach itself through its imports.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // The UI thread never loads TF.js or worker-side code: it talks to the worker through
    // worker/protocol.ts and worker/client.ts, and shares plain data through src/shared/.
    files: ['src/ui/**/*.{ts,tsx}', 'src/draw/**/*.ts', 'src/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*'],
              message: 'TF.js runs in the worker; the UI sends it commands (src/worker/protocol.ts).',
            },
            {
              group: ['**/model/*', '**/train/*', '**/data/*', '**/backend/*', '**/cli/*'],
              message: 'Worker-side code stays out of the UI thread; move plain shared data to src/shared/.',
            },
            {
              regex: '/worker/(?!protocol$|client$|insights$|recoveryProtocol$|bench-types$)',
              message: 'The UI may import only the worker protocol and client.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code both threads use imports nothing thread-specific.
    files: ['src/shared/**/*.ts'],
    // Tests may check a shared table against every front end that reads it.
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@tensorflow/*',
                'react',
                'react-dom',
                '**/ui/*',
                '**/worker/*',
                '**/model/*',
                '**/train/*',
                '**/data/*',
                '**/backend/*',
              ],
              message: 'src/shared/ is plain data for both threads.',
            },
          ],
        },
      ],
    },
  },
  {
    // Worker-side folders never touch React or the UI.
    files: ['src/{model,train,data,backend,worker}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react-dom/*', '**/ui/*'], message: 'Worker-side code has no UI.' },
          ],
        },
      ],
    },
  },
  {
    // One test function name across the unit tests (Playwright's is `test` too).
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='it'], CallExpression[callee.object.name='it']",
          message: 'Use test(), as the rest of the suite does.',
        },
      ],
    },
  },
  prettier,
);
