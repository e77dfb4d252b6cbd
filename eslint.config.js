import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Bare module names matched exactly; `node:` specifiers and app folders matched as paths. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const mainOnlyPackages = ['undici', 'keytar', 'ajv', 'ajv-draft-04', 'ajv-formats', 'esbuild'];

const restrict = (forbidden, message, extraPatterns = []) => {
  const paths = forbidden.filter((entry) => !entry.includes('*')).map((name) => ({ name, message }));
  const group = forbidden.filter((entry) => entry.includes('*'));
  return {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { paths, patterns: [...(group.length ? [{ group, message }] : []), ...extraPatterns] },
    ],
  };
};
const rendererForbidden = ['electron', 'node:*', ...nodeBuiltins, ...mainOnlyPackages, '**/main/**', '**/preload/index'];
const rendererMessage = 'The renderer talks to main only through window.audian.';

/** The layering rules of docs/ARCHITECTURE.md, enforced on every run of `npm test`. */
export const layerRules = [
  {
    files: ['common/**/*.ts'],
    rules: restrict(
      ['electron', 'node:*', ...nodeBuiltins, ...mainOnlyPackages, 'react', 'react-dom', '**/main/**', '**/renderer/**', '**/preload/**'],
      'common/ runs anywhere: no electron, node, DOM or app-side imports.',
    ),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: restrict(
      ['electron', '**/renderer/**', 'react', 'react-dom'],
      "Only main/electron/ may import 'electron'; main never imports the renderer.",
    ),
  },
  {
    // The sandbox stands for the real server: answers built with the client's own code would share its mistakes.
    files: ['main/sandbox/**/*.ts'],
    rules: restrict(
      ['electron', '**/renderer/**', 'react', 'react-dom', '**/api/**', '**/import/**', '**/devices/**', '**/registrations/**'],
      "The sandbox never uses the client's code (main/api, import, devices, registrations) to build its answers.",
    ),
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: restrict(['**/renderer/**', 'react', 'react-dom'], 'main never imports the renderer.'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict(rendererForbidden, rendererMessage),
  },
  {
    // A sibling folder of a feature is another feature (components/ and the feature's own files are not).
    files: ['renderer/src/features/**/*.ts', 'renderer/src/features/**/*.tsx'],
    rules: restrict(rendererForbidden, rendererMessage, [
      { regex: '^\\.\\./[^./]', message: 'A feature does not import another feature: what both use belongs in components/.' },
    ]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict(
      ['node:*', ...nodeBuiltins, ...mainOnlyPackages, '**/main/**', '**/renderer/**'],
      'The preload only maps the contract onto a transport.',
    ),
  },
];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'common/kazoo-schemas/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-empty-pattern': 'off', '@typescript-eslint/no-non-null-assertion': 'off', 'no-console': 'off' },
  },
  ...layerRules,
);
