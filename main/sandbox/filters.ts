/**
 * crossbar_filter: query-string filters evaluated against the full stored document (not the
 * list summary), all AND-ed. Dotted keys reach nested fields.
 */
import type { Doc } from './docs';
import { getPath, isObject } from './docs';

export type DocFilter = (doc: Doc) => boolean;

class FilterThrew extends Error {}

/**
 * kz_term:to_binary as the filter sees it: missing is "", booleans "true"/"false", and a list of
 * strings its elements run together (so `filter_numbers=1001` matches only `["1001"]`).
 */
function asFilterString(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('');
  throw new FilterThrew();
}

function acceptedValues(raw: string): string[] {
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    } catch {
      // Not JSON after all: KAZOO then compares the raw text.
    }
  }
  return [raw];
}

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (isObject(value) && Object.keys(value).length === 0);

function timeBound(field: 'pvt_created' | 'pvt_modified', raw: string, compare: (stamp: number, bound: number) => boolean): DocFilter {
  return (doc) => {
    if (!/^\d+$/.test(raw)) throw new FilterThrew();
    const stamp = doc[field];
    if (typeof stamp !== 'number') throw new FilterThrew();
    return compare(stamp, Number(raw));
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
      return timeBound('pvt_created', raw, (stamp, bound) => stamp >= bound);
    case 'created_to':
      return timeBound('pvt_created', raw, (stamp, bound) => stamp <= bound);
    case 'modified_from':
      return timeBound('pvt_modified', raw, (stamp, bound) => stamp >= bound);
    case 'modified_to':
      return timeBound('pvt_modified', raw, (stamp, bound) => stamp <= bound);
    default:
      return undefined;
  }
}

/** The conjunction of every filter in the query; a filter that throws excludes the document. */
export function buildFilter(query: URLSearchParams): DocFilter {
  const filters: DocFilter[] = [];
  for (const [name, raw] of query) {
    const filter = filterFor(name, raw);
    if (filter) filters.push(filter);
  }
  if (filters.length === 0) return () => true;
  return (doc) => {
    try {
      return filters.every((filter) => filter(doc));
    } catch (error) {
      if (error instanceof FilterThrew) return false;
      throw error;
    }
  };
}
