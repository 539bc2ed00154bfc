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
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**', '.tmp/**'] },
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
    // SQL lives only in repository modules (`*-repo.ts`), the database module and its migrations (Signal's ts/sql).
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/**/*-repo.ts', 'src-main/engine/db/**'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='prepare']", message: 'SQL lives in *-repo.ts modules: add a data-access function there.' },
        { selector: "CallExpression[callee.property.name=/^(exec|pragma)$/][callee.object.name=/^db$|Db$/]", message: 'SQL lives in *-repo.ts modules: add a data-access function there.' },
      ],
    },
  },
  {
    // The bench is a tool beside the engine: it may use the engine, the engine never uses it.
    files: ['src-main/engine/**'],
    rules: forbid({
      paths: [noElectron],
      patterns: [{ group: ['**/src-main/bench/**', '../bench/*', '../../bench/*'], message: 'The engine does not depend on the bench tool.' },
        { group: [...layer('app'), ...layer('preload'), ...layer('cli'), ...layer('web'), '**/src-renderer/**'], message: 'The engine knows no face: not the CLI, the web server or Electron.' }],
    }),
  },
  {
    // A model's spec, the registry and the annotated-config helpers are read by `--help` and the run list without
    // loading tfjs: plain zod and shared/ only (type imports of the plug-in interface are erased).
    files: ['src-main/engine/models/*/spec.ts', 'src-main/engine/models/registry.ts', 'src-main/engine/models/model-spec.ts'],
    rules: forbid({
      paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'A model spec is plain TypeScript: no Node modules.' }))],
      patterns: [
        { group: ['@tensorflow/*', 'sharp', 'better-sqlite3'], message: 'A model spec loads no tfjs, sharp or SQLite: put that in the model\'s model.ts.', allowTypeImports: true },
        { group: ['**/compute/**', '**/training/**', '**/generation/**', '**/datasets/**', '**/db/**', '**/jobs/**', '**/services/**'], message: 'A model spec imports only zod, shared/ and other specs.', allowTypeImports: true },
      ],
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
