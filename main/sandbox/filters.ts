/**
 * crossbar_filter: query-string filters evaluated against the full stored document (not the
 * list summary), all AND-ed. Dotted keys reach nested fields.
 */
import type { Doc } from './docs';
import { getPath, isObject } from './docs';

export type DocFilter = (doc: Doc) => boolean;

class FilterThrew extends Error {}

/** kz_term:to_binary as the filter sees it: missing is "", booleans "true"/"false". */
function asFilterString(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new FilterThrew();
}

function acceptedValues(raw: string): string[] {
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    } catch {
      // Not JSON after all: KAZOO then compares the raw text.
    }
  }
  return [raw];
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

function timeBound(field: 'pvt_created' | 'pvt_modified', raw: string, cmp: (a: number, b: number) => boolean): DocFilter {
  return (doc) => {
    if (!/^\d+$/.test(raw)) throw new FilterThrew();
    const stamp = doc[field];
    if (typeof stamp !== 'number') throw new FilterThrew();
    return cmp(stamp, Number(raw));
  };
}

function filterFor(name: string, raw: string): DocFilter | undefined {
  if (name.startsWith('filter_not_')) {
    const key = name.slice('filter_not_'.length);
    const values = acceptedValues(raw);
    return (doc) => !values.includes(asFilterString(getPath(doc, key)));
  }
  if (name.startsWith('filter_')) {
    const key = name.slice('filter_'.length);
    const values = acceptedValues(raw);
    return (doc) => values.includes(asFilterString(getPath(doc, key)));
  }
  switch (name) {
    case 'has_key':
      return (doc) => getPath(doc, raw) !== undefined;
    case 'key_missing':
      return (doc) => getPath(doc, raw) === undefined;
    case 'has_value':
      return (doc) => !isEmpty(getPath(doc, raw));
    // The docs call it `missing_value`; the code only knows `value_missing`.
    case 'value_missing':
      return (doc) => isEmpty(getPath(doc, raw));
    case 'created_from':
      return timeBound('pvt_created', raw, (a, b) => a >= b);
    case 'created_to':
      return timeBound('pvt_created', raw, (a, b) => a <= b);
    case 'modified_from':
      return timeBound('pvt_modified', raw, (a, b) => a >= b);
    case 'modified_to':
      return timeBound('pvt_modified', raw, (a, b) => a <= b);
    default:
      return undefined;
  }
}

/** The conjunction of every filter in the query; a filter that throws excludes the document. */
export function buildFilter(query: URLSearchParams): DocFilter {
  const filters: DocFilter[] = [];
  for (const [name, raw] of query) {
    const f = filterFor(name, raw);
    if (f) filters.push(f);
  }
  if (filters.length === 0) return () => true;
  return (doc) => {
    try {
      return filters.every((f) => f(doc));
    } catch (e) {
      if (e instanceof FilterThrew) return false;
      throw e;
    }
  };
}
