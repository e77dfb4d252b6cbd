import { fail } from '../../common/ipc/result';
import type { Handlers } from '../ipc/router';

type ImportChannel = Extract<keyof Handlers, `import:${string}`>;

const notYet = async () => fail('internal', 'Import is not available in this build yet.');

/** The import channels; the engine behind them lives in this folder. */
export function createImportHandlers(): Pick<Handlers, ImportChannel> {
  return {
    'import:load': notYet,
    'import:configure': notYet,
    'import:editCells': notYet,
    'import:plan': notYet,
    'import:start': notYet,
    'import:control': notYet,
    'import:batches': notYet,
    'import:results': notYet,
    'import:report': notYet,
  };
}
