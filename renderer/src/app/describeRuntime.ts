import type { AppInfo } from '../../../common/ipc/contract';

const hostLabels: Record<AppInfo['host'], string> = {
  electron: 'Desktop app',
  preview: 'Browser preview',
  cli: 'Command line',
};

const platformLabels: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/** Names a technician would use when reading them out to support, not Node's identifiers. */
export const describeHost = (host: AppInfo['host']): string => hostLabels[host];

export const describePlatform = (platform: string): string => platformLabels[platform] ?? platform;
