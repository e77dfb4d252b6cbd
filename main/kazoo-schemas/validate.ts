/**
 * KAZOO's JSON-Schema validation as the server runs it: its draft-04 schemas (verbatim in
 * common/kazoo-schemas) compiled with Ajv, loose scalars coerced, and Ajv's errors turned into
 * KAZOO's per-field error map. The client's pre-flight checks (main/api) and the sandbox both use
 * it, so the sandbox answers by KAZOO's schemas, never by the client's code.
 *
 * Nothing here touches Node APIs (the schemas arrive through JSON imports, so a bundler can inline
 * them); it lives in main because Ajv compiles validators into code, which the renderer's
 * Content-Security-Policy refuses.
 */
import Ajv from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldError } from '../../common/ipc/result';

export type JsonObject = Record<string, unknown>;

/** A field problem as KAZOO reports it: the public triple plus the detail object it sends. */
export interface KazooFieldError extends FieldError {
  detail: JsonObject;
}

export interface KazooValidation {
  valid: boolean;
  errors: KazooFieldError[];
  /** The document with schema defaults filled in and loose scalars coerced, as KAZOO stores it. */
  value: JsonObject;
}

/** `{ "<dotted.path>": { "<code>": detail } }`, the `data` of a KAZOO 400 "validation error". */
export type KazooErrorMap = Record<string, Record<string, JsonObject>>;

// KAZOO's regexes are Erlang (PCRE) and use POSIX bracket classes that JavaScript lacks.
const POSIX_CLASSES: Record<string, string> = {
  '[:alnum:]': 'A-Za-z0-9',
  '[:alpha:]': 'A-Za-z',
  '[:digit:]': '0-9',
  '[:xdigit:]': '0-9A-Fa-f',
  '[:lower:]': 'a-z',
  '[:upper:]': 'A-Z',
  '[:space:]': '\\s',
  '[:blank:]': ' \\t',
  '[:punct:]': '!-\\/:-@\\[-`{-~',
  '[:word:]': '\\w',
};

function translatePosixClasses(pattern: string): string {
  return pattern.replace(/\[:[a-z]+:\]/g, (cls) => POSIX_CLASSES[cls] ?? cls);
}

function translateSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translateSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && typeof value === 'string') {
      out[key] = translatePosixClasses(value);
    } else if (key === 'patternProperties' && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([re, sub]) => [translatePosixClasses(re), translateSchema(sub)]));
    } else {
      out[key] = translateSchema(value);
    }
  }
  return out;
}

/**
 * An Ajv set up the way KAZOO validates: draft-04, its own keywords ignored, defaults stored.
 * `checkOnly` answers yes or no, stopping at the first error without filling defaults: what a
 * pre-flight check of many rows needs.
 */
function createKazooAjv(options: { checkOnly?: boolean } = {}): Ajv {
  const checkOnly = options.checkOnly ?? false;
  const ajv = new Ajv({ strict: false, useDefaults: !checkOnly, allErrors: !checkOnly });
  addFormats(ajv);
  return ajv;
}

/**
 * Compiles the schema named `root` from a set of KAZOO schema documents. KAZOO names schemas by
 * `_id` and references them by that bare id; registering each under its id makes Ajv resolve
 * `"$ref": "caller_id"` to caller_id.json.
 */
export function compileKazooSchema(schemas: readonly JsonObject[], root: string, options: { checkOnly?: boolean } = {}): ValidateFunction {
  const ajv = createKazooAjv(options);
  for (const schema of schemas) ajv.addSchema(translateSchema(schema) as JsonObject, String(schema['_id']));
  const validate = ajv.getSchema(root);
  if (!validate) throw new Error(`${root} schema did not compile`);
  return validate;
}

function pathSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** KAZOO joins the failing path with dots and escapes dots inside a key as `%2E`. */
function dotted(segments: string[]): string {
  return segments.map((s) => s.replace(/\./g, '%2E')).join('.');
}

function valueAt(doc: unknown, segments: string[]): unknown {
  let cur: unknown = doc;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as JsonObject)[s];
  }
  return cur;
}

