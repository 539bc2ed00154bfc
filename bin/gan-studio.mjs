#!/usr/bin/env node
// The `gan-studio` command. The engine is TypeScript: it runs from a bundle that bin/cli-bundle.mjs builds on first
// use and rebuilds after any edit of its sources, or through tsx while that build is not possible (another process
// is building it, the checkout is read-only, a source does not compile). Either way `npx gan-studio` works right
// after `npm install` with no build step; only the web UI needs `npm run build` (`npm run web` does both).
// GAN_STUDIO_CLI=tsx runs through tsx always; GAN_STUDIO_LAUNCH_TRACE=1 says on stderr which way this start went.
import { pathToFileURL } from 'node:url';
import { buildBundle, freshBundle, projectRootOf } from './cli-bundle.mjs';

const t0 = performance.now();
const root = projectRootOf(import.meta.url);
let dir = null, how = 'tsx';
if (process.env.GAN_STUDIO_CLI !== 'tsx') {
  dir = freshBundle(root);
  how = dir ? 'bundle' : 'bundle-built';
  if (!dir) dir = await buildBundle(root).catch((err) => ((how = `tsx (build failed: ${err.message.split('\n')[0]})`), null));
  if (!dir && how === 'bundle-built') how = 'tsx (another process is building the bundle)';
}
if (process.env.GAN_STUDIO_LAUNCH_TRACE) process.stderr.write(`gan-studio launch: ${how} ${(performance.now() - t0).toFixed(1)} ms\n`);

let src = (file) => pathToFileURL(`${dir}/${file}.js`).href;
if (!dir) {
  const { register } = await import('tsx/esm/api');
  register();
  src = (file) => new URL(`../src-main/cli/${file}.ts`, import.meta.url).href;
}
const { guardPipes, muteTfjsBanner } = await import(src('pipe-guard'));
guardPipes();
muteTfjsBanner();
const { main } = await import(src('main'));
process.exitCode = await main(process.argv.slice(2));
