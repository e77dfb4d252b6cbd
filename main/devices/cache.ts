import type { DeviceSummary } from '../../common/devices';
import type { Callflow } from '../api/callflows';
import type { UserSummary } from '../api/users';
import type { KnownTarget } from './callflow-targets';
import type { ReadDevice } from './device-revision';

export interface ListEntry {
  devices: DeviceSummary[];
  users: UserSummary[];
  /** The account's callflows, targets filled in where extensions need them. */
  callflows: Callflow[];
  fetchedAt: string;
}

interface ConnectionCache {
  list: ListEntry | undefined;
  /** Full documents read for the editor, an export or a save: the base of conflict checks and the list's extensions. */
  documents: Map<string, ReadDevice>;
  /** Whom each callflow rings, read once per listing row (callflow-targets.ts). */
  callflowTargets: Map<string, KnownTarget>;
  /** Internal numbers this app gave devices it created (an import), known without reading each document back. */
  writtenNumbers: Map<string, string>;
}

/** What main remembers per connection, so switching views does not re-read a 10,000-device account. */
export class DevicesCache {
  private readonly connections = new Map<string, ConnectionCache>();

  private of(connectionId: string): ConnectionCache {
    let entry = this.connections.get(connectionId);
    if (!entry) {
      entry = { list: undefined, documents: new Map(), callflowTargets: new Map(), writtenNumbers: new Map() };
      this.connections.set(connectionId, entry);
    }
    return entry;
  }

  list(connectionId: string): ListEntry | undefined {
    return this.of(connectionId).list;
  }

  setList(connectionId: string, list: ListEntry): void {
    this.of(connectionId).list = list;
  }

  /** After a write the list is no longer what the server has; the next read fetches it again. */
  invalidateList(connectionId: string): void {
    this.of(connectionId).list = undefined;
  }

  document(connectionId: string, id: string): ReadDevice | undefined {
    return this.of(connectionId).documents.get(id);
  }

  setDocument(connectionId: string, id: string, read: ReadDevice): void {
    this.of(connectionId).documents.set(id, read);
  }

  forgetDocument(connectionId: string, id: string): void {
    this.of(connectionId).documents.delete(id);
  }

  /** The device's own internal number: from its document where read, else as this app wrote it. */
  ownNumber(connectionId: string, id: string): string | undefined {
    const entry = this.of(connectionId);
    return entry.documents.get(id)?.document.caller_id?.internal?.number ?? entry.writtenNumbers.get(id);
  }

  setWrittenNumber(connectionId: string, id: string, number: string): void {
    this.of(connectionId).writtenNumbers.set(id, number);
  }

  callflowTargets(connectionId: string): Map<string, KnownTarget> {
    return this.of(connectionId).callflowTargets;
  }
}
