/** The JSON every Crossbar answer is wrapped in (research §1.3). */
export interface KazooEnvelope<T = unknown> {
  data: T;
  auth_token?: string;
  request_id?: string;
  revision?: string;
  status: 'success' | 'error';
  error?: string;
  message?: string;
  page_size?: number;
  start_key?: unknown;
  next_start_key?: unknown;
  /** KAZOO 5.4 reports the rate-limit budget; 4.3 does not. */
  tokens?: { consumed?: number; remaining?: number };
}

export function isEnvelope(value: unknown): value is KazooEnvelope {
  return typeof value === 'object' && value !== null && 'status' in value;
}
