import { EventEmitter } from 'node:events';
import path from 'node:path';
import { createLogger } from '../log';
import { openLogFile } from '../log-file';
import { ensurePrivateDir } from '../private-dir';
import { openSecretStore } from '../secrets/open-secret-store';
import { createServices } from '../services';
import type { CliContext, Listen } from './context';
import { devicesCommand } from './devices-command';
import { batchesCommand } from './batches-command';
import { CommandFailed, EXIT, exitCodeOf, UsageError, type ExitCode } from './exit';
import { historyCommand } from './history-command';
import { importCommand } from './import-command';
import type { CliIo } from './io';
import { profileCommand } from './profile-command';
import { registrationsCommand } from './registrations-command';
import { userDataDir } from './user-data';

export const USAGE = `audian-provision: roll out phones on an Audian hosted PBX from the command line.

Commands:
  profile add|list|remove   saved connections (shared with the desktop app)
  devices list|get|export|enable|disable|delete
                            find, read, export and change devices of the account
  import FILE.csv           import people (user, voicemail box, extension) and phones from a spreadsheet,
                            exactly once (--dry-run shows the plan; --on-existing-person skip|update,
                            --keep-incomplete, --welcome-email for people)
  registrations             which phones have registered (--batch, --watch, --until-all-registered)
  batches list|undo         the batches run on this computer; undo one (--dry-run shows the plan first,
                            --include-conflicts also undoes what was changed since)
  history                   every change this computer sent to the account, newest first
                            (--device ID, --batch ID, --since ISO, --json)

Connection: --profile NAME, or the environment variables AUDIAN_BASE_URL, AUDIAN_ACCOUNT_ID and
AUDIAN_API_KEY (or AUDIAN_USERNAME, AUDIAN_PASSWORD, AUDIAN_ACCOUNT_NAME), or the connection active
in the app. Secrets are never accepted as arguments. Plain http:// to a server other than 127.0.0.1 needs
AUDIAN_ALLOW_PLAIN_HTTP=1 (or a connection saved with --allow-plain-http). Proxies: HTTPS_PROXY,
HTTP_PROXY and NO_PROXY (a proxy user name and password go in the proxy address).
Exit codes: 0 success, 1 the server refused some of the work, 2 unusable input or usage.`;

const commands: Record<string, (context: CliContext, args: string[]) => Promise<ExitCode>> = {
  profile: profileCommand,
  devices: devicesCommand,
  import: importCommand,
  registrations: registrationsCommand,
  batches: batchesCommand,
  history: historyCommand,
};

/** Runs one command; never throws, always an exit code, errors one line each on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === 'help') {
    io.out(`${USAGE}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  const run = commands[command];
  if (!run) {
    io.err(`Unknown command "${command}". Run audian-provision --help.\n`);
    return EXIT.usage;
  }
  const dataDir = userDataDir(io.env);
  ensurePrivateDir(dataDir);
  const logDir = path.join(dataDir, 'logs');
  ensurePrivateDir(logDir);
  const logFile = openLogFile({ dir: logDir, name: 'cli', onError: (error) => io.err(`Log file: ${error.message}\n`) });
  const log = createLogger(logFile.write);
  const secrets = await openSecretStore({ log, platform: process.platform });
  // The pushes a window would get, for the command that listens (import progress, say).
  const pushes = new EventEmitter();
  const listen: Listen = (event, listener) => {
    pushes.on(event, listener);
    return () => pushes.off(event, listener);
  };
  const services = createServices({
    host: 'cli',
    version: io.env.npm_package_version ?? '0.1.0',
    platform: process.platform,
    log,
    publish: (event, payload) => pushes.emit(event, payload),
    userDataDir: dataDir,
    secrets,
    proxy: { kind: 'environment', env: io.env },
  });
  try {
    return await run({ io, log, services, listen }, args);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CommandFailed) {
      io.err(`${error.message}${error.error.detail ? ` (${error.error.detail})` : ''}\n`);
      return exitCodeOf(error.error);
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}. Run audian-provision --help.\n`);
      return EXIT.usage;
    }
    log.error('cli.crashed', { command, error });
    io.err(`Something went wrong inside the tool; details are in ${path.join(logDir, 'cli.log')}.\n`);
    return EXIT.refused;
  } finally {
    await services.close();
    await logFile.close();
  }
}
