import type { Info } from '../../shared/api/contract';
import { adapterLimitRows, adapterSummary } from '../../shared/domain/backend';
import type { CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { printResult } from '../output';

/** `gan-studio info`: version, home and which compute backend runs (and why the others did not load). */
export const infoCommand: CommandSpec = {
  name: 'info',
  summary: 'show the version, the studio home and the compute backend',
  usage: 'gan-studio info [--home DIR] [--backend NAME] [--json]',
  options: {},
  async run(parsed) {
    return withStudio(parsed, async (studio) => {
      const info = (await studio.dispatch('app.info', {})) as Info;
      const b = info.backend;
      return printResult(parsed.json, { version: info.version, home: info.home, backend: b }, () => [
        `GAN Studio ${info.version}`,
        `home     ${info.home}`,
        `backend  ${b.active ?? 'none'}${b.threads ? ` (${b.threads} thread${b.threads === 1 ? '' : 's'})` : ''}${b.tfjsVersion ? `, tfjs ${b.tfjsVersion}` : ''}`,
        ...b.candidates.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.name.padEnd(14)} ${c.reason}`),
        ...(b.adapter ? [`adapter  ${adapterSummary(b.adapter)}`, ...adapterLimitRows(b.adapter).map(([k, v]) => `  ${k.padEnd(34)} ${v}`)] : []),
        ...(b.warning ? [`warning  ${b.warning}`] : []),
      ]);
    });
  },
};
