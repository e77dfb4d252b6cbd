/**
 * What the sandbox's world holds beside its documents (which live in their `DocumentStore`s): one
 * account, the phone actions and welcome e-mails it was asked for, and request counters.
 */

export interface Account {
  id: string;
  name: string;
  realm: string;
  apiKey: string;
  /** Epoch ms. */
  created: number;
}

export interface PhoneAction {
  kind: 'sync' | 'quickcall';
  deviceId: string;
  requestId: string;
  /** Epoch ms. */
  at: number;
  /** sync: whether the phone was told to reboot. */
  reboot?: boolean;
  /** Whether a registered phone was there to receive it (KAZOO only NOTIFYs registered phones). */
  delivered: boolean;
  /** quickcall: the number dialled and the query options. */
  number?: string;
  options?: Record<string, string>;
}

export interface Stats {
  requests: number;
  tooManyRequests: number;
  /** 503s for requests beyond `maxInFlight`. */
  overCapacity: number;
  byStatus: Record<number, number>;
  /** Requests a route took, by method and pattern (`GET /v2/accounts/:account/registrations`): what a client read, and how often. */
  byRoute: Record<string, number>;
  faults: { unavailable: number; reset: number; lost: number };
}

/**
 * A change to a document the server carried out (a 2xx PUT, POST, PATCH or DELETE on an account's
 * collection or one of its documents), whether or not its answer reached the client: what tests
 * count to prove a create or delete was sent once.
 */
export interface DocumentChange {
  method: string;
  collection: string;
  id: string;
  /** False when the answer was lost on the way (an injected `lost` or `gateway_timeout`). */
  answered: boolean;
}

/** A new user's welcome e-mail (with their password) that KAZOO would have sent: `send_email_on_creation` was not false. */
export interface WelcomeEmail {
  userId: string;
  requestId: string;
  /** Epoch ms. */
  at: number;
}

export class SandboxState {
  readonly actions: PhoneAction[] = [];
  readonly welcomeEmails: WelcomeEmail[] = [];
  readonly documentChanges: DocumentChange[] = [];
  readonly stats: Stats = {
    requests: 0,
    tooManyRequests: 0,
    overCapacity: 0,
    byStatus: {},
    byRoute: {},
    faults: { unavailable: 0, reset: 0, lost: 0 },
  };
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    readonly account: Account,
    readonly tokenSecret: string,
  ) {}

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Call after every committed write. */
  changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}
