import type { Clock } from '../clock';

interface Pending {
  lastToldAt: number;
  cancel: (() => void) | undefined;
}

/**
 * Tells that a connection's devices changed at most once per `gapMs` while changes keep coming:
 * an import finishes rows four times a second, and each notice makes an open devices list read
 * devices, users and callflows again. The first change is told at once, later ones together once
 * the gap has passed; `flush` tells at once what is still untold, so the last state is never held back.
 */
export class PacedChangeNotices {
  private readonly connections = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly gapMs: number,
    private readonly tell: (connectionId: string) => void,
  ) {}

  changed(connectionId: string): void {
    const pending = this.connections.get(connectionId) ?? { lastToldAt: Number.NEGATIVE_INFINITY, cancel: undefined };
    this.connections.set(connectionId, pending);
    if (pending.cancel) return;
    const wait = pending.lastToldAt + this.gapMs - this.clock.now();
    if (wait <= 0) this.send(connectionId, pending);
    else pending.cancel = this.clock.schedule(wait, () => this.send(connectionId, pending));
  }

  /** Tells a change still waiting for its turn now. */
  flush(connectionId: string): void {
    const pending = this.connections.get(connectionId);
    if (pending?.cancel) this.send(connectionId, pending);
  }

  /** Drops what is waiting: nobody listens any more. */
  close(): void {
    for (const pending of this.connections.values()) pending.cancel?.();
    this.connections.clear();
  }

  private send(connectionId: string, pending: Pending): void {
    pending.cancel?.();
    pending.cancel = undefined;
    pending.lastToldAt = this.clock.now();
    this.tell(connectionId);
  }
}
