/** Why the keychain was not used: the native module, a keychain that never answers, or one that refused. */
export type KeychainFailure = 'module' | 'no_answer' | 'refused';

const SESSION_ONLY = 'saved secrets last only until the app closes.';

/** One plain sentence for the UI/CLI: what happened and what to install or unlock to fix it. */
export function keychainNotice(platform: string, failure: KeychainFailure): string {
  if (failure === 'module') {
    return platform === 'linux'
      ? `The keychain module could not be loaded: ${SESSION_ONLY} Install libsecret (package libsecret-1-0) and restart the app to keep them.`
      : `The keychain module could not be loaded: ${SESSION_ONLY} Reinstall Audian Provisioner to keep them.`;
  }
  switch (platform) {
    case 'linux':
      return failure === 'no_answer'
        ? `No keychain answered (Secret Service not running): ${SESSION_ONLY} Install and unlock gnome-keyring (or KWallet) to keep them.`
        : `The keychain refused a test secret (it may be locked or have no login keyring): ${SESSION_ONLY} Unlock gnome-keyring (or KWallet) and restart the app to keep them.`;
    case 'darwin':
      return `The macOS Keychain did not answer: ${SESSION_ONLY} Unlock your login keychain in Keychain Access and restart the app to keep them.`;
    case 'win32':
      return `Windows Credential Manager did not answer: ${SESSION_ONLY} Restart the app; if this persists, check that the Credential Manager service is running.`;
    default:
      return `No keychain answered: ${SESSION_ONLY} Install a keychain this system supports and restart the app to keep them.`;
  }
}

/** libsecret's wording when there is no session bus or nothing owns the Secret Service name. */
const NO_SECRET_SERVICE = /autolaunch D-Bus|Could not connect|ServiceUnknown|was not provided by any|NoReply/i;

export const classifyProbeError = (error: unknown): KeychainFailure =>
  error instanceof Error && NO_SECRET_SERVICE.test(error.message) ? 'no_answer' : 'refused';
