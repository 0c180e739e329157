// The layer rules: which top-level folder may import which. Kept apart from eslint.config.js so a test can run
// exactly these rules against fixtures (eslint/layer-rules.test.ts) and prove they bite.
import { builtinModules } from 'node:module';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// Bare names match exactly (a pattern 'crypto' would also catch '../crypto/x'); `node:` forms by pattern.
const nodeBuiltinNames = builtinModules.filter((name) => !name.startsWith('_'));

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      ...(patterns.length > 0 ? { patterns: [{ group: patterns, message }] } : {}),
    },
  ],
});

const zones = (target, from, message) => ({
  'import-x/no-restricted-paths': [
    'error',
    { zones: from.map((folder) => ({ target, from: folder, message })) },
  ],
});

/** @type {import('eslint').Linter.Config[]} */
export const layerRules = [
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.mts', '.json'] }),
      ],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      ...zones(
        './shared',
        ['./electron', './renderer', './signaling-server', './e2e', './scripts'],
        'shared/ is imported by the other layers, never the reverse.',
      ),
      ...restrict(
        ['electron', 'react', 'react-dom', 'dexie', 'zustand', 'simple-peer', 'ws', ...nodeBuiltinNames],
        ['node:*', 'react/*', 'zustand/*'],
        'shared/ is runtime-neutral: pass I/O in through a port.',
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.web.config.ts', 'renderer/**/*.test.{ts,tsx}'],
    rules: {
      ...zones(
        './renderer',
        ['./electron', './signaling-server', './e2e', './scripts'],
        'renderer/ reaches privileged code only through the host contract in shared/.',
      ),
      ...restrict(
        ['electron', ...nodeBuiltinNames],
        ['node:*'],
        'renderer/ runs in a sandboxed page: no Electron, no Node built-ins.',
      ),
    },
  },
  {
    files: ['signaling-server/**/*.ts'],
    rules: {
      ...zones(
        './signaling-server',
        ['./electron', './renderer', './e2e', './scripts'],
        'signaling-server/ imports only shared/.',
      ),
      ...restrict(['electron'], [], 'signaling-server/ is a plain Node service.'),
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: zones(
      './electron',
      ['./renderer', './signaling-server', './e2e'],
      'electron/ talks to the renderer over the host contract only.',
    ),
  },
];
