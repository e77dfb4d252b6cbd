/** What the client authenticates with. Lives only in main, in memory, for as long as the client. */
export type Credentials =
  | { method: 'api_key'; apiKey: string }
  | { method: 'user_password'; username: string; password: string; accountName: string }
  | { method: 'token'; token: string };

export function secretsOf(credentials: Credentials): string[] {
  switch (credentials.method) {
    case 'api_key':
      return [credentials.apiKey];
    case 'user_password':
      return [credentials.password];
    case 'token':
      return [credentials.token];
  }
}
