import type { StateCreator } from 'zustand/vanilla';
import type { AudianApi } from '../../../../common/ipc/api';
import type { AppError } from '../../../../common/ipc/result';
import type { ImportState } from '../createImportStore';

/** One part of the import store: its own state and actions, built over the API, reading and writing the whole store. */
export type ImportSlice<T> = (api: AudianApi) => StateCreator<ImportState, [], [], T>;

/** A request the wizard waits on: under way, or failed with what to tell the technician. */
export type RequestState = { status: 'idle' } | { status: 'running' } | { status: 'failed'; error: AppError };
