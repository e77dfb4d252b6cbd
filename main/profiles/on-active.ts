import type { Result } from '../../common/ipc/result';
import type { Connection } from './connection';

/** Runs a service call on the connection the app has active; the IPC channels act on nothing else. */
export type OnActive = <T>(run: (connection: Connection) => Promise<Result<T>>) => Promise<Result<T>>;
