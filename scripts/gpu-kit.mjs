#!/usr/bin/env node
// `npm run gpu-kit`: builds out/gpu-kit/gan-studio-gpu-kit.tar.xz, an offline kit for a Linux x64 machine with an
// NVIDIA driver and PyTorch (CUDA) but no Node and no network: Node, a single-file bundle of the bench and its tfjs
// code, Dawn's linux-x64 dawn.node, the Vulkan loader of Debian's libvulkan1, torch_reference.py and run.sh.
// Needs here: node_modules (with the optional webgpu package), apt-get download (Debian), xz.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bench's entry module (exports `runBench`): the one line to change when the bench moves. */
const BENCH_ENTRY = 'src-main/bench/run-bench.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
/** `--out DIR` builds elsewhere (the test does); `--no-archive` stops before xz (minutes on 2 cores). */
const OUT = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(ROOT, 'out', 'gpu-kit');
const KIT = join(OUT, 'gan-studio-gpu-kit');
const ARCHIVE = join(OUT, 'gan-studio-gpu-kit.tar.xz');
const LIMIT_MIB = 60;
const TORCH_REFERENCE = process.env.GAN_STUDIO_TORCH_REFERENCE ?? join(ROOT, '..', 'shared', 'bench', 'torch_reference.py');
/** Native and browser-only packages some bench workloads import: the kit runs only the training workloads. */
const STUBBED = ['sharp', 'better-sqlite3', 'playwright', 'playwright-core', 'electron', 'ws'];

const require = createRequire(join(ROOT, 'package.json'));
const log = (msg) => process.stderr.write(`gpu-kit: ${msg}\n`);
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

function fail(msg) {
  log(msg);
  process.exit(1);
}

/** esbuild: one ESM file with tfjs, both optional backends and the bench compiled in. */
async function bundle() {
  const { build } = await import('esbuild');
  const abs = (p) => JSON.stringify(join(ROOT, p));
  const entry = [
    "import { dirname, join } from 'node:path';",
    "import { fileURLToPath } from 'node:url';",
    "import * as tfWebgpu from '@tensorflow/tfjs-backend-webgpu';",
    "import * as tfWasm from '@tensorflow/tfjs-backend-wasm';",
    `import { registerBundledPackage } from ${abs('src-main/engine/compute/node-require.ts')};`,
    `import { runBench } from ${abs(BENCH_ENTRY)};`,
    `import { kitMain } from ${abs('scripts/gpu-kit-main.ts')};`,
    'const here = dirname(fileURLToPath(import.meta.url));',
    // the wasm loader points tfjs at the .wasm files beside this stand-in path
    "registerBundledPackage('@tensorflow/tfjs-backend-wasm', tfWasm, join(here, 'wasm', 'tf-backend-wasm.node.js'));",
    "registerBundledPackage('@tensorflow/tfjs-backend-webgpu', tfWebgpu, join(here, 'tf-backend-webgpu.node.js'));",
    'globalThis.__ganKitRunning = true;',
    'process.exitCode = await kitMain(process.argv.slice(2), runBench);',
  ].join('\n');
  const stubs = {
    name: 'kit-stubs',
    setup(b) {
      const filter = new RegExp(`^(${STUBBED.join('|')})(/.*)?$`);
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'kit-stub' }));
      // Calls made while modules load (e.g. `sharp.cache(false)`) are allowed; once the kit runs, any use throws.
      b.onLoad({ filter: /.*/, namespace: 'kit-stub' }, (args) => ({
        contents: `const msg = ${JSON.stringify(`${args.path} is not in the GPU kit: only the training workloads run there`)};
const stub = () => new Proxy(function () {}, {
  get: (_, k) => (typeof k === 'symbol' || k === '__esModule' || k === 'then' ? undefined : stub()),
  apply: () => { if (globalThis.__ganKitRunning) throw new Error(msg); return stub(); },
  construct: () => { throw new Error(msg); },
});
module.exports = stub();`,
        loader: 'js',
      }));
    },
  };
  await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'gpu-kit-entry.ts', loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: join(KIT, 'gan-kit.mjs'),
    legalComments: 'none', logLevel: 'warning', plugins: [stubs],
    // CommonJS packages inside an ESM bundle still call require('fs') & co.
    banner: {
      js: "import { createRequire as __kitRequire } from 'node:module'; import { fileURLToPath as __kitPath } from 'node:url';\n"
        + 'const require = __kitRequire(import.meta.url); const __filename = __kitPath(import.meta.url); const __dirname = __filename.replace(/[/][^/]*$/, "");',
    },
  });
}

