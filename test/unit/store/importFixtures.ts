import type { BatchProgress, BatchSummary, CellIssue, ImportDraft, ImportPlan, RowResult } from '../../../common/import/types';

/** A checked draft of `rows` rows with the columns name and mac_address. */
export function draftOf(id: string, rows: string[][], issues: CellIssue[] = []): ImportDraft {
  return {
    id,
    source: {
      fileName: `${id}.csv`,
      byteLength: 100,
      encoding: 'utf-8',
      detectedEncoding: 'utf-8',
      delimiter: ',',
      detectedDelimiter: ',',
      headerRow: 0,
      detectedHeaderRow: 0,
    },
    headers: ['Name', 'MAC'],
    mapping: ['name', 'mac_address'],
    ignoredColumns: [],
    rows: rows.map((cells, index) => ({ line: index + 2, cells })),
    issues,
    mappingFromSaved: false,
    account: null,
  };
}

export const issueOn = (row: number, code: string, message = code): CellIssue => ({
  row,
  sourceColumn: 1,
  column: 'mac_address',
  severity: 'error',
  code,
  message,
});

export function planOf(draftId: string, issues: CellIssue[] = []): ImportPlan {
  return {
    planId: 'f'.repeat(32),
    draftId,
    match: 'mac',
    onExisting: 'skip',
    onExistingPerson: 'skip',
    rows: [],
    counts: { create: 2, update: 0, delete: 0, skip: 0, error: 0 },
    resourceCounts: {
      user: { create: 0, update: 0, delete: 0, skip: 0, error: 0 },
      vmbox: { create: 0, update: 0, delete: 0, skip: 0, error: 0 },
      device: { create: 2, update: 0, delete: 0, skip: 0, error: 0 },
      callflow: { create: 0, update: 0, delete: 0, skip: 0, error: 0 },
    },
    people: 0,
    issues,
    accountDeviceCount: 5,
    createdAt: '2025-03-04T12:00:00.000Z',
  };
}

export function progressOf(batchId: string, fields: Partial<BatchProgress> = {}): BatchProgress {
  return {
    batchId,
    origin: 'import',
    name: 'Front office',
    connectionId: 'c'.repeat(32),
    fileName: 'phones.csv',
    state: 'running',
    total: 4,
    done: 0,
    created: 0,
    updated: 0,
    deleted: 0,
    skipped: 0,
    failed: 0,
    resources: {
      user: { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 },
      vmbox: { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 },
      device: { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 },
      callflow: { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 },
    },
    incompletePeople: 0,
    ratePerSecond: 0,
    etaSeconds: null,
    throttled: 0,
    pace: null,
    startedAt: '2025-03-04T12:00:00.000Z',
    finishedAt: null,
    changed: [],
    ...fields,
  };
}

export function rowResultOf(row: number, fields: Partial<RowResult> = {}): RowResult {
  return {
    row,
    line: row + 2,
    name: `Phone ${row}`,
    extension: null,
    macAddress: null,
    sipUsername: null,
    action: 'create',
    outcome: 'created',
    deviceId: `d${row}`,
    error: null,
    person: null,
    resources: [],
    ...fields,
  };
}

export function summaryOf(progress: BatchProgress): BatchSummary {
  const {
    batchId,
    origin,
    name,
    connectionId,
    fileName,
    state,
    total,
    created,
    updated,
    deleted,
    skipped,
    failed,
    startedAt,
    finishedAt,
    incompletePeople,
  } = progress;
  return {
    batchId,
    origin,
    undoes: null,
    undoneBy: [],
    name,
    connectionId,
    fileName,
    state,
    total,
    created,
    updated,
    deleted,
    skipped,
    failed,
    startedAt,
    finishedAt,
    deviceIds: [],
    incompletePeople,
  };
}
