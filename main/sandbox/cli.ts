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
  } catch (e) {
    console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
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
  sandbox.events.on('registration-changed', (c) => {
    console.error(`sandbox: ${c.username} ${c.registered ? 'registered' : 'unregistered'} (${c.reason})`);
  });
  // Keeps the process alive: the server's own handles are the only ones and stay open.
  const stop = (signal: string): void => {
    console.error(`sandbox: ${signal}, shutting down`);
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error('sandbox: close failed', e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('sandbox: could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
