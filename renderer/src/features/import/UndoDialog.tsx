import { useEffect, useId, useRef, useState } from 'react';
import type { UndoItem, UndoPlan } from '../../../../common/undo';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PlayIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { StatusBadge } from '../../components/StatusBadge';
import { useImport } from '../../store/StoresContext';
import { resourceKindWords } from './resourceWords';
import { undoActionWords } from './batchWords';
import { fieldWords, isUndone, registeredWords, restoreWords, undoneCount, undoSentence } from './undoWords';
import './UndoDialog.css';

/**
 * The plan arrives after the dialog opened on "Reading the account…": its first sentence takes
 * focus, so the keyboard and a screen reader start at what the undo does, not at the top bar.
 */
function useFocusOnArrival<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** Rows the plan shows at first; a batch of thousands lists the rest on request, so the dialog opens at once. */
const FIRST_ROWS = 200;

/**
 * "Undo this batch": the plan read against the account now, before anything is sent: what is
 * deleted, restored (each field now → back) and re-created, in the order the undo runs it;
 * documents changed since the batch apart, each left alone unless ticked; registered phones and
 * where the passwords from before are sealed said in words. Starting runs it as a batch of its own.
 */
export function UndoDialog() {
  const undoPlan = useImport((state) => state.undoPlan);
  const closeUndo = useImport((state) => state.closeUndo);
  const planUndo = useImport((state) => state.planUndo);
  const name = undoPlan.status === 'closed' ? '' : undoPlan.status === 'ready' ? undoPlan.plan.batchName : undoPlan.batchName;

  return (
    <Dialog open={undoPlan.status !== 'closed'} onClose={closeUndo} title={`Undo “${name}”?`} wide>
      {undoPlan.status === 'loading' ? (
        <div className="dialog-content">
          <p className="undo-dialog__loading" role="status">
            <StatusBadge tone="progress">Reading the account to plan the undo…</StatusBadge>
          </p>
          <p className="dialog-content__consequence">Each document the batch touched is read as it is now. Nothing is sent yet.</p>
          <div className="dialog-content__actions">
            <Button onClick={closeUndo}>Close</Button>
          </div>
        </div>
      ) : null}
      {undoPlan.status === 'failed' ? (
        <div className="dialog-content">
          <ErrorNotice error={undoPlan.error} title="The undo could not be planned" />
          <div className="dialog-content__actions">
            <Button onClick={closeUndo}>Close</Button>
            <TryAgain onClick={() => void planUndo(undoPlan.batchId, undoPlan.batchName)} />
          </div>
        </div>
      ) : null}
      {undoPlan.status === 'ready' ? <UndoPlanView key={undoPlan.plan.planId} plan={undoPlan.plan} /> : null}
    </Dialog>
  );
}

function TryAgain({ onClick }: { onClick: () => void }) {
  const ref = useFocusOnArrival<HTMLButtonElement>();
  return (
    <Button ref={ref} variant="primary" onClick={onClick}>
      Try again
    </Button>
  );
}

