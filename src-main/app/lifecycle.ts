import type { Event } from 'electron';

/** What the lifecycle needs of `app`; Electron's App satisfies it. */
export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: Event) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  quit(): void;
}

/**
 * Takes the single-instance lock. A second launch quits at once and the first instance brings its window
 * forward: two main processes would fight over the same database and job queue.
 * @returns false when another instance holds the lock (this one is quitting)
 */
export function setupSingleInstance(app: LifecycleApp, focusWindow: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusWindow);
  return true;
}

/**
 * Holds the quit until `close()` (studio.close(): stops workers, closes the database) has finished or
 * `timeoutMs` has passed, then quits for real. Quitting twice does not close twice.
 */
export function setupShutdown(app: LifecycleApp, close: () => Promise<void>, platform: NodeJS.Platform, timeoutMs = 10_000): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    Promise.race([close().catch((err: unknown) => console.error('gan-studio: closing the studio failed:', err)), timeout]).finally(() => {
      clearTimeout(timer);
      state = 'closed';
      app.quit();
    });
  });
  // macOS apps stay alive without windows; elsewhere closing the window ends the app.
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
}
