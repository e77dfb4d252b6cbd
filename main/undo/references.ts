import type { UndoItem } from '../../common/undo';
import { ok, type Result } from '../../common/ipc/result';
import { listCallflows, type Callflow } from '../api/callflows';
import type { KazooClient } from '../api/client';
import { listDevices } from '../api/devices';
import { readDocument } from '../api/documents';
import { BULK_IN_FLIGHT, mapInFlight } from '../devices/in-flight';
import { isObject } from '../import/document-paths';

const PLANNING = { priority: 'interactive' } as const;

/** What names a document by its id: a phone by its owner, a callflow anywhere in its flow. */
interface Referrer {
  description: string;
  names: ReadonlySet<string>;
}

/**
 * For each item the undo deletes or re-creates (KAZOO keeps a soft-deleted id, so a re-created
 * document has a new one), what on the account still names its id and is not itself going away in
 * the same undo: the server cascades nothing, so those would point at nothing afterwards. By item
 * key, a sentence to append to its note. Costs one listing of devices, one of callflows and one
 * read per callflow (the listing carries no flow); when those reads fail, the sentence says so.
 */
export async function referenceNotes(client: KazooClient, items: readonly UndoItem[]): Promise<Map<string, string>> {
  const goingAway = items.filter((item) => item.action === 'delete' || item.action === 'recreate');
  const notes = new Map<string, string>();
  if (goingAway.length === 0) return notes;
  // A conflict is left alone unless the technician includes it: what it names is still named after an undo that leaves it.
  const goneIds = new Set(goingAway.filter((item) => !item.conflict).map((item) => item.id));
  const conflictIds = new Set(goingAway.filter((item) => item.conflict).map((item) => item.id));
  const referrers = await referrersOf(client, goneIds, conflictIds);
  for (const item of goingAway) {
    if (!referrers.ok) {
      notes.set(item.key, `Could not check whether phones or callflows still name it: ${sentence(referrers.error.message)}`);
      continue;
    }
    const naming = referrers.value.filter((referrer) => referrer.names.has(item.id));
    if (naming.length > 0) {
      notes.set(
        item.key,
        `Still named by: ${naming.map((referrer) => referrer.description).join(', ')}. Those will point at nothing; change them after the undo.`,
      );
    }
  }
  return notes;
}

/** Every phone and callflow of the account not going away itself, with the ids it names; one the undo leaves alone unless included says so. */
async function referrersOf(
  client: KazooClient,
  goneIds: ReadonlySet<string>,
  conflictIds: ReadonlySet<string>,
): Promise<Result<Referrer[]>> {
  const unlessIncluded = (id: string, description: string) =>
    conflictIds.has(id) ? `${description}, if its conflict is left alone` : description;
  const [devices, callflows] = await Promise.all([listDevices(client, {}, PLANNING), listCallflows(client, PLANNING)]);
  if (!devices.ok) return devices;
  if (!callflows.ok) return callflows;
  const staying = callflows.value.filter((callflow) => !goneIds.has(callflow.id));
  const flows = await mapInFlight(staying, BULK_IN_FLIGHT, async (callflow) => ({
    callflow,
    read: await readDocument(client, 'callflows', callflow.id, PLANNING),
  }));
  const referrers: Referrer[] = devices.value.flatMap((device) =>
    device.ownerId === null || goneIds.has(device.id)
      ? []
      : [
          {
            description: unlessIncluded(device.id, `phone “${device.name === '' ? device.id : device.name}” (its owner)`),
            names: new Set([device.ownerId]),
          },
        ],
  );
  for (const { callflow, read } of flows) {
    // Deleted between the listing and its read: it names nothing any more.
    if (!read.ok && read.error.kind === 'not_found') continue;
    if (!read.ok) return read;
    referrers.push({
      description: unlessIncluded(callflow.id, callflowDescription(callflow)),
      names: idsInFlow(read.value.document['flow']),
    });
  }
  return ok(referrers);
}

/** Every id a flow names at any depth: each node's `data.id` and its ring group's `data.endpoints[].id`. */
function idsInFlow(flow: unknown, ids = new Set<string>()): Set<string> {
  if (!isObject(flow)) return ids;
  const data = flow['data'];
  if (isObject(data)) {
    if (typeof data['id'] === 'string') ids.add(data['id']);
    const endpoints = data['endpoints'];
    if (Array.isArray(endpoints))
      for (const endpoint of endpoints) if (isObject(endpoint) && typeof endpoint['id'] === 'string') ids.add(endpoint['id']);
  }
  const children = flow['children'];
  if (isObject(children)) for (const child of Object.values(children)) idsInFlow(child, ids);
  return ids;
}

/** "extension 1001 (callflow “Front desk”)": what a technician dials, then which callflow it is. */
function callflowDescription(callflow: Callflow): string {
  const name = `callflow “${callflow.name ?? callflow.id}”`;
  const [first] = callflow.numbers;
  if (first === undefined) return name;
  return `${first.startsWith('+') ? 'number' : 'extension'} ${first} (${name})`;
}

/** A server's message as the end of a note: closed by a full stop when it has none. */
const sentence = (message: string): string => (/[.!?]$/.test(message) ? message : `${message}.`);
