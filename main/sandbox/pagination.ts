/**
 * crossbar_doc:load_view pagination over a view keyed by document id: `page_size` rows per page
 * (default 50), opaque `next_start_key`, `paginate=false` for everything at once.
 */
import type { Doc } from './docs';
import type { Paging } from './envelope';
import type { DocFilter } from './filters';

const DEFAULT_PAGE_SIZE = 50;

/** base64url(term_to_binary(<<Id/binary>>)): 131 = version, 109 = BINARY_EXT, 4-byte length. */
function encodeStartKey(id: string): string {
  const bytes = Buffer.from(id, 'utf8');
  const head = Buffer.from([131, 109, 0, 0, 0, 0]);
  head.writeUInt32BE(bytes.length, 2);
  return Buffer.concat([head, bytes]).toString('base64url');
}

/** KAZOO falls back to the raw value when decoding fails, so a bare id works as a start key. */
function decodeStartKey(key: string): string {
  const bytes = Buffer.from(key, 'base64url');
  if (bytes.length >= 6 && bytes[0] === 131 && bytes[1] === 109 && bytes.readUInt32BE(2) === bytes.length - 6) {
    return bytes.subarray(6).toString('utf8');
  }
  return key;
}

export interface PageRequest {
  paginate: boolean;
  pageSize: number;
  startKey: string | undefined;
}

export function pageRequest(query: URLSearchParams): PageRequest {
  const size = Number(query.get('page_size'));
  return {
    paginate: query.get('paginate') !== 'false',
    pageSize: Number.isInteger(size) && size > 0 ? size : DEFAULT_PAGE_SIZE,
    startKey: query.get('start_key') ?? undefined,
  };
}

export interface Page {
  docs: Doc[];
  paging: Paging | undefined;
}

/** Index of the first document whose id is >= `id` (binary search over the sorted view). */
function lowerBound(sorted: readonly Doc[], id: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Doc)._id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads `sorted` (ascending by id, as the view is) from the start key, keeping matching rows
 * until the page is full; the next matching row's id becomes `next_start_key`.
 */
export function paginate(sorted: readonly Doc[], matches: DocFilter, request: PageRequest): Page {
  if (!request.paginate) return { docs: sorted.filter(matches), paging: undefined };
  const from = request.startKey === undefined ? 0 : lowerBound(sorted, decodeStartKey(request.startKey));
  const page: Doc[] = [];
  let next: string | undefined;
  for (let index = from; index < sorted.length; index++) {
    const doc = sorted[index] as Doc;
    if (!matches(doc)) continue;
    if (page.length === request.pageSize) {
      next = doc._id;
      break;
    }
    page.push(doc);
  }
  const paging: Paging = { page_size: page.length };
  if (request.startKey !== undefined) paging.start_key = request.startKey;
  if (next !== undefined) paging.next_start_key = encodeStartKey(next);
  return { docs: page, paging };
}
