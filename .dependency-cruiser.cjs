// The layering rule of docs/adr/0017-layering.md, checked by `npm run lint` (depcruise src bench test).
// Layers, lowest first; an import may point down or sideways, never up:
//   shared  <-  eventstore  <-  contexts (identity, calendar, cases, ...)  <-  entry points (app, cli, demo, main)
// Inside a context, domain/ is pure: it reads other domains, src/shared/domain and the event store's types only.

const CONTEXTS = [
  'calendar',
  'cases',
  'deadlines',
  'health',
  'identity',
  'observability',
  'personal-data',
  'planning',
  'publication',
  'reporting',
  'review',
];
// Every file or folder directly under src/ that is not a layer of its own composes the application.
const ENTRY_POINTS = '^src/(app|app\\.module|cli|database|demo|main|migrations)([./]|$)';
const CONTEXT = `^src/(${CONTEXTS.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move what both sides need into a module that neither of them imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-imports-only-shared',
      severity: 'error',
      comment:
        'src/shared is the lowest layer: it must not know the event store, a context or an entry point. Move the ' +
        'code up to where it is used, or declare the contract in src/shared and implement it above.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'eventstore-not-up',
      severity: 'error',
      comment:
        'The event store knows no context and no entry point (design.md: no domain knowledge). It may import ' +
        'src/shared only.',
      from: { path: '^src/eventstore/' },
      to: { path: '^src/', pathNot: '^src/(shared|eventstore)/' },
    },
    {
      name: 'context-not-to-entry-point',
      severity: 'error',
      comment:
        'A context may import src/shared, the event store and other contexts, never the application that ' +
        'composes them (app, app.module, cli, database, demo, main, migrations).',
      from: { path: CONTEXT },
      to: { path: ENTRY_POINTS },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        "A context's domain/ is pure (design.md): it may import other domains, src/shared/domain and the test " +
        'helpers of src/shared/testing, never commands, queries, projections, HTTP, migrations or other ' +
        'infrastructure.',
      from: { path: '^src/[^/]+/domain/' },
      to: {
        path: '^src/',
        pathNot: ['^src/[^/]+/domain/', '^src/eventstore/', '^src/shared/(domain|testing)/'],
      },
    },
    {
      name: 'domain-reads-only-event-store-types',
      severity: 'error',
      comment:
        "A context's domain/ may name the event store's types (DomainEvent, Decider, StoredEvent), not run its " +
        'code: import them with `import type`.',
      from: { path: '^src/[^/]+/domain/' },
      to: { path: '^src/eventstore/', pathNot: '^src/eventstore/testing/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-without-frameworks',
      severity: 'error',
      comment: "A context's domain/ imports no framework, database or queue client (design.md: no Nest, no TypeORM).",
      from: { path: '^src/[^/]+/domain/' },
      to: {
        path: 'node_modules/(@nestjs/[^/]+|typeorm|pg|pg-[^/]+|bullmq|ioredis|express|class-validator|class-transformer)/',
      },
    },
    {
      name: 'src-not-to-test',
      severity: 'error',
      comment: 'Code under src/ (unit specs too) must not import test/ or bench/; shared test helpers live in src/shared/testing.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'The import resolves to no file: a typo, a moved module, or a package that is not installed.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-compiled-js-beside-sources',
      severity: 'error',
      comment:
        'This import resolved to a .js file beside the sources: compiled output (tsc without -p) that shadows ' +
        'the .ts file for Jest and for this check. Delete it; builds go to dist/.',
      from: {},
      to: { path: '^(src|test|bench)/.+\\.js$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are arrows too: a cycle through `import type` is still a cycle of the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Relative imports end in .js (nodenext) and name the .ts file; dependency-cruiser maps a missing .js to its .ts
    // as tsc does. These options make packages resolve through their ESM `exports` like Node does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
