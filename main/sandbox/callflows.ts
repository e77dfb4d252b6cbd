/**
 * Callflow documents as cb_callflows and kzd_callflows keep them: at least one number or pattern,
 * numbers normalised to E.164, each number and pattern unique across the account's live
 * callflows, then KAZOO's callflow schema and the `data` schema of each module copied here
 * (`user`, `voicemail`); other modules' `data` is stored unchecked. Number ownership (the 403 for
 * a DID of another account) is not modelled: the sandbox has no number manager.
 */
import type { ValidateFunction } from 'ajv';
import callflowsAction from '../../common/kazoo-schemas/callflows.action.json' with { type: 'json' };
import callflowsSchema from '../../common/kazoo-schemas/callflows.json' with { type: 'json' };
import callflowsUser from '../../common/kazoo-schemas/callflows.user.json' with { type: 'json' };
import callflowsVoicemail from '../../common/kazoo-schemas/callflows.voicemail.json' with { type: 'json' };
import metaflow from '../../common/kazoo-schemas/metaflow.json' with { type: 'json' };
import metaflows from '../../common/kazoo-schemas/metaflows.json' with { type: 'json' };
import type { JsonObject, KazooFieldError } from '../api/device-schema';
import { compileKazooSchema, validateAgainst } from '../api/device-schema';
import type { Doc } from './docs';
import { isObject } from './docs';
import type { DocumentRules, DocumentStore, ViewLookup } from './document-store';
import { fieldError, fieldErrors } from './envelope';
import { fullName } from './users';

let compiledCallflow: ValidateFunction | undefined;
const callflowValidator = (): ValidateFunction =>
  (compiledCallflow ??= compileKazooSchema([callflowsSchema, callflowsAction, metaflows, metaflow], 'callflows'));

const MODULE_SCHEMAS: Record<string, JsonObject> = { user: callflowsUser, voicemail: callflowsVoicemail };
const moduleValidators = new Map<string, ValidateFunction>();

function moduleValidator(module: string): ValidateFunction | undefined {
  const schema = MODULE_SCHEMAS[module];
  if (!schema) return undefined;
  let validate = moduleValidators.get(module);
  if (!validate) {
    validate = compileKazooSchema([schema], String(schema['_id']));
    moduleValidators.set(module, validate);
  }
  return validate;
}

/**
 * knm_converters:normalize/2 with the built-in regex converters: NANP numbers become +1 and ten
 * digits, international prefixes become +, and short extensions stay as they are.
 */
export function normalizeNumber(raw: string): string {
  const nanp = /^(?:\+?1)?([2-9]\d{2}[2-9]\d{6})$/.exec(raw);
  if (nanp) return `+1${nanp[1] as string}`;
  const international = /^(?:011|00)(\d{5,})$/.exec(raw);
  if (international) return `+${international[1] as string}`;
  if (/^[2-9]\d{7,}$/.test(raw)) return `+${raw}`;
  return raw;
}

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const sameMembers = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item) => b.includes(item));

interface FlowNode {
  node: JsonObject;
  /** Dotted path of the node in the document, e.g. `flow.children._`. */
  path: string;
}

/** The flow tree, root first, each child branch in key order. */
function flowNodes(doc: JsonObject): FlowNode[] {
  const out: FlowNode[] = [];
  const walk = (node: unknown, path: string): void => {
    if (!isObject(node)) return;
    out.push({ node, path });
    if (isObject(node['children'])) {
      for (const [branch, child] of Object.entries(node['children'])) walk(child, `${path}.children.${branch.replace(/\./g, '%2E')}`);
    }
  };
  walk(doc['flow'], 'flow');
  return out;
}

const skipped = (node: JsonObject): boolean => isObject(node['data']) && node['data']['skip_module'] === true;

/**
 * `maybe_validate_attribute_list_is_unique_within_account_callflows`: skipped when the list is
 * the stored one; the callflow's own id never clashes on POST/PATCH. Every clash lands on the
 * same key, so only the last one found is reported.
 */
