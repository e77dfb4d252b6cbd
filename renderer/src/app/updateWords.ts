import type { UpdateStatus } from '../../../common/updates';

/** The status bar's words for the app's own update; null when there is nothing to say (no feed, or not checked yet). */
export function updateWords(status: UpdateStatus): string | null {
  switch (status.state) {
    case 'off':
    case 'idle':
      return null;
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return 'Up to date';
    case 'downloading':
      return `Downloading version ${status.version}…`;
    case 'ready':
      return `Version ${status.version} is ready`;
    case 'waiting-for-batch':
      return `Version ${status.version} installs once no batch is running`;
    case 'failed':
      return status.message;
  }
}
