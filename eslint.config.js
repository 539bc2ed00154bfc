// Lint rules, and the layer boundaries of STYLE.md: a wrong import fails `npm test`.
import { builtinModules } from 'node:module';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (dir) => [`**/src-main/${dir}`, `**/src-main/${dir}/**`, `@/${dir}/**`];

/** One `no-restricted-imports` per folder: what that layer may never import. */
function forbid({ paths = [], patterns = [] }) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}
const noElectron = { name: 'electron', message: 'Only src-main/app and src-main/preload may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src-main/shared/**'],
    rules: forbid({
      paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'src-main/shared is plain TypeScript: no Node modules.' }))],
      patterns: [{ group: [...layer('engine'), ...layer('app'), ...layer('preload'), ...layer('cli'), ...layer('web'), '**/src-renderer/**'], message: 'shared depends on nothing else.' }],
    }),
  },
  {
    files: ['src-main/engine/**', 'src-main/cli/**', 'src-main/web/**'],
    rules: forbid({
      paths: [noElectron],
      patterns: [{ group: [...layer('app'), ...layer('preload'), '**/src-renderer/**'], message: 'The engine, CLI and web server run in plain Node.' }],
    }),
  },
  {
    files: ['src-main/engine/**'],
    rules: forbid({
      paths: [noElectron],
      patterns: [{ group: [...layer('app'), ...layer('preload'), ...layer('cli'), ...layer('web'), '**/src-renderer/**'], message: 'The engine knows no face: not the CLI, the web server or Electron.' }],
    }),
  },
  {
    files: ['src-main/preload/**'],
    rules: forbid({
      paths: nodeBuiltins.map((name) => ({ name, message: 'The sandboxed preload has no Node modules.' })),
      patterns: [{ group: [...layer('engine'), ...layer('app'), ...layer('cli'), ...layer('web'), '**/src-renderer/**'], message: 'The preload sees only electron and shared.' }],
    }),
  },
  {
    files: ['src-renderer/**'],
    rules: {
      ...forbid({
        paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node modules.' }))],
        patterns: [{ group: ['**/src-main/engine/**', '**/src-main/app/**', '**/src-main/preload/**', '**/src-main/cli/**', '**/src-main/web/**'], message: 'The renderer reaches the backend only through src-renderer/src/api.' }],
      }),
      'no-restricted-globals': ['error', { name: 'WebSocket', message: 'Only src-renderer/src/api talks to the backend.' }, { name: 'fetch', message: 'Only src-renderer/src/api talks to the backend.' }],
      'no-restricted-properties': ['error', { object: 'window', property: 'ganStudio', message: 'Only src-renderer/src/api talks to the backend.' }],
    },
  },
  {
    files: ['src-renderer/src/api/**'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' },
  },
);
