/**
 * The direction of the code (docs/ARCHITECTURE.md), checked by `npm run lint` with
 * dependency-cruiser:
 * - no circular imports anywhere outside tests (type-only imports count: a type cycle is a cycle);
 * - inside core/, each folder imports only the folders listed before it in CORE_LAYERS;
 * - the runtimes stay apart: core/ imports no host, the renderer no Node code, and the two Node
 *   hosts (cli/, electron/) share code through node/, never by importing each other.
 */

/** core/'s folders, lowest first. A folder may import itself and any folder before it. */
const CORE_LAYERS = [
  'base', // ports, language, redaction, small helpers: imports nothing of ours
  'feishu', // the platform client, its types, the limiter
  'messages', // content decoding, merge-forward trees, IDs
  'errors', // the catalogue and explanations of failures
  'export', // writers of the five formats
  'handoff', // handing a finding on: the ticket bundle, the summary for chat, links into the app
  'conversations', // a chat or a thread, page by page: the walk an export resumes
  'events', // the long connection: its frames, and the events a bot receives
  'sandbox', // the emulator of the platform
  'storage', // the key-value port and the store errors
  'profiles', // profiles and their secrets
  'history', // the lookups kept
  'batch', // running many lookups at the platform's pace
  'api', // the contract between the renderer and the main side, its schemas and dispatch
  'app', // the service that implements the contract, and the stores it opens
];

/** Test support that tests and benchmarks use; nothing in core/ proper imports it. */
const CORE_TEST_SUPPORT = 'testing';

const tests = '\\.test\\.tsx?$';

function layerRules(layers = CORE_LAYERS, root = 'core') {
  return layers.slice(0, -1).map((layer, index) => ({
    name: `layer-${layer}`,
    comment: `core/${layer} sits below ${layers.slice(index + 1).join(', ')}: it may not import them (docs/ARCHITECTURE.md).`,
    severity: 'error',
    from: { path: `^${root}/${layer}/`, pathNot: tests },
    to: { path: `^${root}/(${layers.slice(index + 1).join('|')})/` },
  }));
}

const forbidden = [
  {
    name: 'no-circular',
    comment: 'Two modules that import each other (directly or around a ring) cannot be understood or changed one at a time.',
    severity: 'error',
    from: { pathNot: tests },
    to: { circular: true, viaOnly: { pathNot: tests } },
  },
  {
    name: 'core-in-a-known-folder',
    comment: `Every file of core/ lives in one of its layers (${CORE_LAYERS.join(', ')}) or in core/${CORE_TEST_SUPPORT}.`,
    severity: 'error',
    from: { path: '^core/', pathNot: `^core/(${[...CORE_LAYERS, CORE_TEST_SUPPORT].join('|')})/` },
    to: {},
  },
  ...layerRules(),
  {
    name: 'core-not-test-support',
    comment: `core/${CORE_TEST_SUPPORT} is for tests and benchmarks only.`,
    severity: 'error',
    from: { path: '^(core|cli|electron|node|renderer)/', pathNot: `${tests}|^core/${CORE_TEST_SUPPORT}/` },
    to: { path: `^core/${CORE_TEST_SUPPORT}/` },
  },
  {
    name: 'core-runs-anywhere',
    comment: 'core/ depends on no host: pass what it needs in through a port.',
    severity: 'error',
    from: { path: '^core/' },
    to: { path: '^(cli|electron|node|renderer)/' },
  },
  {
    name: 'renderer-only-through-the-contract',
    comment: 'The renderer is sandboxed: it reaches the main side only through InspectorApi.',
    severity: 'error',
    from: { path: '^renderer/' },
    to: { path: '^(cli|electron|node)/' },
  },
  {
    name: 'node-layer-below-the-hosts',
    comment: 'node/ is shared by the CLI and the desktop: it imports neither.',
    severity: 'error',
    from: { path: '^node/' },
    to: { path: '^(cli|electron|renderer)/' },
  },
  {
    name: 'hosts-apart',
    comment: 'The CLI and the desktop share code through node/, not by importing each other.',
    severity: 'error',
    from: { path: '^cli/' },
    to: { path: '^electron/' },
  },
  {
    name: 'hosts-apart-desktop',
    comment: 'The CLI and the desktop share code through node/, not by importing each other.',
    severity: 'error',
    from: { path: '^electron/', pathNot: tests },
    to: { path: '^cli/' },
  },
  {
    name: 'not-to-unresolvable',
    comment: 'An import that resolves to nothing is a typo or a missing dependency.',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|dist-electron|release|test-results|\\.reports)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.mjs', '.js', '.cjs'],
    },
  },
};
