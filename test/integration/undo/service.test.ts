import { describe, expect, it } from 'vitest';
import { changeOnAccount, deleteOnAccount } from '../../support/account-setup';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { value } from '../../support/value';
import { FIRST, UPDATE, importSheet, servicesIn, setup, startImport, undo } from './setup';

describe('undo service: what it refuses, saying what to do', () => {
  it('a batch of another connection, a plan started already or made again, a conflict the plan does not have', async () => {
    const { sb, services, connection } = await setup();
    const batchId = await importSheet(services, connection, FIRST.slice(0, 2), 'skip');

    const other = value(
      await services.connections.open({ kind: 'saved', id: (await saveSandboxConnection(services, sb, 'Other site')).id }),
    );
    const elsewhere = await services.undo.plan(other, batchId);
    expect(elsewhere).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(!elsewhere.ok && elsewhere.error.message).toContain('was run on another connection. Connect to the account it was run on');

    const first = value(await services.undo.plan(connection, batchId));
    const second = value(await services.undo.plan(connection, batchId));
    const stale = await services.undo.start(connection, { batchId, planId: first.planId, includeConflicts: [] });
    expect(!stale.ok && stale.error.message).toBe('The undo plan was made again after the one shown. Review the new plan, then start.');
    const unknown = await services.undo.start(connection, { batchId, planId: second.planId, includeConflicts: ['0.0'] });
    expect(!unknown.ok && unknown.error.message).toContain('Not a conflict of this undo plan: 0.0.');
    const onOther = await services.undo.start(other, { batchId, planId: second.planId, includeConflicts: [] });
    expect(!onOther.ok && onOther.error.message).toContain('was run on another connection');

    const started = value(await services.undo.start(connection, { batchId, planId: second.planId, includeConflicts: [] }));
    const again = await services.undo.start(connection, { batchId, planId: second.planId, includeConflicts: [] });
    expect(!again.ok && again.error.message).toContain('There is no undo plan to start for this batch: it was started already');
    value(await services.imports.settled(started.batchId));
    expect(value(services.undo.totals(started.batchId))).toEqual({ restored: 0, deleted: 4, recreated: 0, conflicts: 0, failed: 0 });
    expect(sb.state.devices()).toEqual([]);

    const missing = await services.undo.plan(connection, 'f'.repeat(32));
    expect(!missing.ok && missing.error).toMatchObject({ kind: 'not_found' });
  });

  it('a batch still running: undoing it would race it', async () => {
    const { services, connection } = await setup({ latencyMs: 200 });
    const batchId = await startImport(services, connection, FIRST, 'skip');
    const refused = await services.undo.plan(connection, batchId);
    expect(!refused.ok && refused.error.message).toBe('“people.csv” is still running. Let it finish, or cancel it, then undo it.');
    value(await services.imports.settled(batchId));
    expect(value(await services.undo.plan(connection, batchId)).counts.delete).toBe(13);
  });

  it('a second undo beside one left unfinished: that one is resumed first', async () => {
    const { services, connection, userDataDir, secrets } = await setup({ latencyMs: 50 });
    const batchId = await importSheet(services, connection, FIRST, 'skip');
    const plan = value(await services.undo.plan(connection, batchId));
    const started = value(await services.undo.start(connection, { batchId, planId: plan.planId, includeConflicts: [] }));
    value(await services.imports.control({ batchId: started.batchId, action: 'pause' }));

    // The command line on the same computer finds it unfinished.
    const cli = servicesIn(userDataDir, secrets);
    const cliConnection = value(await cli.connections.open({ kind: 'saved', id: connection.id }));
    const refused = await cli.undo.plan(cliConnection, batchId);
    expect(!refused.ok && refused.error.message).toBe(
      `An undo of “people.csv” was left unfinished. Resume it first (in the app, or audian-provision import --resume --batch ${started.batchId}), then plan the undo again if anything is left.`,
    );

    value(await services.imports.control({ batchId: started.batchId, action: 'resume' }));
    value(await services.imports.settled(started.batchId));
    const nothingLeft = value(await cli.undo.plan(cliConnection, batchId));
    expect(nothingLeft.counts).toEqual({
      delete: 0,
      restore: 0,
      recreate: 0,
      nothing: 13,
      conflicts: 0,
    });
    const empty = await cli.undo.start(cliConnection, { batchId, planId: nothingLeft.planId, includeConflicts: [] });
    expect(!empty.ok && empty.error.message).toBe('Nothing to undo: everything “people.csv” changed is as before already.');
  });

  it('a plan of a batch that went on after it (resumed elsewhere) is stale', async () => {
    const { services, connection, userDataDir, secrets } = await setup({ latencyMs: 50 });
    const batchId = await startImport(services, connection, FIRST, 'skip');
    value(await services.imports.control({ batchId, action: 'pause' }));
    await services.imports.close();

    // The command line plans the undo of the import the app paused; the app then finishes it.
    const cli = servicesIn(userDataDir, secrets);
    const cliConnection = value(await cli.connections.open({ kind: 'saved', id: connection.id }));
    const undoPlan = value(await cli.undo.plan(cliConnection, batchId));
    value(await services.imports.control({ batchId, action: 'resume' }));
    value(await services.imports.settled(batchId));
    const stale = await cli.undo.start(cliConnection, { batchId, planId: undoPlan.planId, includeConflicts: [] });
    expect(!stale.ok && stale.error.message).toBe(
      'The batch went on after the plan was made (it was resumed). Review the undo plan again, then start.',
    );
    expect(value(await cli.undo.plan(cliConnection, batchId)).counts.delete).toBe(13);
  });

  it('a document changed between the plan and the start is left alone, saying so; the rest is undone', async () => {
    const { sb, services, connection } = await setup();
    const batchId = await importSheet(services, connection, FIRST.slice(0, 2), 'skip');
    const plan = value(await services.undo.plan(connection, batchId));
    const phone = plan.items.find((item) => item.resource === 'device')!;
    await changeOnAccount(sb, 'devices', phone.id, { name: 'Changed after the plan' });

    const started = value(await services.undo.start(connection, { batchId, planId: plan.planId, includeConflicts: [] }));
    value(await services.imports.settled(started.batchId));
    expect(value(services.undo.totals(started.batchId))).toEqual({ restored: 0, deleted: 3, recreated: 0, conflicts: 1, failed: 0 });
    expect(sb.state.devices().map((device) => device['name'])).toEqual(['Changed after the plan']);
    const [row] = value(services.imports.results(started.batchId)).rows;
    expect(row!.resources.find((resource) => resource.resource === 'device')).toMatchObject({
      outcome: 'skipped',
      error: { message: 'Left alone: changed on the server after the undo was planned. Plan the undo again.' },
    });
  });

  it('a second undo beside one that ended with work left, a resume of an undone batch or of an undo undone again since', async () => {
    const { sb, services, connection, userDataDir, secrets } = await setup();
    await importSheet(services, connection, FIRST.slice(0, 2), 'skip');
    const updated = await importSheet(services, connection, UPDATE.slice(0, 2), 'update');

    // Alice's user is deleted between the plan and the start: its restore fails, the undo ends with work left.
    const plan = value(await services.undo.plan(connection, updated));
    const user = plan.items.find((item) => item.resource === 'user' && item.action === 'restore')!;
    await deleteOnAccount(sb, 'users', user.id);
    const started = value(await services.undo.start(connection, { batchId: updated, planId: plan.planId, includeConflicts: [] }));
    value(await services.imports.settled(started.batchId));
    expect(value(services.undo.totals(started.batchId)).failed).toBe(1);
    const refused = await services.undo.plan(connection, updated);
    expect(!refused.ok && refused.error.message).toBe(
      `An undo of “people.csv” ended with work left. Resume or finish that undo first (in the app, or audian-provision import --resume --batch ${started.batchId}), then plan the undo again if anything is left.`,
    );

    // The command line on the same computer: the undone batch does not go on.
    const cli = servicesIn(userDataDir, secrets);
    const resumed = await cli.imports.control({ batchId: updated, action: 'resume' }, connection);
    expect(!resumed.ok && resumed.error.message).toBe(
      `“people.csv” was undone by “Undo of people.csv” (${started.batchId}): resuming it would redo part of it beside that undo. Undo the undo to bring it back (audian-provision batches undo ${started.batchId}), or import the sheet again.`,
    );
  });

  it('an undo is not resumed once a later undo of the same batch was made', async () => {
    const { sb, services, connection, userDataDir, secrets } = await setup();
    const batchId = await importSheet(services, connection, FIRST.slice(0, 2), 'skip');
    const phone = sb.state.devices()[0]!;
    await changeOnAccount(sb, 'devices', String(phone['_id']), { name: 'Changed since' });
    const first = await undo(services, connection, batchId);
    expect(first.totals.conflicts).toBe(1);
    const second = await undo(services, connection, batchId, true);
    expect(second.totals).toMatchObject({ deleted: 1, failed: 0 });

    const cli = servicesIn(userDataDir, secrets);
    const resumed = await cli.imports.control({ batchId: first.batchId, action: 'resume' }, connection);
    expect(!resumed.ok && resumed.error.message).toBe(
      `A later undo of the same batch was made (${second.batchId}): resuming this one would act beside it. Plan the undo again instead.`,
    );
  });
});