function setAt(doc: JsonObject, segments: string[], value: unknown): void {
  let cur: unknown = doc;
  for (const s of segments.slice(0, -1)) cur = (cur as JsonObject)[s];
  (cur as JsonObject)[segments[segments.length - 1] as string] = value;
}

function toKazooError(err: ErrorObject, doc: unknown): KazooFieldError {
  const segments = pathSegments(err.instancePath);
  const value = valueAt(doc, segments);
  const p = err.params as JsonObject;
  let code = err.keyword;
  let detail: JsonObject;
  switch (err.keyword) {
    case 'required': {
      const missing = String(p['missingProperty']);
      segments.push(missing);
      detail = { message: 'Field is required but missing', value: missing };
      break;
    }
    case 'minLength':
      detail = { message: `String must be at least ${String(p['limit'])} characters`, target: p['limit'], cause: value, value };
      break;
    case 'maxLength':
      detail = { message: `String must not be more than ${String(p['limit'])} characters`, target: p['limit'], cause: value, value };
      break;
    case 'enum':
      detail = { message: 'Value not found in enumerated list of values', target: p['allowedValues'], value };
      break;
    case 'type': {
      const target = Array.isArray(p['type']) ? (p['type'] as string[]).join(', ') : String(p['type']);
      detail = { message: `Value did not match type(s): ${target}`, target, value };
      break;
    }
    case 'pattern':
      detail = { message: `Failed to match pattern '${String(p['pattern'])}'`, target: p['pattern'], value };
      break;
    case 'minimum':
    case 'maximum': {
      const word = err.keyword === 'minimum' ? 'at least' : 'at most';
      detail = { message: `Value must be ${word} ${String(p['limit'])}`, target: p['limit'], value };
      break;
    }
    case 'uniqueItems':
      detail = { message: 'List of items is not unique', value };
      break;
    case 'additionalProperties':
      segments.push(String(p['additionalProperty']));
      detail = {
        message: 'Strict checking of data is enabled; only include schema-defined properties',
        value: valueAt(doc, segments),
      };
      break;
    default:
      code = err.keyword;
      detail = { message: err.message ?? 'Validation failed', value };
  }
  return { path: dotted(segments), code, message: String(detail['message']), detail };
}

/**
 * KAZOO (with `schema_strict_validation` off, the default) converts a string where the schema
 * wants a boolean or integer and validates again; mirror that for the values it can convert.
 */
function coerceScalar(err: ErrorObject, doc: JsonObject): boolean {
  if (err.keyword !== 'type') return false;
  const segments = pathSegments(err.instancePath);
  if (segments.length === 0) return false;
  const value = valueAt(doc, segments);
  if (typeof value !== 'string') return false;
  const wanted = (err.params as JsonObject)['type'];
  const types = Array.isArray(wanted) ? (wanted as string[]) : [String(wanted)];
  if (types.includes('boolean') && (value === 'true' || value === 'false')) {
    setAt(doc, segments, value === 'true');
    return true;
  }
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+$/.test(value)) {
    setAt(doc, segments, Number(value));
    return true;
  }
  return false;
}

/** Runs any compiled KAZOO-style schema and reports in KAZOO's terms, without touching `doc`. */
export function validateAgainst(validate: ValidateFunction, doc: unknown): KazooValidation {
  const value = structuredClone(doc) as JsonObject;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (validate(value)) return { valid: true, errors: [], value };
    const errors = validate.errors ?? [];
    const fixed = errors.filter((e) => coerceScalar(e, value)).length;
    if (fixed === 0) break;
  }
  const errors = (validate.errors ?? []).map((e) => toKazooError(e, value));
  return { valid: false, errors, value };
}

/** Merges field errors into KAZOO's `data` map; several codes on one path share its object. */
export function kazooErrorData(errors: readonly KazooFieldError[]): KazooErrorMap {
  const out: KazooErrorMap = {};
  for (const e of errors) {
    const entry = (out[e.path] ??= {});
    entry[e.code] = e.detail;
  }
  return out;
}
