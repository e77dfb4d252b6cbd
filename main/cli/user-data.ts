import os from 'node:os';
import path from 'node:path';

const PRODUCT_NAME = 'Audian Provisioner';

/**
 * The folder Electron's app.getPath('userData') gives the desktop app, so the CLI and the app
 * share saved connections. AUDIAN_HOME overrides it (scripts, tests).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AUDIAN_HOME) return env.AUDIAN_HOME;
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}