/** The Vulkan loader from Debian's libvulkan1 (apt-get download + dpkg -x: no install, no root). */
function vulkanLoader() {
  const debs = join(ROOT, '.tmp', 'gpu-kit-debs');
  mkdirSync(debs, { recursive: true });
  if (!readdirSync(debs).some((f) => f.startsWith('libvulkan1_') && f.endsWith('.deb'))) {
    execFileSync('apt-get', ['download', 'libvulkan1:amd64'], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const deb = readdirSync(debs).find((f) => f.startsWith('libvulkan1_'));
  const x = join(debs, 'x');
  rmSync(x, { recursive: true, force: true });
  execFileSync('dpkg', ['-x', join(debs, deb), x]);
  const libDir = join(x, 'usr', 'lib', 'x86_64-linux-gnu');
  const real = readdirSync(libDir).find((f) => /^libvulkan\.so\.1\.\d/.test(f));
  if (!real) fail(`no libvulkan.so.1.* in ${deb}`);
  mkdirSync(join(KIT, 'lib'), { recursive: true });
  copyFileSync(join(libDir, real), join(KIT, 'lib', 'libvulkan.so.1'));
  return deb;
}

async function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') fail('builds on Linux x64 only (it ships this machine\'s node)');
  const webgpuMain = (() => { try { return require.resolve('webgpu'); } catch { return null; } })();
  if (!webgpuMain) fail('the optional dependency `webgpu` is not installed: run npm install');
  if (!existsSync(TORCH_REFERENCE)) fail(`torch_reference.py not found at ${TORCH_REFERENCE} (set GAN_STUDIO_TORCH_REFERENCE)`);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(KIT, 'wasm'), { recursive: true });

  log(`bundling ${BENCH_ENTRY} with tfjs`);
  await bundle();
  const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  for (const f of readdirSync(wasmDist).filter((n) => n.endsWith('.wasm'))) copyFileSync(join(wasmDist, f), join(KIT, 'wasm', f));
  copyFileSync(join(dirname(webgpuMain), 'dist', 'linux-x64', 'dawn.node'), join(KIT, 'dawn.node'));
  log(`Vulkan loader from ${vulkanLoader()}`);
  copyFileSync(process.execPath, join(KIT, 'node'));
  copyFileSync(TORCH_REFERENCE, join(KIT, 'torch_reference.py'));
  copyFileSync(join(ROOT, 'scripts', 'gpu-kit-run.sh'), join(KIT, 'run.sh'));
  chmodSync(join(KIT, 'run.sh'), 0o755);
  writeFileSync(join(KIT, 'README.txt'), [
    'GAN Studio GPU kit (built by `npm run gpu-kit`).',
    'Unpack: tar xJf gan-studio-gpu-kit.tar.xz   (no xz? python3 -m tarfile -e gan-studio-gpu-kit.tar.xz .)',
    'Run:    gan-studio-gpu-kit/run.sh            (--smoke: a quick check of the kit; VK_ICD_FILENAMES is honoured)',
    `Node ${process.version}; bench entry ${BENCH_ENTRY}; results in results.jsonl and selftest.jsonl.`,
    '',
  ].join('\n'));

  if (process.argv.includes('--no-archive')) {
    console.log(JSON.stringify({ folder: KIT, benchEntry: BENCH_ENTRY }));
    return;
  }
  log('compressing (xz -9)');
  execFileSync('tar', ['-C', OUT, '-cf', ARCHIVE, '--use-compress-program=xz -9 -T0', 'gan-studio-gpu-kit']);
  const size = statSync(ARCHIVE).size;
  for (const f of ['node', 'dawn.node', 'gan-kit.mjs', 'lib/libvulkan.so.1']) log(`  ${f}: ${mib(statSync(join(KIT, f)).size)} MiB unpacked`);
  log(`${ARCHIVE}: ${mib(size)} MiB`);
  if (size > LIMIT_MIB * 1024 * 1024) fail(`the kit is ${mib(size)} MiB, above the ${LIMIT_MIB} MiB limit`);
  console.log(JSON.stringify({ archive: ARCHIVE, folder: KIT, mib: Number(mib(size)), benchEntry: BENCH_ENTRY }));
}

await main();
