import type { Handlers } from '../ipc/router';
import type { OnActive } from '../profiles/on-active';
import type { UndoService } from './service';

/** Undo acts on the connection the app has active: a batch of another is refused, saying so. */
export function createUndoHandlers(service: UndoService, onActive: OnActive): Pick<Handlers, 'batches:undoPlan' | 'batches:undo'> {
  return {
    'batches:undoPlan': ({ batchId }) => onActive((connection) => service.plan(connection, batchId)),
    'batches:undo': (input) => onActive((connection) => service.start(connection, input)),
  };
}
