import { RESOURCE_KINDS, type PlanRow, type RowResult } from '../../../../common/import/types';
import { StatusBadge } from '../../components/StatusBadge';
import { TableNone, TableText } from '../../components/TableText';
import type { VirtualColumn } from '../../components/VirtualTable';
import {
  personStateWords,
  planResourceSentence,
  resourceActionWords,
  resourceKindWords,
  resourceOutcomeWords,
  resultResourceSentence,
} from './resourceWords';

// At least a badge's words and a header ("Voicemail"), so four of them, the row's person and its
// details or state fit a 1024-pixel window; a wide one gives them room to spare. The plan's words
// ("Create", "Leave") are shorter than the results' ("Not sent", "Removed").
const PLAN_RESOURCE_WIDTH = { fill: 0.5, min: 6 };
const RESULT_RESOURCE_WIDTH = { fill: 0.5, min: 6.75 };
const ROW_REM = 3;

/** The person's name, or the phone's for a row without one; the email on hover tells two namesakes apart. */
const personColumn = <T extends PlanRow | RowResult>(min: number): VirtualColumn<T> => ({
  header: 'Person',
  width: { fill: 1, min },
  render: (row) =>
    row.person ? (
      <TableText
        text={row.person.name}
        title={'email' in row.person && row.person.email ? `${row.person.name} <${row.person.email}>` : undefined}
      />
    ) : (
      <TableText text={row.name ? `${row.name} (phone on its own)` : '(phone on its own)'} />
    ),
});

/** What the plan does to each document of the row, a column per kind; the whole sentence on hover. */
export function planResourceColumns(): VirtualColumn<PlanRow>[] {
  return [
    { header: 'Row', width: ROW_REM, render: (row) => <span className="virtual-table__muted">{row.line}</span> },
    personColumn<PlanRow>(7.5),
    ...RESOURCE_KINDS.map((kind) => ({
      header: resourceKindWords[kind].column,
      width: PLAN_RESOURCE_WIDTH,
      render: (row: PlanRow) => {
        const resource = row.resources.find((item) => item.resource === kind);
        if (!resource) return <TableNone label={`no ${resourceKindWords[kind].one.toLowerCase()}`} />;
        const words = resourceActionWords[resource.action];
        return (
          <span title={planResourceSentence(resource)}>
            <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
          </span>
        );
      },
    })),
  ];
}

/** Where each row's person stands and what happened to each of its documents, a column per kind. */
export function resultResourceColumns(): VirtualColumn<RowResult>[] {
  return [
    { header: 'Row', width: ROW_REM, render: (row) => <span className="virtual-table__muted">{row.line}</span> },
    personColumn<RowResult>(6),
    {
      header: 'Person is',
      // "Rolled back" in full.
      width: { fill: 0.5, min: 8 },
      render: (row) => {
        if (!row.person) return <TableNone label="no person" />;
        const words = personStateWords[row.person.state];
        return (
          <span title={`${row.person.name}: ${words.meaning}`}>
            <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
          </span>
        );
      },
    },
    ...RESOURCE_KINDS.map((kind) => ({
      header: resourceKindWords[kind].column,
      width: RESULT_RESOURCE_WIDTH,
      render: (row: RowResult) => {
        const resource = row.resources.find((item) => item.resource === kind);
        if (!resource) return <TableNone label={`no ${resourceKindWords[kind].one.toLowerCase()}`} />;
        const words = resourceOutcomeWords[resource.outcome];
        return (
          <span title={resultResourceSentence(resource)}>
            <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
          </span>
        );
      },
    })),
  ];
}
