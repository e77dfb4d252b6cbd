/**
 * `npm run sandbox -- [flags]`: starts the sandbox, prints the lines scripts read
 * (SANDBOX_URL=..., ACCOUNT_ID=..., ...) and runs until SIGINT/SIGTERM, saving `--data` on exit.
 */
import { USAGE, parseSandboxArgs } from './flags';
import type { SandboxOptions } from './options';
import { startSandbox } from './server';

async function main(): Promise<void> {
  let options: SandboxOptions | 'help';
  try {
    options = parseSandboxArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await startSandbox(options);
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
  sandbox.events.on('registration-changed', (change) => {
    console.error(`sandbox: ${change.username} ${change.registered ? 'registered' : 'unregistered'} (${change.reason})`);
  });
  // Keeps the process alive: the server's own handles are the only ones and stay open.
  const stop = (signal: string): void => {
    console.error(`sandbox: ${signal}, shutting down`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sandbox: close failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('sandbox: could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
