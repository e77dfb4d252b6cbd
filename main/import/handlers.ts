import { ok } from '../../common/ipc/result';
import type { Handlers } from '../ipc/router';
import type { ImportService } from './service';

type ImportChannel = Extract<keyof Handlers, `import:${string}`>;

/** The import channels, each a thin call into the import service. */
export function createImportHandlers(service: ImportService): Pick<Handlers, ImportChannel> {
  return {
    'import:load': ({ fileName, contentBase64 }) => service.load({ fileName, bytes: new Uint8Array(Buffer.from(contentBase64, 'base64')) }),
    'import:configure': (input) => service.configure(input),
    'import:editCells': async (input) => service.editCells(input),
    'import:plan': (input) => service.plan(input),
    'import:start': (input) => service.start(input),
    'import:control': (input) => service.control(input),
    'import:batches': async () => ok(service.batches()),
    'import:results': async ({ batchId }) => service.results(batchId),
    'import:report': async (input) => service.report(input),
  };
}
