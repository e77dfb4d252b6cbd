import { CANONICAL_COLUMNS, isSecretColumn, type CanonicalColumn } from '../../../../common/import/columns';
import { columnLabel, columnLetter } from '../../../../common/import/labels';
import { ignoredSecretColumns } from '../../../../common/import/secret-columns';
import type { ImportDraft } from '../../../../common/import/types';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { StatusBadge } from '../../components/StatusBadge';
import { useImport } from '../../store/StoresContext';
import { columnWords } from './columnWords';
import { maskSecret } from './maskSecret';
import { SourceBar } from './SourceBar';
import { StepHeading } from './StepHeading';
import { StepNav } from './StepNav';
import { namesPeople } from '../../../../common/import/problems';
import './ColumnsStep.css';

const SAMPLES = 3;
const IGNORE = 'ignore';
type Choice = CanonicalColumn | typeof IGNORE;

const choices: SelectOption<Choice>[] = [
  { value: IGNORE, label: 'Ignore this column' },
  ...CANONICAL_COLUMNS.map((column) => ({ value: column, label: columnWords[column] })),
];

/** The first few different values of a column, so the technician sees what it holds, not just its name; passwords masked. */
function samplesOf(draft: ImportDraft, index: number, secret: boolean): string[] {
  const found = new Set<string>();
  for (const row of draft.rows) {
    const value = row.cells[index]?.trim();
    if (value) found.add(secret ? maskSecret(value) : value);
    if (found.size >= SAMPLES) break;
  }
  return [...found];
}

/** Step 2: which field each column of the file fills, with a sample of what it holds. */
export function ColumnsStep({ draft }: { draft: ImportDraft }) {
  const configure = useImport((state) => state.configure);
  const setMapping = useImport((state) => state.setMapping);
  const goTo = useImport((state) => state.goTo);
  const leftOut = useImport((state) => state.leftOut);
  const leaveOut = useImport((state) => state.leaveOut);
  const busy = configure.status === 'running';
  const nameColumn = draft.mapping.indexOf('name');
  const nameMissing = nameColumn < 0 && !namesPeople(draft.mapping);
  const secretColumns = ignoredSecretColumns(draft.headers, draft.mapping, draft.rows);
  // A sheet's own SIP passwords are what its phones were set up with: such a column is never left out without asking.
  const undecided = secretColumns.filter((index) => !leftOut.includes(index));
  const passwordColumn = draft.mapping.indexOf('sip_password');

  // One column per field: choosing a field taken elsewhere moves it here, as a select cannot hold a conflict.
  const choose = (index: number, choice: Choice) => {
    const field = choice === IGNORE ? null : choice;
    const mapping = draft.mapping.map((current, at) => (at === index ? field : current === field ? null : current));
    void setMapping(mapping);
  };

  return (
    <>
      <StepHeading title="Match columns">
        Tell the app what each column of the file holds. Columns set to Ignore are not imported.
      </StepHeading>
      <SourceBar source={draft.source} rowCount={draft.rows.length} />
      {draft.mappingFromSaved ? (
        <Banner tone="info" title="Using the column choices saved for this connection">
          They were saved when you last reviewed a plan with a file like this one. Change any of them below.
        </Banner>
      ) : null}
      {configure.status === 'failed' ? <ErrorNotice error={configure.error} title="Column choice not applied" /> : null}
      {undecided.map((index) => {
        const label = columnLabel(draft.headers, index);
        return (
          <Banner
            key={index}
            tone="warning"
            title={`Column ${columnLetter(index)} (${label}) looks like passwords and is not imported`}
            actions={
              <>
                <Button size="sm" variant="primary" disabled={busy} onClick={() => choose(index, 'sip_password')}>
                  Import {label} as SIP passwords
                </Button>
                <Button size="sm" disabled={busy} onClick={() => leaveOut(index)}>
                  Leave {label} out
                </Button>
              </>
            }
          >
            Phones set up with the sheet’s passwords register only if the PBX gets the same ones.{' '}
            {passwordColumn >= 0
              ? `The SIP passwords come from column ${columnLetter(passwordColumn)} (${columnLabel(draft.headers, passwordColumn)}) now; importing this one instead leaves that one out.`
              : 'Left out, the app makes a new SIP password for each new phone.'}{' '}
            A column left out is not copied into the results report unless you export it with passwords.
          </Banner>
        );
      })}

      <section className="columns-step" aria-labelledby="columns-step-table">
        <div className="columns-step__summary">
          <h3 id="columns-step-table" className="columns-step__title">
            {plural(draft.headers.length, 'column', 'columns')} in the file
          </h3>
          {nameColumn >= 0 ? (
            <StatusBadge tone="success">Required: Name, from column {columnLetter(nameColumn)}</StatusBadge>
          ) : nameMissing ? (
            <StatusBadge tone="danger">Required: Name is not matched yet</StatusBadge>
          ) : (
            <StatusBadge tone="neutral">Phones are named after their person (no name column needed)</StatusBadge>
          )}
          {busy ? <StatusBadge tone="progress">Checking the rows again…</StatusBadge> : null}
        </div>
        <table className="columns-step__table">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">Imports as</th>
              <th scope="col">Sample values</th>
            </tr>
          </thead>
          <tbody>
            {draft.headers.map((header, index) => {
              const field = draft.mapping[index] ?? null;
              const secret = isSecretColumn(field) || secretColumns.includes(index);
              const samples = samplesOf(draft, index, secret);
              const label = header || `Column ${columnLetter(index)}`;
              return (
                <tr key={index} className={field === null ? 'columns-step__row--ignored' : undefined}>
                  <th scope="row">
                    <span className="columns-step__letter">{columnLetter(index)}</span>
                    <span className="columns-step__header">{header || <em>no header</em>}</span>
                    {field === null && secret ? <StatusBadge tone="warning">Looks like passwords</StatusBadge> : null}
                  </th>
                  <td>
                    <SelectField
                      label={`Imports ${label} as`}
                      hideLabel
                      options={choices}
                      value={field ?? IGNORE}
                      onChange={(choice) => choose(index, choice)}
                      disabled={busy}
                    />
                  </td>
                  <td>
                    <div className="columns-step__samples">
                      {samples.length > 0 ? (
                        samples.map((sample) => <code key={sample}>{sample}</code>)
                      ) : (
                        <span className="columns-step__empty">empty in every row</span>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {draft.ignoredColumns.length > 0 ? (
          <p className="columns-step__ignored">
            <strong>Not imported:</strong> {draft.ignoredColumns.join(', ')}.
          </p>
        ) : (
          <p className="columns-step__ignored">Every column is imported.</p>
        )}
      </section>

      <StepNav
        back={<Button onClick={() => goTo('file')}>Back to file</Button>}
        note={
          nameMissing
            ? 'Match a column to Name to continue.'
            : undecided.length > 0
              ? 'Import or leave out the columns that look like passwords to continue.'
              : null
        }
        next={
          <Button
            variant="primary"
            icon={<ArrowRightIcon />}
            disabled={nameMissing || undecided.length > 0 || busy}
            onClick={() => goTo('check')}
          >
            Continue to check rows
          </Button>
        }
      />
    </>
  );
}
