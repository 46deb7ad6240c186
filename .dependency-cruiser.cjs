// The architecture as rules (README "Architecture"; apps/api/src/modules/README.md). `npm run
// boundaries` checks them; CI fails on any violation. Imports point downward only:
//   entry points (server, worker, cli) → app, jobs, seed → modules → http → db → config, shared
// and a module reaches another module only through its face, `modules/<name>/index.ts`.
// Tests (`*.test.ts`, `test/`) may reach internals: they test them. The web app (apps/web/src):
//   app (shell) → pages/<area> → components, ui, auth → api, lib, i18n; areas apart from each other.
const API = '^apps/api/src/';
const TEST = '(^apps/api/test/|[.]test[.]ts$)';
const WEB = '^apps/web/src/';
const HTTP_ADAPTER = '/[a-z-]*routes[.]ts$|/authenticator[.]ts$';

/** A rule forbidding files under `from` to import anything outside `allowed` (own folder kept). */
const only = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: TEST },
  to: { path: API, pathNot: [from, ...allowed] },
});

module.exports = {
  forbidden: [
    only('shared-imports-nothing', 'shared/ is the floor: it imports only shared/', `${API}shared/`, []),
    only(
      'config-imports-shared-only',
      'config.ts is read by every layer; it imports only shared/',
      `${API}config[.]ts$`,
      [`${API}shared/`],
    ),
    only('db-below-modules', 'db/ imports only config and shared/', `${API}db/`, [
      `${API}shared/`,
      `${API}config[.]ts$`,
    ]),
    only('http-below-modules', 'http/ serves every module and imports none', `${API}http/`, [
      `${API}shared/`,
      `${API}db/`,
      `${API}config[.]ts$`,
    ]),
    {
      name: 'domain-without-http',
      comment:
        "Only a module's HTTP adapters (routes, the bearer authenticator) may import http/: services, repositories and rules serve jobs and other adapters too",
      severity: 'error',
      from: { path: `${API}modules/`, pathNot: [TEST, HTTP_ADAPTER] },
      to: { path: `${API}http/` },
    },
    {
      name: 'module-through-its-face',
      comment: 'Another module is reached only through its index.ts; everything else is private to it',
      severity: 'error',
      from: { path: `${API}modules/([^/]+)/`, pathNot: TEST },
      to: { path: `${API}modules/`, pathNot: [`${API}modules/$1/`, `${API}modules/[^/]+/index[.]ts$`] },
    },
    {
      name: 'outside-through-faces',
      comment: 'app, jobs, seed and cli use modules through their faces too',
      severity: 'error',
      from: { path: API, pathNot: [TEST, `${API}modules/`] },
      to: { path: `${API}modules/[^/]+/.+`, pathNot: `${API}modules/[^/]+/index[.]ts$` },
    },
    {
      name: 'nothing-imports-entry-points',
      comment: 'server, worker and the CLIs are where the process starts; the composition root is app.ts',
      severity: 'error',
      from: { pathNot: [TEST, `${API}cli/`, '^apps/api/bench/'] },
      to: { path: `${API}(server|worker)[.]ts$|${API}cli/` },
    },
    {
      name: 'composition-root-on-top',
      comment: 'Only entry points (and tests) build the app',
      severity: 'error',
      from: { path: API, pathNot: [TEST, `${API}(server|worker)[.]ts$`, `${API}cli/`] },
      to: { path: `${API}app[.]ts$` },
    },
    {
      name: 'modules-below-jobs-and-seed',
      comment: 'Modules never depend on jobs, seed data or the composition root',
      severity: 'error',
      from: { path: `${API}(modules|http|db|shared)/`, pathNot: TEST },
      to: { path: `${API}(jobs|seed)/` },
    },
    {
      name: 'production-without-tests',
      comment: 'Production code never imports test code',
      severity: 'error',
      from: { path: '^(apps|packages)/[^/]+/src/', pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: 'contracts-stand-alone',
      comment: 'The API contract is shared by server and clients: it imports no application code',
      severity: 'error',
      from: { path: '^packages/contracts/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-apart-from-api',
      comment: 'The web app and the API share only the contract (packages/contracts) and HTTP',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'api-apart-from-web',
      comment: 'The API serves the built web app from disk; it imports none of its code',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '^apps/web/' },
    },
    {
      name: 'web-foundations-below-pages',
      comment: 'ui/, lib/, api/, i18n/ and components/ serve every page and import none (nor the app shell)',
      severity: 'error',
      from: { path: `${WEB}(ui|lib|api|i18n|components)/` },
      to: { path: `${WEB}(pages|app)/` },
    },
    {
      name: 'web-pages-apart',
      comment: "A page folder does not reach into another's: what two areas share lives in components/",
      severity: 'error',
      from: { path: `${WEB}pages/([^/]+)/` },
      to: { path: `${WEB}pages/[^/]+/`, pathNot: `${WEB}pages/$1/` },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing would silently escape every rule above',
      severity: 'error',
      from: {},
      // react-aria-components lists a `source` export condition (ours, for workspace packages)
      // first, for a folder it does not publish: TypeScript and Vite resolve it without that
      // condition, and this rule leaves it to them.
      to: { couldNotResolve: true, pathNot: '^react-aria-components$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.json'],
    },
  },
};
