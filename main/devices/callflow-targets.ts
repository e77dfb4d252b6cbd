/**
 * KAZOO's callflow listing names each callflow's owner and modules, not whom its flow rings. A
 * callflow that rings a device, or rings a user without naming an owner, is read once (one GET)
 * to learn its target, and the answer is kept while its listing row stays the same: reading the
 * list again costs a request only for a callflow that is new or changed since.
 */
import { getCallflow, type Callflow, type CallflowTarget } from '../api/callflows';
import type { KazooClient, RequestOptions } from '../api/client';
import { BULK_IN_FLIGHT, mapInFlight } from './in-flight';

export interface KnownTarget {
  /** The listing row the target was read for. */
  row: string;
  target: CallflowTarget | null;
}

const rowOf = (callflow: Callflow): string =>
  JSON.stringify([callflow.name, callflow.type, callflow.numbers, callflow.ownerId, callflow.modules]);

const needsDocument = (callflow: Callflow): boolean =>
  callflow.target === null && (callflow.modules.includes('device') || (callflow.modules.includes('user') && callflow.ownerId === null));

/**
 * The callflows with their targets filled in where one matters for extensions. `known` is the
 * connection's memory of earlier reads; callflows no longer listed are dropped from it. A read
 * that fails leaves that callflow without a target this time and is tried again on the next list.
 */
export async function withTargets(
  client: KazooClient,
  callflows: readonly Callflow[],
  known: Map<string, KnownTarget>,
  options: RequestOptions = {},
): Promise<Callflow[]> {
  const listed = new Set(callflows.map((callflow) => callflow.id));
  for (const id of known.keys()) if (!listed.has(id)) known.delete(id);
  const unknown = callflows.filter((callflow) => needsDocument(callflow) && known.get(callflow.id)?.row !== rowOf(callflow));
  const reads = await mapInFlight(unknown, BULK_IN_FLIGHT, (callflow) => getCallflow(client, callflow.id, options));
  reads.forEach((read, index) => {
    const callflow = unknown[index] as Callflow;
    if (read.ok) known.set(callflow.id, { row: rowOf(callflow), target: read.value.target });
  });
  return callflows.map((callflow) => {
    const remembered = known.get(callflow.id);
    return callflow.target === null && remembered?.row === rowOf(callflow) ? { ...callflow, target: remembered.target } : callflow;
  });
}
