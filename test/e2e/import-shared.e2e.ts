import { readFileSync } from 'node:fs';
import { createLogger } from '../../main/log';
import type { Sandbox } from '../../main/sandbox/server';
import { createServices } from '../../main/services';
import { expect, test } from './fixtures';
import { connectAndOpenImport, samplePath, startImportSandbox } from './import-setup';
import { openSection } from './sections';

/**
 * The app and the command line share their batches: one started by the command line on the same
 * computer and connection, and cut short, is listed under Import and finished from there.
 */

let sandbox: Sandbox | null = null;
test.afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

test('an import the command line left unfinished is listed as interrupted and resumed from the app', async ({
  page,
  preview,
  userDataDir,
  secrets,
}) => {
  sandbox = await startImportSandbox();
  await connectAndOpenImport(page, preview.url, sandbox, 'Harborview');

  // The command line's host: the same services on the same user-data folder and keychain.
  const commandLine = createServices({
    host: 'cli',
    version: '0.0.0-test',
    platform: process.platform,
    log: createLogger(() => {}),
    publish: () => {},
    userDataDir,
    secrets,
  });
  const connection = await commandLine.connections.open({ kind: 'named', name: 'Harborview' });
  if (!connection.ok) throw new Error(connection.error.message);
  const draft = await commandLine.imports.load({
    fileName: 'rollout-basic.csv',
    bytes: new Uint8Array(readFileSync(samplePath('rollout-basic.csv'))),
    connectionId: connection.value.id,
  });
  if (!draft.ok) throw new Error(draft.error.message);
  const plan = await commandLine.imports.plan(connection.value, {
    draftId: draft.value.id,
    match: 'mac',
    onExisting: 'skip',
    onExistingPerson: 'skip',
  });
  if (!plan.ok) throw new Error(plan.error.message);
  sandbox.configure({ latencyMs: 200 });
  const started = await commandLine.imports.start(connection.value, {
    draftId: draft.value.id,
    planId: plan.value.planId,
    name: 'rollout-basic.csv (command line)',
    confirmedRegisteredDeviceIds: [],
    onFailure: 'rollback',
    sendWelcomeEmail: false,
  });
  if (!started.ok) throw new Error(started.error.message);
  // The command line is stopped with most rows still to send.
  await commandLine.close();
  const sentByCommandLine = sandbox.state.devices().length;
  expect(sentByCommandLine).toBeLessThan(25);
  sandbox.configure({ latencyMs: 0 });

  await openSection(page, 'Devices');
  await openSection(page, 'Import');
  const recent = page.getByRole('region', { name: 'Recent batches' });
  await expect(recent.getByText('An import was interrupted')).toBeVisible();
  const batch = recent.getByRole('listitem').filter({ hasText: 'rollout-basic.csv (command line)' });
  await expect(batch.getByText('Interrupted', { exact: true })).toBeVisible();
  await expect(batch).toContainText(sentByCommandLine === 0 ? '0 of 25 done' : `${sentByCommandLine} created of 25`);
  await batch.getByRole('button', { name: 'Resume rollout-basic.csv (command line)' }).click();

  await expect(page.getByRole('heading', { name: /^Results of rollout-basic\.csv/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toContainText('25 devices imported');
  expect(sandbox.state.devices()).toHaveLength(25);
});
