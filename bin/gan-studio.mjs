#!/usr/bin/env node
// The `gan-studio` command. The engine is TypeScript run through tsx, so `npx gan-studio` works right after
// `npm install` with no build step; only the web UI needs `npm run build` (`npm run web` does both).
import { register } from 'tsx/esm/api';

register();
const { guardPipes, muteTfjsBanner } = await import('../src-main/cli/pipe-guard.ts');
guardPipes();
muteTfjsBanner();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
