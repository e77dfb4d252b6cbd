import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { capturedRun, sandboxEnv } from '../../support/cli-run';

// An on-premise server on plain HTTP: the sandbox on another loopback address, which is not the local sandbox's 127.0.0.1.
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ host: '127.0.0.2', rateLimit: false, demo: true, autoRegister: false, seed: 19 });
});
afterAll(async () => {
  await sb.close();
});

describe('plain HTTP on the command line', () => {
  it('refuses a plain http:// server without the opt-in and sends nothing', async () => {
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    const before = sb.state.stats().requests;
    const run = capturedRun(sandboxEnv(sb));
    expect(await runCli(['devices', 'list'], run.io)).toBe(2);
    expect(run.err()).toMatch(/AUDIAN_BASE_URL must start with https:\/\/.*AUDIAN_ALLOW_PLAIN_HTTP=1.*unencrypted/);
    expect(sb.state.stats().requests).toBe(before);
  });

  it('works with AUDIAN_ALLOW_PLAIN_HTTP=1, warning on every command', async () => {
    const run = capturedRun({ ...sandboxEnv(sb), AUDIAN_ALLOW_PLAIN_HTTP: '1' });
    expect(await runCli(['devices', 'list', '--json'], run.io)).toBe(0);
    expect(JSON.parse(run.out())).toHaveLength(sb.state.devices().length);
    expect(run.err()).toMatch(/^Warning: .* uses plain HTTP: the API key and all data cross the network unencrypted\.$/m);
  });

  it('saves a connection only with --allow-plain-http', async () => {
    const refused = capturedRun({}, `${sb.credentials.apiKey}\n`);
    const add = ['profile', 'add', 'On-prem', '--base-url', sb.url, '--account-id', sb.account.id, '--api-key-stdin'];
    expect(await runCli(add, refused.io)).toBe(2);
    expect(refused.err()).toMatch(/Allow plain HTTP/);

    const saved = capturedRun({}, `${sb.credentials.apiKey}\n`);
    expect(await runCli([...add, '--allow-plain-http'], saved.io)).toBe(0);
    const list = capturedRun({ AUDIAN_HOME: saved.io.env.AUDIAN_HOME });
    expect(await runCli(['profile', 'list', '--json'], list.io)).toBe(0);
    expect(list.out()).toMatch(/"allowPlainHttp": ?true/);
  });
});
