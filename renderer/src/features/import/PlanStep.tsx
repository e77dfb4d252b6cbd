import { useEffect, useState } from 'react';
import type { ImportDraft, ImportPlan, MatchKey, OnExisting, PlanAction, PlanRow } from '../../../../common/import/types';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon, GaugeIcon, PlayIcon, PlugIcon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { SegmentedControl } from '../../components/SegmentedControl';
import { StatusBadge } from '../../components/StatusBadge';
import { TableText } from '../../components/TableText';
import { TextField } from '../../components/TextField';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { isCurrentPlan } from '../../store/import/planSlice';
import { DEFAULT_START_CHOICES, settledStates, type StartChoices } from '../../store/import/runSlice';
import { useConnections, useImport, useNavigation } from '../../store/StoresContext';
import { actionWords } from './batchWords';
import { columnWords } from './columnWords';
import { PersonUpdates, PlanUpdates } from './PlanUpdates';
import { planResourceColumns } from './resourceColumns';
import { KindCounts } from './KindCounts';
import { planCountsWords, planResourceSentence } from './resourceWords';
import { StartImportDialog } from './StartImportDialog';
import { StepHeading } from './StepHeading';
import { StepNav } from './StepNav';
import { rowColumns } from './rowColumns';
import { namesPeople } from '../../../../common/import/problems';
import './PlanStep.css';

const matchOptions = [
  { value: 'mac', label: 'MAC address, then SIP username' },
  { value: 'sip_username', label: 'SIP username only' },
] as const satisfies readonly { value: MatchKey; label: string }[];

const existingOptions = [
  { value: 'skip', label: 'Skip it' },
  { value: 'update', label: 'Update it from the file' },
] as const satisfies readonly { value: OnExisting; label: string }[];

const existingPersonOptions = [
  { value: 'skip', label: 'Skip them' },
  { value: 'update', label: 'Update them from the file' },
] as const satisfies readonly { value: OnExisting; label: string }[];

type ActionFilter = PlanAction | 'all';

const countMeaning: Record<PlanAction, string> = {
  create: 'new devices to add',
  update: 'existing devices to change',
  delete: 'devices to delete',
  skip: 'already there, left as they are',
  error: 'rows with errors, not sent',
};

/** The same counts for a sheet of people: a row adds or changes a person, their phone, or both. */
const peopleCountMeaning: Record<PlanAction, string> = {
  create: 'rows adding people or phones',
  update: 'rows changing what is there',
  delete: 'rows deleting what is there',
  skip: 'already there, left as they are',
  error: 'rows with errors, not sent',
};

/** "3 people and 4 phones": what starting sends, as the start button says it. */
function sendWords(plan: ImportPlan, sendCount: number): string {
  if (!(plan.people > 0)) return plural(sendCount, 'device', 'devices');
  const sent = plan.rows.filter((row) => row.action === 'create' || row.action === 'update');
  const people = new Set(sent.flatMap((row) => (row.person ? [row.person.key] : []))).size;
  const phones = plan.resourceCounts.device.create + plan.resourceCounts.device.update;
  const parts = [people > 0 ? plural(people, 'person', 'people') : null, phones > 0 ? plural(phones, 'phone', 'phones') : null];
  return parts.filter(Boolean).join(' and ') || plural(sendCount, 'row', 'rows');
}

function detailOf(row: PlanRow): string {
  if (row.action === 'update') {
    const changes = `Changes ${row.changedColumns.map((column) => columnWords[column]).join(', ') || 'nothing'}`;
    return row.disruptsRegisteredPhone ? `${changes} of a registered phone: asks before starting` : changes;
  }
  if (row.action === 'create') {
    if (row.generated.length === 2) return 'New device; the app makes its SIP username and password';
    if (row.generated.includes('sip_password')) return 'New device; the app makes its SIP password';
    if (row.generated.includes('sip_username')) return 'New device; the app makes its SIP username';
    return 'New device';
  }
  return row.reason ?? '';
}

const planColumns: VirtualColumn<PlanRow>[] = [
  ...rowColumns<PlanRow>(),
  {
    header: 'Action',
    width: 7.5,
    render: (row) => <StatusBadge tone={actionWords[row.action].tone}>{actionWords[row.action].label}</StatusBadge>,
  },
  {
    header: 'Details',
    width: { fill: 1.6, min: 11 },
    render: (row) => <TableText text={detailOf(row)} />,
  },
];

/** A row of a person in a sentence: its problems first, else what it changes or leaves, else that all of it is new. */
function personDetailOf(row: PlanRow): string {
  if (!row.person) return detailOf(row);
  const errors = row.resources.filter((resource) => resource.action === 'error');
  // One problem holds back all of a person's documents: say it once, not once per document.
  const reasons = new Set(errors.map((resource) => resource.reason));
  if (reasons.size === 1 && errors[0]?.reason) return errors[0].reason;
  if (errors.length > 0) return errors.map(planResourceSentence).join(' · ');
  const notNew = row.resources.filter((resource) => resource.action !== 'create');
  if (notNew.length === 0) return 'All new';
  return notNew.map(planResourceSentence).join(' · ');
}

