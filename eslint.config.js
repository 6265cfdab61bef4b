// Lint rules: typescript-eslint's recommended set on top of ESLint's; type-aware rules stay off
// so lint remains fast on the 2-core CI machine (tsc already does the type checking).
//
// Below them, the shape of the code (docs/architecture.md, "Guarding the shape"): which folders may
// import which, and how large a file or function may grow. Layering uses no-restricted-imports
// with one config object per group of files, because in a flat config a later object's options
// for a rule replace an earlier one's: each file must fall in exactly one layering group.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Relative import of a top-level src/ folder or file, from any depth below src/.
const relative = (name) => `^(\\./|(\\.\\./)+)${name}`;

const IO_FOLDERS = {
  regex: relative('(store|sources|api|cli)/'),
  message: 'pure code (schema, query, codecs, transforms, parsers, contracts, pure ledger files) imports no I/O folder: pass what it needs in',
};
const SERVER = {
  regex: relative('server(\\.ts|\\.js)?$'),
  message: 'only src/cli/main.ts starts the server',
};
const IO_MODULES = {
  regex: '^(node:)?(fs|tls|dgram|http|https|http2|child_process|worker_threads|cluster|dns|os|process|readline)(/.*)?$',
  message: 'pure code does no I/O: the caller does it and passes the data in',
};
// node:net's address checks are pure; its sockets are not.
const NET_SOCKETS = {
  regex: '^(node:)?net$',
  allowImportNames: ['isIP', 'isIPv4', 'isIPv6', 'BlockList', 'SocketAddress'],
  message: 'pure code may use node:net only for address checks (isIP, isIPv4, isIPv6, BlockList, SocketAddress)',
};
const API = {
  regex: relative('api/'),
  message: 'only src/server.ts imports src/api/: move what is shared to src/contracts/ or a pure folder',
};
const CLI = {
  regex: relative('cli/'),
  message: 'only src/cli/ imports src/cli/ (its entry point is src/cli/main.ts)',
};
const TRANSFORMS = {
  regex: relative('transforms/'),
  message: 'codecs turn bytes into values and do not import transforms: the source calls both',
};

const PURE_LEDGER = ['merkle', 'merkle-basics', 'merkle-hash', 'merkle-frontier', 'merkle-proofs', 'canonical-json', 'checkpoint', 'tiles', 'leaf', 'leaf-sql', 'evidence', 'verify-problems'].map(
  (name) => `src/ledger/${name}.ts`,
);
const PURE_DETECTION = ['src/detection/sigma/**', 'src/detection/engine/**', 'src/detection/correlation/**', 'src/detection/rule.ts', 'src/detection/detection.ts', 'src/detection/mapping.ts'];
const PURE = ['src/schema/**', 'src/query/**', 'src/transforms/**', 'src/contracts/**', 'src/parsers/**', ...PURE_LEDGER, ...PURE_DETECTION];
const TESTS = ['**/*.test.ts', '**/*.fixtures.ts', '**/*.bench.ts', '**/testdata/**'];

const restrict = (files, ignores, patterns) => ({
  files,
  ignores: [...TESTS, ...ignores],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

// The web UI runs in the browser: it imports only itself, the contracts (as types: the API's
// shapes) and its npm packages, never server code or Node's modules.
const UI_SERVER_CODE = {
  regex:
    '^(\\./|(\\.\\./)+)(access|alerts|api|audit|bench|cli|codecs|config|detection|entities|errors|http|ingest|ledger|notify|observability|parsers|query|runtime|schema|sources|store|stream|systems|transforms)/',
  message: 'the web UI imports only src/ui/ and src/contracts/ (types): what it needs from the server comes through the API',
};
const NODE_MODULES = { regex: '^node:', message: 'the web UI runs in the browser: no Node modules' };

const layering = [
  restrict(['src/ui/**'], [], [UI_SERVER_CODE, NODE_MODULES, SERVER]),
  restrict(PURE, [], [IO_FOLDERS, SERVER, IO_MODULES, NET_SOCKETS]),
  restrict(['src/codecs/**'], [], [IO_FOLDERS, SERVER, IO_MODULES, NET_SOCKETS, TRANSFORMS]),
  restrict(['src/api/**'], [], [CLI, SERVER]),
  restrict(['src/cli/**'], [], [API]),
  restrict(['src/server.ts'], [], [CLI]),
  // Everything else in src/ (sources, store, ingest, config, access, bench, impure ledger files…).
  restrict(['src/**'], [...PURE, 'src/codecs/**', 'src/api/**', 'src/cli/**', 'src/server.ts', 'src/ui/**'], [API, CLI, SERVER]),
];

// Size: a file past ~400 lines holds more than one concept and a function past ~60 lines more than
// one step; both count code only. Tests are tables of cases and long scenarios read top to bottom,
// so they are left out (splitting a scenario to please a counter makes it harder to follow).
const size = {
  files: ['src/**/*.ts', 'src/**/*.tsx'],
  ignores: TESTS,
  rules: {
    'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['src/ui/**'], languageOptions: { globals: globals.browser } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  // One clock (src/runtime/clock.ts): logic takes a Clock so tests can set the time. A duration for a
  // metric or a log throttle uses performance.now(). Tests and benchmarks may read the machine's clock.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/*.bench.ts', 'src/**/*.fixtures.ts', 'src/bench/**', 'src/runtime/clock.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'take a Clock (src/runtime/clock.ts) and call clock.now(); for a duration use performance.now()' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the machine clock: take a Clock and use new Date(clock.now())' },
      ],
    },
  },
  ...layering,
  size,
);
