/**
 * The architecture rules of the project (docs/architecture.md), checked by dependency-cruiser
 * over the product code: `test/project/architecture.test.ts` runs it and fails listing every
 * violation; `npx depcruise --config .dependency-cruiser.cjs main.ts clusters charts …` prints
 * the same. Data flows one way: spec → model → generators → files.
 *
 * Paths are relative to the folder dependency-cruiser runs in (the project root, or a test
 * fixture laid out like it).
 */

/** The generators: each turns the model into files of one kind. */
const GENERATORS = ['charts', 'inventory-gen', 'fcc-gen', 'topology-gen', 'dns-gen', 'deploy-gen', 'gitops-gen', 'images-gen'];
const GENERATOR = `^(${GENERATORS.join('|')})/`;
const OTHER_GENERATOR_THAN_CHARTS = `^(${GENERATORS.filter((g) => g !== 'charts').join('|')})/`;

/**
 * Known violations owned by work in progress elsewhere, named file by file: each is removed
 * the day its work lands, and the rule then holds everywhere. Never widen one to a folder.
 * The architecture test fails when an exception is no longer needed (it cruises once with
 * ARCHITECTURE_NO_EXCEPTIONS=1).
 */
const IN_PROGRESS = {
  /** Files whose import circles are excepted, e.g. '^deploy-gen/plan\\.ts$' (none today). */
  circular: [],
  /** Generator files excepted from not importing the pipeline (none today). */
  generatorToPipeline: [],
};
/** `pathNot` of a rule's `from` for its exceptions: none when there are none, or under ARCHITECTURE_NO_EXCEPTIONS. */
const except = (files) => (files.length > 0 && !process.env.ARCHITECTURE_NO_EXCEPTIONS ? { pathNot: files } : {});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle, type-only imports included: the data flow is one way (spec → model → generators → files). Move the shared part into the lower layer; a construct that takes the object creating it declares the interface it needs (KeycloakRealmSync takes a RealmSyncTarget, which a KeycloakServer is).',
      from: { ...except(IN_PROGRESS.circular) },
      to: { circular: true },
    },
    {
      name: 'model-imports-only-itself',
      severity: 'error',
      comment:
        'clusters/model/ imports only clusters/model/ and the committed upstream data it reads (upstream/<source>/*.json, e.g. upstream/kubespray/releases.json): no generator, no pipeline, no npm package. A rule that needs a generator is passed in (validateSpec(spec, source, rules)).',
      from: { path: '^clusters/model/' },
      to: { pathNot: ['^clusters/model/', '^upstream/[^/]+/[^/]+\\.json$'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'output-is-a-leaf',
      severity: 'error',
      comment: 'output/ (files, serialize, shell, objects) is the shared leaf every layer may import: it imports nothing of the project.',
      from: { path: '^output/' },
      to: { pathNot: '^output/', dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'upstream-facts-are-a-leaf',
      severity: 'error',
      comment: 'upstream/facts.ts (the readers of the committed upstream facts) imports nothing of the project but the leaf output/ (the project root), so that every layer may read them.',
      from: { path: '^upstream/' },
      to: { pathNot: ['^upstream/', '^output/'], dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'generators-do-not-import-the-pipeline',
      severity: 'error',
      comment: 'A generator reads the model (and output/, upstream/facts.ts); the pipeline (synth/, main.ts) and the scripts call generators, never the reverse.',
      from: { path: GENERATOR, ...except(IN_PROGRESS.generatorToPipeline) },
      to: { path: ['^synth/', '^scripts/', '^main\\.ts$'] },
    },
    {
      name: 'generators-do-not-read-the-output-back',
      severity: 'error',
      comment:
        'A generator computes from the model and the objects the pipeline hands it, never from YAML parsed back: output/objects.ts (the parser and its cache) is for the validator and --diff only.',
      from: { path: GENERATOR },
      to: { path: '^output/objects\\.ts$' },
    },
    {
      name: 'charts-do-not-import-other-generators',
      severity: 'error',
      comment:
        'charts/ renders manifests from the model alone. Other generators may read the charts (e.g. deploy-gen and images-gen read the HelmRelease type and the platform releases), never the reverse.',
      from: { path: '^charts/' },
      to: { path: OTHER_GENERATOR_THAN_CHARTS },
    },
    {
      name: 'product-does-not-import-tests',
      severity: 'error',
      comment: 'Nothing outside test/ imports test/: a clone must synth, validate and bench without the tests.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'imports-resolve',
      severity: 'error',
      comment: 'An import dependency-cruiser cannot resolve cannot be checked by the rules above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules/', '^build/', '^dist/'] },
    // `import type` counts: a type import is a dependency of the design even if the compiler drops it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
