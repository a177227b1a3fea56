import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the headless app keeps settings and logs when no path is given (Electron uses app.getPath). */
export function defaultDirs(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { dataDir: string; logDir: string } {
  const home = homedir();
  if (platform === 'win32') {
    const roaming = env.APPDATA ?? join(home, 'AppData', 'Roaming');
    const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    return { dataDir: join(roaming, 'Modem Bench'), logDir: join(local, 'Modem Bench', 'logs') };
  }
  if (platform === 'darwin') {
    return { dataDir: join(home, 'Library', 'Application Support', 'Modem Bench'), logDir: join(home, 'Library', 'Logs', 'Modem Bench') };
  }
  const config = env.XDG_CONFIG_HOME ?? join(home, '.config');
  const state = env.XDG_STATE_HOME ?? join(home, '.local', 'state');
  return { dataDir: join(config, 'modem-bench'), logDir: join(state, 'modem-bench', 'logs') };
}
