import { ok } from '../../common/ipc/result';
import type { Handlers } from '../ipc/router';
import type { OnActive } from '../profiles/on-active';
import type { ImportService } from './service';

type ImportChannel = Extract<keyof Handlers, `import:${string}`>;

/**
 * The import channels: each a call into the import service, planning and starting on the
 * connection the app has active. A file is loaded with that connection's remembered columns and
 * checked against its account; a file is still read and checked on its own when the connection
 * cannot be opened (a locked keychain, no network), and the draft says so.
 */
export function createImportHandlers(
  service: ImportService,
  onActive: OnActive,
  activeConnectionId: () => Promise<string | null>,
): Pick<Handlers, ImportChannel> {
  return {
    'import:load': async ({ fileName, contentBase64 }) => {
      const connectionId = await activeConnectionId();
      return service.load({
        fileName,
        bytes: Buffer.from(contentBase64, 'base64'),
        connectionId,
        ...(connectionId === null ? {} : { account: () => onActive(async (connection) => ok(connection)) }),
      });
    },
    'import:configure': (input) => service.configure(input),
    'import:editCells': async (input) => service.editCells(input),
    'import:plan': (input) => onActive((connection) => service.plan(connection, input)),
    'import:start': (input) => onActive((connection) => service.start(connection, input)),
    'import:control': (input) => service.control(input),
    'import:batches': async () => ok(service.batches()),
    'import:results': async ({ batchId }) => service.results(batchId),
    'import:report': async (input) => service.report(input),
  };
}