function clash(
  key: 'numbers' | 'patterns',
  wanted: readonly string[],
  existing: Doc | undefined,
  lookup: ViewLookup,
): KazooFieldError | undefined {
  if (existing && sameMembers(wanted, stringsOf(existing[key]))) return undefined;
  let found: KazooFieldError | undefined;
  for (const value of wanted) {
    for (const other of lookup(key, value)) {
      if (other._id === existing?._id) continue;
      const name = typeof other['name'] === 'string' && other['name'] !== '' ? other['name'] : other._id;
      found = fieldError(key, 'unique', { message: `${value} exists in callflow ${other._id} (${name})`, cause: value });
    }
  }
  return found;
}

/** kzd_callflows:validate/3 in its order; throws one 400 with every problem found. */
export const callflowRules: DocumentRules = {
  type: 'callflow',
  views: { numbers: (doc) => stringsOf(doc['numbers']), patterns: (doc) => stringsOf(doc['patterns']) },
  prepare(fields, existing, lookup) {
    delete fields['accept_charges'];
    const errors: KazooFieldError[] = [];
    if (stringsOf(fields['numbers']).length === 0 && stringsOf(fields['patterns']).length === 0) {
      errors.push(fieldError('numbers', 'required', { message: 'Callflows must be assigned at least one number or pattern' }));
    }
    if (Array.isArray(fields['numbers'])) {
      fields['numbers'] = fields['numbers'].map((number: unknown) => (typeof number === 'string' ? normalizeNumber(number) : number));
    }
    for (const key of ['numbers', 'patterns'] as const) {
      const found = clash(key, stringsOf(fields[key]), existing, lookup);
      if (found) errors.push(found);
    }
    const result = validateAgainst(callflowValidator(), fields);
    errors.push(...result.errors);
    for (const { node, path } of flowNodes(result.value)) {
      const validate = typeof node['module'] === 'string' ? moduleValidator(node['module']) : undefined;
      if (!validate || !isObject(node['data'])) continue;
      const checked = validateAgainst(validate, node['data']);
      node['data'] = checked.value;
      errors.push(
        ...checked.errors.map((error) => ({ ...error, path: error.path === '' ? `${path}.data` : `${path}.data.${error.path}` })),
      );
    }
    if (errors.length > 0) throw fieldErrors(errors);
    return result.value;
  },
};

/** The `crossbar_listing` row of views/callflows.json. */
export function callflowSummary(doc: Doc): JsonObject {
  const modules: string[] = [];
  for (const { node } of flowNodes(doc)) {
    const module = node['module'];
    if (typeof module === 'string' && !skipped(node) && !modules.includes(module)) modules.push(module);
  }
  return {
    id: doc._id,
    name: doc['name'],
    type: doc['type'],
    numbers: doc['numbers'] ?? [],
    patterns: doc['patterns'] ?? [],
    featurecode: doc['featurecode'] ?? false,
    owner_id: doc['owner_id'],
    modules,
    flags: doc['flags'] ?? [],
    group_id: doc['group_id'],
  };
}

/** The documents a callflow's flow can point at, for `metadata`. */
export interface FlowTargets {
  users: DocumentStore;
  devices: DocumentStore;
  vmboxes: DocumentStore;
  callflows: DocumentStore;
}

/**
 * What `GET /callflows/{C}` adds: for each id the flow names (`data.id`, `data.*_id`, branch keys
 * longer than one character) that resolves to a user, device, voicemail box or callflow, its name and type.
 */
export function callflowMetadata(doc: Doc, targets: FlowTargets): JsonObject {
  const ids = new Set<string>();
  for (const { node } of flowNodes(doc)) {
    const data = isObject(node['data']) ? node['data'] : {};
    for (const [key, value] of Object.entries(data)) if ((key === 'id' || key.endsWith('_id')) && typeof value === 'string') ids.add(value);
    if (isObject(node['children'])) for (const branch of Object.keys(node['children'])) if (branch.length > 1) ids.add(branch);
  }
  const out: JsonObject = {};
  for (const id of ids) {
    const user = targets.users.find(id);
    const device = targets.devices.find(id);
    const vmbox = targets.vmboxes.find(id);
    const callflow = targets.callflows.find(id);
    if (user) out[id] = { name: fullName(user), pvt_type: 'user' };
    else if (device) out[id] = { name: device['name'], pvt_type: 'device' };
    else if (vmbox) out[id] = { name: vmbox['name'], pvt_type: 'vmbox' };
    else if (callflow) out[id] = { name: callflow['name'], numbers: callflow['numbers'] ?? [], pvt_type: 'callflow' };
  }
  return out;
}
