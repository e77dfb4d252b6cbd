import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../log';
import { openSecretStore } from '../secrets/open-secret-store';
import { createServices } from '../services';
import { startPreview } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'user-data': { type: 'string' },
  },
});

const log = createLogger((line) => process.stderr.write(`${line}\n`));
// A fresh folder per run unless told otherwise, so the preview never touches the app's own connections.
const userDataDir = values['user-data'] ?? mkdtempSync(path.join(os.tmpdir(), 'audian-preview-'));
const secrets = await openSecretStore({ log, platform: process.platform });
const preview = await startPreview({
  rendererRoot: path.join(import.meta.dirname, '../../out/renderer'),
  host: values.host,
  port: Number(values.port),
  log,
  createServices: (publish) =>
    createServices({
      host: 'preview',
      version: process.env.npm_package_version ?? '0.0.0',
      platform: process.platform,
      log,
      publish,
      userDataDir,
      secrets,
    }),
});
process.stdout.write(`PREVIEW_URL=${preview.url}\n`);

const stop = () => {
  void preview.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
