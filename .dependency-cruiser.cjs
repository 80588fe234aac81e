// The layers of docs/architecture.md, enforced by `npm run lint` (dependency-cruiser).
// A folder may import its own layer's folders and any layer below it, never one above;
// and no two folders (nor two modules) may import each other, directly or round a loop.
// test/architecture/layers.test.ts proves each rule fails on a bad import.
/** @type {string[][]} top first: each entry is one layer's folders (paths under the repo root) */
const layers = [
  ['src/index.ts', 'src/app.ts'],
  ['src/console'],
  ['src/channels'],
  ['src/http'],
  ['src/bot'],
  ['dialogs'],
  ['src/handoff', 'src/safeguarding', 'src/nlu', 'src/privacy', 'src/reports'],
  ['src/domain', 'src/turn'],
  ['src/store'],
  // The case itself, below the store ports that keep it (and so inside src/domain, but lower).
  ['src/domain/model'],
  ['src/security'],
  ['src/content', 'src/config', 'src/text', 'src/observability'],
];

const pattern = (folders) => `^(${folders.map((f) => f.replace(/\./g, '\\.')).join('|')})(/|$)`;

/** @param {string[]} folders */
const notIn = (folders) => (folders.length > 0 ? { pathNot: pattern(folders) } : {});

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const upward = layers.slice(1).map((layer, index) => ({
  name: `layer-${index + 1}-imports-upward`,
  comment: `${layer.join(', ')} may not import a layer above it (${layers
    .slice(0, index + 1)
    .flat()
    .join(', ')}); see docs/architecture.md`,
  severity: 'error',
  // A folder of a lower layer may sit inside one of a higher layer (src/domain/model in src/domain):
  // it counts as its own layer, on both sides of the rule.
  from: { path: pattern(layer), ...notIn(layers.slice(index + 2).flat()) },
  to: { path: pattern(layers.slice(0, index + 1).flat()), ...notIn(layers.slice(index + 1).flat()) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-module-cycles',
      comment: 'Two modules import each other (directly or round a loop)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders import each other (directly or round a loop); see docs/architecture.md',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