function UndoPlanView({ plan }: { plan: UndoPlan }) {
  const undoStart = useImport((state) => state.undoStart);
  const startUndo = useImport((state) => state.startUndo);
  const planUndo = useImport((state) => state.planUndo);
  const closeUndo = useImport((state) => state.closeUndo);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const orderTitle = useId();
  const lead = useFocusOnArrival<HTMLParagraphElement>();

  const conflicts = plan.items.filter((item) => item.conflict !== null && item.action !== 'nothing');
  const sentence = undoSentence(plan.items, ticked);
  const sent = undoneCount(plan.items, ticked);
  const registered = plan.items.filter((item) => item.registered === true && isUndone(item, ticked)).length;
  const shown = showAll ? plan.items : plan.items.slice(0, FIRST_ROWS);
  const tick = (keys: readonly string[], on: boolean) => {
    const next = new Set(ticked);
    for (const key of keys) {
      if (on) next.add(key);
      else next.delete(key);
    }
    setTicked(next);
  };

  if (plan.items.every((item) => item.action === 'nothing')) {
    return (
      <div className="dialog-content">
        <p ref={lead} tabIndex={-1} className="dialog-content__lead">
          Nothing to undo: the account already reads as it did before this batch.
        </p>
        <p className="dialog-content__consequence">
          {plan.items.length === 0
            ? 'The batch changed no document.'
            : `Each of the ${plural(plan.items.length, 'document', 'documents')} it touched is as it was, or already gone.`}
        </p>
        <div className="dialog-content__actions">
          <Button onClick={closeUndo}>Close</Button>
        </div>
      </div>
    );
  }

  return (
    <div className="dialog-content undo-dialog">
      <p ref={lead} tabIndex={-1} className="dialog-content__lead">
        {sentence ? `${sentence}.` : 'Nothing is undone unless you tick a document changed since.'}
      </p>
      <p className="dialog-content__consequence">
        The undo runs as a batch of its own, in the order below, and can itself be undone.
        {conflicts.length > 0
          ? ` ${plural(conflicts.length, 'document was', 'documents were')} changed since the batch and ${conflicts.length === 1 ? 'is' : 'are'} left alone unless you tick ${conflicts.length === 1 ? 'it' : 'them'}.`
          : null}
      </p>

      {plan.undoneBy.length > 0 ? (
        <Banner tone="info" title="Undone before">
          This batch was undone {plan.undoneBy.length === 1 ? 'once' : `${plan.undoneBy.length} times`} already. What is already as it was
          needs nothing now.
        </Banner>
      ) : null}
      {registered > 0 ? (
        <Banner tone="warning" title={`${plural(registered, 'phone is', 'phones are')} registered now`}>
          Undoing takes {registered === 1 ? 'it' : 'them'} offline: a deleted phone stops working, a restored one may need its old SIP
          settings again.
        </Banner>
      ) : null}
      <SealNotice plan={plan} />

      {conflicts.length > 0 ? (
        <section className="undo-dialog__conflicts" aria-labelledby={`${orderTitle}-conflicts`}>
          <h3 id={`${orderTitle}-conflicts`} className="undo-dialog__title">
            Changed since the batch ({conflicts.length.toLocaleString()})
          </h3>
          <p className="undo-dialog__hint">
            Someone or something changed these after the batch ran. Undoing one anyway overwrites those changes.
          </p>
          {conflicts.length > 1 ? (
            <label className="undo-dialog__check undo-dialog__check--all">
              <input
                type="checkbox"
                checked={conflicts.every((item) => ticked.has(item.key))}
                onChange={(event) =>
                  tick(
                    conflicts.map((item) => item.key),
                    event.target.checked,
                  )
                }
              />
              Undo all {conflicts.length.toLocaleString()} anyway
            </label>
          ) : null}
          <ul className="undo-dialog__conflict-list">
            {conflicts.map((item) => (
              <li key={item.key} className="undo-dialog__conflict">
                <ItemHeading item={item} />
                <p>{item.conflict?.message}</p>
                {item.conflict && item.conflict.fields.length > 0 ? (
                  <p className="undo-dialog__muted">
                    Changed since: {item.conflict.fields.map((path) => fieldWords(item.resource, path)).join(', ')}
                  </p>
                ) : null}
                <label className="undo-dialog__check">
                  <input
                    type="checkbox"
                    checked={ticked.has(item.key)}
                    onChange={(event) => tick([item.key], event.target.checked)}
                    aria-label={`Undo anyway: ${resourceKindWords[item.resource].one} ${item.name}`}
                  />
                  Undo anyway
                </label>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="undo-dialog__order">
        <h3 id={orderTitle} className="undo-dialog__title">
          In the order the undo runs
        </h3>
        <div className="undo-dialog__scroll" role="region" aria-labelledby={orderTitle} tabIndex={0}>
          <table className="undo-dialog__table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Action</th>
                <th scope="col">Kind</th>
                <th scope="col">Name</th>
                <th scope="col">What changes</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item, index) => (
                <ItemRow key={item.key} item={item} order={index + 1} ticked={ticked.has(item.key)} />
              ))}
            </tbody>
          </table>
        </div>
        {shown.length < plan.items.length ? (
          <div>
            <Button size="sm" onClick={() => setShowAll(true)}>
              Show all {plural(plan.items.length, 'document', 'documents')}
            </Button>
          </div>
        ) : null}
      </div>

      {undoStart.status === 'failed' ? (
        <ErrorNotice error={undoStart.error} title="The undo could not be started">
          <Button size="sm" onClick={() => void planUndo(plan.batchId, plan.batchName)}>
            Plan again
          </Button>
        </ErrorNotice>
      ) : null}
      <div className="dialog-content__actions">
        <Button onClick={closeUndo}>Keep the batch as it is</Button>
        {sent > 0 ? (
          <Button variant="primary" icon={<PlayIcon />} busy={undoStart.status === 'running'} onClick={() => void startUndo([...ticked])}>
            Start undo of {plural(sent, 'document', 'documents')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** Where the key sealing the passwords from before lives, and what that means for putting them back. */
function SealNotice({ plan }: { plan: UndoPlan }) {
  const unreadable =
    plan.unreadableSecrets > 0
      ? ` ${plural(plan.unreadableSecrets, 'document has a password or PIN', 'documents have a password or PIN')} from before that cannot be read: ${plan.unreadableSecrets === 1 ? 'it is' : 'they are'} put back without it.`
      : '';
  if (plan.sealedWith === 'memory') {
    return (
      <Banner tone="warning" title="Passwords from before are kept for this run of the app only">
        This computer has no keychain, so the key that seals SIP passwords, portal passwords and voicemail PINs from before a batch lives in
        the app’s memory. Passwords sealed by an earlier run cannot be put back.{unreadable}
      </Banner>
    );
  }
  if (unreadable) {
    return (
      <Banner tone="warning" title="Some passwords from before cannot be read">
        The keychain no longer holds the key they were sealed with.{unreadable}
      </Banner>
    );
  }
  return <p className="undo-dialog__muted">Passwords and PINs from before are sealed with a key kept in this computer’s keychain.</p>;
}

function ItemHeading({ item }: { item: UndoItem }) {
  const action = undoActionWords[item.action];
  return (
    <p className="undo-dialog__item">
      <StatusBadge tone={action.tone}>{action.label}</StatusBadge>
      <span className="undo-dialog__muted">{resourceKindWords[item.resource].one}</span>
      <span className="undo-dialog__name">{item.name}</span>
    </p>
  );
}

/** One document of the plan: what undoing does to it, and for a restore each field now → back. */
function ItemRow({ item, order, ticked }: { item: UndoItem; order: number; ticked: boolean }) {
  const leftAlone = item.conflict !== null && !ticked && item.action !== 'nothing';
  const action = leftAlone ? { label: 'Left alone (changed since)', tone: 'neutral' as const } : undoActionWords[item.action];
  const registered = leftAlone ? null : registeredWords(item);
  return (
    <tr className={leftAlone || item.action === 'nothing' ? 'undo-dialog__row--idle' : undefined}>
      <td className="undo-dialog__muted">{order}</td>
      <td>
        <StatusBadge tone={action.tone}>{action.label}</StatusBadge>
      </td>
      <td>{resourceKindWords[item.resource].one}</td>
      <td className="undo-dialog__name">{item.name}</td>
      <td>
        {item.fields.length > 0 ? (
          <dl className="undo-dialog__fields">
            {item.fields.map((field) => (
              <div key={field.path}>
                <dt>{fieldWords(item.resource, field.path)}</dt>
                <dd>{restoreWords(field)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {registered ? <p className="undo-dialog__registered">{registered}</p> : null}
        {item.conflict && item.action !== 'nothing' ? (
          <p className="undo-dialog__muted">{ticked ? 'Changed since: undone anyway' : 'Changed since the batch: see above'}</p>
        ) : null}
        {item.note ? <p className="undo-dialog__muted">{item.note}</p> : null}
      </td>
    </tr>
  );
}