// For a sheet of people: a column per document (user, voicemail box, phone, extension), then the row's details.
const peoplePlanColumns: VirtualColumn<PlanRow>[] = [
  ...planResourceColumns(),
  { header: 'Details', width: { fill: 1.6, min: 10 }, render: (row) => <TableText text={personDetailOf(row)} /> },
];

/** Why the import cannot start yet, in words; null when it can (or when an error above says why). */
function planNote(state: {
  connected: boolean;
  failed: boolean;
  planned: boolean;
  stale: boolean;
  otherRunning: boolean;
  sendCount: number;
}): string | null {
  if (!state.connected) return 'Connect to make the plan.';
  if (state.failed) return null;
  if (!state.planned) return 'The plan is being made.';
  if (state.stale) return 'Wait for the plan to be made again.';
  if (state.otherRunning) return 'Another import is still running; wait for it to finish.';
  if (state.sendCount === 0) return 'Nothing to send: every row is skipped or has errors.';
  return null;
}

const defaultBatchName = (fileName: string) =>
  `${fileName} – ${new Date().toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })}`;

/** Step 4: a dry run against the live account (nothing is sent), then the start of the import. */
export function PlanStep({ draft }: { draft: ImportDraft }) {
  const planOptions = useImport((state) => state.planOptions);
  const setPlanOptions = useImport((state) => state.setPlanOptions);
  const planning = useImport((state) => state.planning);
  const planned = useImport((state) => state.planned);
  const draftVersion = useImport((state) => state.draftVersion);
  const reviewPlan = useImport((state) => state.reviewPlan);
  const starting = useImport((state) => state.starting);
  const startImport = useImport((state) => state.startImport);
  const batch = useImport((state) => state.batch);
  const goTo = useImport((state) => state.goTo);
  const setGridFilter = useImport((state) => state.setGridFilter);
  const activeId = useConnections((state) => state.overview?.activeId ?? null);
  const connected = activeId !== null;
  const goToSection = useNavigation((state) => state.go);

  const [filter, setFilter] = useState<ActionFilter>('all');
  const [batchName, setBatchName] = useState(() => defaultBatchName(draft.source.fileName));
  const [confirming, setConfirming] = useState(false);

  const plan = planned?.plan ?? null;
  const current = isCurrentPlan(planned, draftVersion, planOptions, activeId);
  const stale = plan !== null && !current;
  const sendCount = plan ? plan.counts.create + plan.counts.update : 0;
  const disrupting = current ? planned.plan.rows.filter((row) => row.disruptsRegisteredPhone) : [];
  const people = (plan?.people ?? 0) > 0;
  const personChoice = namesPeople(draft.mapping);
  const otherRunning = batch !== null && !settledStates.has(batch.state);
  const nameError = batchName.trim() === '' ? 'Give the import a name, so you can find it among recent batches.' : undefined;
  const canStart = current && planning.status !== 'running' && sendCount > 0 && !otherRunning && !nameError;

  // The plan follows what it depends on: made on arrival, and again after an edit, another choice or another connection.
  const { match, onExisting, onExistingPerson } = planOptions;
  useEffect(() => {
    if (activeId !== null) void reviewPlan(activeId);
  }, [reviewPlan, activeId, draftVersion, match, onExisting, onExistingPerson]);
  const shownRows = plan ? (filter === 'all' ? plan.rows : plan.rows.filter((row) => row.action === filter)) : [];

  const fixInGrid = () => {
    setGridFilter('errors');
    goTo('check');
  };

  const start = async (confirmedRegisteredDeviceIds: string[], choices: StartChoices) => {
    setConfirming(false);
    await startImport(batchName.trim(), confirmedRegisteredDeviceIds, choices);
  };
  // A sheet of people always asks first: what a failed step leaves behind, and whether new users are e-mailed.
  const asksFirst = plan !== null && (people || plan.counts.error > 0 || disrupting.length > 0);

  const connectButton = (
    <Button icon={<PlugIcon />} onClick={() => goToSection('connect')}>
      Connect
    </Button>
  );

  return (
    <>
      <StepHeading title="Review the plan">
        The plan compares every row with the {personChoice ? 'people, extensions and devices' : 'devices'} already on the account. Nothing
        is sent until you start the import.
      </StepHeading>
      {!connected ? (
        <Banner tone="warning" title="Connect first" actions={connectButton}>
          The plan needs the account the phones go to. Choose or add a connection under Connect, then come back: the file stays loaded.
        </Banner>
      ) : null}

      <Panel
        title={personChoice ? 'How to treat people and devices already on the account' : 'How to treat devices already on the account'}
      >
        <div className="plan-step__options">
          <SegmentedControl
            legend="Find an existing device by"
            options={matchOptions}
            value={planOptions.match}
            onChange={(match) => setPlanOptions({ match })}
          />
          <SegmentedControl
            legend="When a device already exists"
            options={existingOptions}
            value={planOptions.onExisting}
            onChange={(onExisting) => setPlanOptions({ onExisting })}
          />
          {personChoice ? (
            <SegmentedControl
              legend="When a person already exists"
              options={existingPersonOptions}
              value={planOptions.onExistingPerson}
              onChange={(onExistingPerson) => setPlanOptions({ onExistingPerson })}
            />
          ) : null}
          <Button
            icon={<GaugeIcon />}
            busy={planning.status === 'running'}
            disabled={!connected || planning.status === 'running'}
            onClick={() => void reviewPlan(activeId)}
            className="plan-step__review"
          >
            {planning.status === 'running' ? 'Checking the account…' : 'Check the account again'}
          </Button>
        </div>
      </Panel>

      {planning.status === 'failed' ? (
        <ErrorNotice error={planning.error} title="The plan could not be made">
          {!connected ? <div className="plan-step__notice-action">{connectButton}</div> : null}
        </ErrorNotice>
      ) : null}
      {stale && connected && planning.status !== 'failed' ? (
        <Banner tone="info" title="Making the plan again">
          The file, the choices or the connection changed after this plan. It is being made again; it can be started once it is up to date.
        </Banner>
      ) : null}

      {plan ? (
        <section className="plan-step__result" aria-labelledby="plan-result-title">
          <h3 id="plan-result-title" className="plan-step__result-title">
            Plan for {plural(plan.rows.length, 'row', 'rows')}
            {people ? ` · ${plural(plan.people, 'person', 'people')}` : null}{' '}
            <span className="plan-step__result-note">· {plural(plan.accountDeviceCount, 'device', 'devices')} on the account now</span>
          </h3>
          <ul className="plan-step__counts">
            {(['create', 'update', 'skip', 'error'] as const).map((action) => (
              <li key={action} className={`plan-step__count plan-step__count--${action}`}>
                <span className="plan-step__count-number">{plan.counts[action].toLocaleString()}</span>
                <span className="plan-step__count-label">{actionWords[action].label}</span>
                <span className="plan-step__count-meaning">{(people ? peopleCountMeaning : countMeaning)[action]}</span>
              </li>
            ))}
          </ul>
          {people ? <KindCounts label="Planned by kind" words={(kind) => planCountsWords(plan.resourceCounts[kind])} /> : null}
          {plan.counts.error > 0 ? (
            <Banner
              tone="danger"
              title={`${plural(plan.counts.error, 'row has', 'rows have')} errors and will not be sent`}
              actions={<Button onClick={fixInGrid}>Fix in grid</Button>}
            >
              Their problems are marked in the grid, including those found on the account (such as an owner that does not exist).
            </Banner>
          ) : null}
          <div className="plan-step__filter">
            <SegmentedControl
              legend="Show"
              options={[
                { value: 'all', label: `All (${plan.rows.length.toLocaleString()})` },
                ...(['create', 'update', 'skip', 'error'] as const).map((action) => ({
                  value: action,
                  label: `${actionWords[action].label} (${plan.counts[action].toLocaleString()})`,
                })),
              ]}
              value={filter}
              onChange={setFilter}
            />
          </div>
          {shownRows.length > 0 ? (
            <VirtualTable
              label="Planned rows"
              items={shownRows}
              columns={people ? peoplePlanColumns : planColumns}
              rowKey={(row) => row.row}
            />
          ) : (
            <p className="plan-step__none">No rows with this action.</p>
          )}
          {people ? <PersonUpdates rows={plan.rows} /> : null}
          <PlanUpdates rows={plan.rows} />
        </section>
      ) : null}

      {plan ? (
        <div className="plan-step__start">
          <TextField
            label="Name of this import"
            hint="Shown in recent batches and in the results file."
            value={batchName}
            onChange={(event) => setBatchName(event.target.value)}
            error={nameError}
            maxLength={120}
          />
        </div>
      ) : null}
      {starting.status === 'failed' ? <ErrorNotice error={starting.error} title="The import did not start" /> : null}

      <StepNav
        back={<Button onClick={() => goTo('check')}>Back to rows</Button>}
        note={planNote({ connected, failed: planning.status === 'failed', planned: plan !== null, stale, otherRunning, sendCount })}
        next={
          <Button
            variant="primary"
            icon={otherRunning ? <ArrowRightIcon /> : <PlayIcon />}
            disabled={!canStart}
            busy={starting.status === 'running'}
            aria-haspopup={asksFirst ? 'dialog' : undefined}
            onClick={() => (asksFirst ? setConfirming(true) : void start([], DEFAULT_START_CHOICES))}
          >
            {starting.status === 'running'
              ? 'Starting…'
              : `Start import of ${plan ? sendWords(plan, sendCount) : plural(0, 'device', 'devices')}`}
          </Button>
        }
      />
      <StartImportDialog
        open={confirming}
        sendWords={plan ? sendWords(plan, sendCount) : ''}
        errorCount={plan?.counts.error ?? 0}
        disrupting={disrupting}
        people={people}
        newUsers={plan && people ? plan.resourceCounts.user.create : 0}
        onStart={(confirmed, choices) => void start(confirmed, choices)}
        onFix={() => {
          setConfirming(false);
          fixInGrid();
        }}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
