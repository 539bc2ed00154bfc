/**
 * CPU time per training step of one bench workload in a checkout, for comparing two commits on a busy machine
 * (wall times drift with the load; CPU time of one thread much less). Run it alternately on the two checkouts:
 *   GAN_STUDIO_WASM_THREADS=1 npx tsx scripts/ab-step-cpu.ts <checkout root> cgan28 8
 * Prints {root, name, cpuMs, wallMs}: medians over the measured steps after 2 warm-up steps.
 */
export {};

const [root, workload, stepsArg] = process.argv.slice(2);
if (!root || !workload) throw new Error('usage: npx tsx scripts/ab-step-cpu.ts <checkout root> <workload> [steps]');
const steps = Number(stepsArg ?? 8);
const { resolveBackend } = await import(`${root}/src-main/engine/compute/resolve-backend.ts`);
// The bench moved out of the engine with the model interface: older checkouts keep it under src-main/engine.
const wl = await import(`${root}/src-main/bench/workloads.ts`).catch(() => import(`${root}/src-main/engine/bench/workloads.ts`));
await resolveBackend({});
const session = await wl.WORKLOADS[workload].setup({ backend: 'wasm' });
for (let i = 0; i < 2; i++) await session.step();
const cpu: number[] = [], wall: number[] = [];
for (let i = 0; i < steps; i++) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  await session.step();
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  wall.push(performance.now() - t0);
}
await session.dispose();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(JSON.stringify({ root, name: workload, cpuMs: Math.round(median(cpu)), wallMs: Math.round(median(wall)) }));
process.exit(0);
