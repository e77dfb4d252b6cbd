/**
 * The account's callflows: which numbers reach whom. KAZOO's listing row carries the numbers, the
 * owner and the modules of the flow, not the flow itself; a callflow's document (one GET) adds the
 * flow, whose first node names what the numbers ring.
 */
import { fail, ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';
import { textOf } from './listing';

/** The first node of a flow: its module (`user`, `device`, `ring_group`, ...) and `data.id`. */
export interface CallflowTarget {
  module: string;
  id: string | null;
}

export interface Callflow {
  id: string;
  name: string | null;
  /** `mainUserCallflow` for the callflow SmartPBX and the CSV onboarding tool make per person. */
  type: string | null;
  /** As the server stores them: extensions as typed, longer numbers in E.164. */
  numbers: string[];
  /** Regular expressions (`^2\d{3}$`) the callflow answers every matching number with. */
  patterns: string[];
  ownerId: string | null;
  /** Every module of the flow once, first node first. */
  modules: string[];
  /** Null in the listing, whose rows carry no flow; set when the document was read. */
  target: CallflowTarget | null;
}

type Json = Record<string, unknown>;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const isJson = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function targetOf(flow: unknown): CallflowTarget | null {
  if (!isJson(flow)) return null;
  const module = textOf(flow['module']);
  if (module === null) return null;
  return { module, id: isJson(flow['data']) ? textOf(flow['data']['id']) : null };
}

function callflowFrom(item: unknown): Callflow | null {
  if (!isJson(item) || typeof item['id'] !== 'string') return null;
  const target = targetOf(item['flow']);
  const modules = strings(item['modules']);
  return {
    id: item['id'],
    name: textOf(item['name']),
    type: textOf(item['type']),
    numbers: strings(item['numbers']),
    patterns: strings(item['patterns']),
    ownerId: textOf(item['owner_id']),
    modules: modules.length === 0 && target ? [target.module] : modules,
    target,
  };
}

/** Every callflow of the account, in one request when the server allows it, else page by page. */
export async function listCallflows(client: KazooClient, options: RequestOptions = {}): Promise<Result<Callflow[]>> {
  const items = await client.listAll<unknown>('/callflows', options);
  if (!items.ok) return items;
  return ok(items.value.map(callflowFrom).filter((callflow): callflow is Callflow => callflow !== null));
}

export async function getCallflow(client: KazooClient, id: string, options: RequestOptions = {}): Promise<Result<Callflow>> {
  const answer = await client.account<unknown>('GET', `/callflows/${id}`, options);
  if (!answer.ok) return answer;
  const callflow = callflowFrom(answer.value.envelope.data);
  return callflow
    ? ok(callflow)
    : fail('server', `The server answered callflow ${id} without a callflow in it. Check the server address of this connection.`);
}
