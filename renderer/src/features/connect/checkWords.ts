import type { ConnectionCheck } from '../../../../common/connections';
import type { AppError } from '../../../../common/ipc/result';
import { plural } from '../../components/plural';
import type { SignInMethod } from './signInWords';

const refusedSignIn: Record<SignInMethod, string> = {
  api_key: 'API key not accepted',
  user_password: 'User name or password not accepted',
  token: 'Auth token not accepted',
};

/** A failed Test in a few words; the error's own message then says what to do about it. */
export function checkFailureTitle(error: AppError, method: SignInMethod): string {
  switch (error.kind) {
    case 'auth':
      return refusedSignIn[method];
    case 'network':
      return 'Server unreachable';
    case 'tls':
      return 'Certificate not trusted';
    case 'proxy':
      return 'Proxy refused or unreachable';
    case 'timeout':
      return 'No answer in time';
    case 'rate_limited':
      return 'Server is limiting requests';
    case 'forbidden':
      return 'No access to this account';
    case 'not_found':
      return 'Account or address not found';
    case 'keychain':
      return 'Keychain unavailable';
    default:
      return 'Test failed';
  }
}

export function describeCheck(check: ConnectionCheck): string {
  return `Connected as ${check.accountName}, ${plural(check.deviceCount, 'device', 'devices')}`;
}
