import type { ProfileAuth } from '../../../../common/profiles';

export type SignInMethod = ProfileAuth['method'];

/** Sign-in methods in the order the form offers them: the API key is what Audian recommends for tools. */
export const signInMethods: readonly SignInMethod[] = ['api_key', 'user_password', 'token'];

/** How each method is named in the form and on a connection card. */
export const methodLabel: Record<SignInMethod, string> = {
  api_key: 'API key',
  user_password: 'User name and password',
  token: 'Auth token',
};

/** The secret's field label. */
export const secretLabel: Record<SignInMethod, string> = {
  api_key: 'API key',
  user_password: 'Password',
  token: 'Auth token',
};

/** The secret inside a sentence: "Enter the API key.", "the password is missing". */
export const secretNoun: Record<SignInMethod, string> = {
  api_key: 'API key',
  user_password: 'password',
  token: 'auth token',
};

/** One line for a card: the method, and for user/password who signs in where. */
export function describeSignIn(auth: ProfileAuth): string {
  return auth.method === 'user_password' ? `${auth.username} at ${auth.accountName}` : methodLabel[auth.method];
}
