/**
 * Runs the headless CLI inside the packaged Electron binary (see cli-launch.ts):
 * no window, no single-instance lock, no app:// scheme, and none of the
 * desktop app's profile touched. SIGINT/SIGTERM reach the CLI through its own
 * signal handlers (it closes its ports and marks running batches interrupted);
 * Electron's own quit on those signals waits until the CLI has returned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';

export async function runCliInElectron(args: string[]): Promise<void> {
  // Chromium's own files (Local State, caches) go to a directory of this run, removed at the end.
  const profile = mkdtempSync(join(tmpdir(), 'modem-bench-cli-'));
  app.setPath('userData', profile);
  let done = false;
  app.on('before-quit', (e) => {
    if (!done) e.preventDefault();
  });
  app.on('window-all-closed', () => undefined);
  let code = 1;
  try {
    await app.whenReady();
    const { main } = await import('../headless/cli-entry');
    code = await main(args);
  } catch (err) {
    process.stderr.write(`modem-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  } finally {
    done = true;
    rmSync(profile, { recursive: true, force: true });
  }
  app.exit(code);
}
