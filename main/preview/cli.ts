import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../log';
import { createServices } from '../services';
import { startPreview } from './server';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } },
});

const log = createLogger((line) => process.stderr.write(`${line}\n`));
const preview = await startPreview({
  rendererRoot: path.join(import.meta.dirname, '../../out/renderer'),
  host: values.host,
  port: Number(values.port),
  log,
  createHandlers: (publish) =>
    createServices({ host: 'preview', version: process.env.npm_package_version ?? '0.0.0', platform: process.platform, log, publish }),
});
process.stdout.write(`PREVIEW_URL=${preview.url}\n`);

const stop = () => {
  void preview.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
