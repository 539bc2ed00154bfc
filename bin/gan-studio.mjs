#!/usr/bin/env node
// The `gan-studio` command. The engine is TypeScript: it runs from a bundle that bin/cli-bundle-build.mjs builds on
// first use and again after any edit of its sources, or through tsx when there is no fresh bundle to run (another
// process is building it, the checkout is read-only, a source does not compile). Either way `npx gan-studio` works right
// after `npm install` with no build step; only the web UI needs `npm run build` (`npm run web` does both).
// GAN_STUDIO_CLI=tsx always runs through tsx; GAN_STUDIO_LAUNCH_TRACE=1 says on stderr which way this start went.
import { pathToFileURL } from 'node:url';
import { freshBundle, projectRootOf } from './cli-bundle.mjs';

/** The fresh bundle's folder (building it if need be) or null, and how this start goes, for the trace. */
async function bundleToRun() {
  if (process.env.GAN_STUDIO_CLI === 'tsx') return { dir: null, how: 'tsx' };
  const root = projectRootOf(import.meta.url);
  const fresh = freshBundle(root);
  if (fresh) return { dir: fresh, how: 'bundle' };
  try {
    const { buildBundle } = await import('./cli-bundle-build.mjs');
    const built = await buildBundle(root);
    return built ? { dir: built, how: 'bundle-built' } : { dir: null, how: 'tsx (another process is building the bundle)' };
  } catch (err) {
    return { dir: null, how: `tsx (build failed: ${String(err.message).split('\n')[0]})` };
  }
}

const t0 = performance.now();
const { dir, how } = await bundleToRun();
if (process.env.GAN_STUDIO_LAUNCH_TRACE) process.stderr.write(`gan-studio launch: ${how} ${(performance.now() - t0).toFixed(1)} ms\n`);
let moduleUrl = (name) => pathToFileURL(`${dir}/${name}.js`).href;
if (!dir) {
  const { register } = await import('tsx/esm/api');
  register();
  moduleUrl = (name) => new URL(`../src-main/cli/${name}.ts`, import.meta.url).href;
}
const { guardPipes, muteTfjsBanner } = await import(moduleUrl('pipe-guard'));
guardPipes();
muteTfjsBanner();
const { main } = await import(moduleUrl('main'));
process.exitCode = await main(process.argv.slice(2));
