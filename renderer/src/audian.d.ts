import type { AudianApi } from '../../common/ipc/api';

declare global {
  interface Window {
    readonly audian: AudianApi;
  }
}
