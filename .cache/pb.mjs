import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const ext = [pkg.dependencies, pkg.optionalDependencies, pkg.devDependencies].flatMap((d) => Object.keys(d)).filter((n) => n !== 'zod').concat('@tensorflow/*');
const z = { name: 'z', setup(b) { b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";', loader: 'js' })); } };
await esbuild.build({ entryPoints: { prof: '.cache/prof.ts' }, outdir: '.cache/pb', bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', external: ext, plugins: [z], minifyWhitespace: true, minifySyntax: true, banner: { js: "import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);" } });
