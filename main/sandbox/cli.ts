/**
 * `npm run sandbox -- [flags]`: starts the sandbox, prints the lines scripts read
 * (SANDBOX_URL=..., ACCOUNT_ID=..., ...) and runs until SIGINT/SIGTERM, saving `--data` on exit.
 * Bad flags and a failed start are told in words; what happens while it runs goes to stderr as
 * the app's log lines.
 */
import { createLogger } from '../log';
import { USAGE, parseSandboxArgs } from './flags';
import type { SandboxOptions } from './options';
import { startSandbox } from './server';

const log = createLogger((line) => process.stderr.write(`${line}\n`));
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  let options: SandboxOptions | 'help';
  try {
    options = parseSandboxArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sandbox: ${messageOf(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await startSandbox({ ...options, log });
  process.stdout.write(
    [
      `SANDBOX_URL=${sandbox.url}`,
      `ACCOUNT_ID=${sandbox.account.id}`,
      `ACCOUNT_NAME=${sandbox.account.name}`,
      `API_KEY=${sandbox.credentials.apiKey}`,
      `USERNAME=${sandbox.credentials.username}`,
      `PASSWORD=${sandbox.credentials.password}`,
      '',
    ].join('\n'),
  );
  sandbox.events.on('registration-changed', (change) => log.info('sandbox.registration_changed', { ...change }));
  // Keeps the process alive: the server's own handles are the only ones and stay open.
  const stop = (signal: string): void => {
    log.info('sandbox.stopping', { signal });
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('sandbox.close_failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: could not start: ${messageOf(error)}\n`);
  process.exit(1);
});
