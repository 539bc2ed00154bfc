import { existsSync } from 'node:fs';

/**
 * Debian's Chromium where it is installed (`apt-get install chromium`), Playwright's own browser elsewhere.
 * The flags keep Chromium from calling out to the network, which this machine does not have.
 */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => Boolean(p),
  );
  const executablePath = candidates.find((p) => existsSync(p));
  return {
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  };
}
