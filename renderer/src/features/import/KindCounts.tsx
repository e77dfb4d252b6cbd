import { RESOURCE_KINDS, type ResourceKind } from '../../../../common/import/types';
import { resourceKindWords } from './resourceWords';
import './KindCounts.css';

/** Documents by kind in words ("Users: 12 new, 3 left as they are"), for the plan, the run and the results of a sheet of people. */
export function KindCounts({ label, words }: { label: string; words: (kind: ResourceKind) => string }) {
  return (
    <dl className="kind-counts" aria-label={label}>
      {RESOURCE_KINDS.map((kind) => (
        <div key={kind} className="kind-counts__kind">
          <dt>{resourceKindWords[kind].many}</dt>
          <dd>{words(kind)}</dd>
        </div>
      ))}
    </dl>
  );
}
