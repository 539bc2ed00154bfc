/**
 * Quiet ends for closed pipes. `gan-studio lineage … | head` closes stdout early; without a listener Node turns the
 * EPIPE into an uncaught exception and prints its stack. The reader has gone, so what is left to print is dropped,
 * while the command finishes its work (a run still writes its checkpoint, `serve` keeps serving) and exits with its
 * own code. A closed stderr only stops the progress lines, the same way. Any other output error ends the process.
 */
export function guardPipes(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    process.stderr.write(`gan-studio: cannot write the output: ${err.message}\n`);
    process.exit(1);
  });
  process.stderr.on('error', () => undefined);
}

/**
 * tfjs prints an "install our node backend" banner the first time its pure-JS `cpu` backend holds a tensor. The
 * studio picks its backend on purpose (`gan-studio info` says which and why), so the advice only confuses people
 * reading the CLI's or the server's terminal. Every other warning passes.
 */
export function muteTfjsBanner(): void {
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('install our node backend')) return;
    warn(...args);
  };
}
