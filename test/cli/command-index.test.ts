import { describe, expect, it } from 'vitest';
import { COMMAND_INDEX } from '../../src-main/cli/command-index';

describe('the command index (what --help lists without loading any command)', () => {
  it("names each command once, and lists it with its spec's own summary", async () => {
    expect(new Set(COMMAND_INDEX.map((c) => c.name)).size).toBe(COMMAND_INDEX.length);
    for (const entry of COMMAND_INDEX) {
      const spec = await entry.load();
      expect(spec.name).toBe(entry.name);
      // A new model changes train's summary: say it in command-index.ts too.
      expect(entry.summary, entry.name).toBe(spec.summary);
    }
  });
});
