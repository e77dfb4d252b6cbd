import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * test/system-packages.sh decides from what uname, dpkg-query, id and sudo say, and acts through
 * apt-get and sudo. Those tools are the seam: each run gets a PATH holding only small stand-ins
 * that answer as the scenario says and write down how they were called, so nothing is installed.
 */

const SCRIPT = path.join(import.meta.dirname, '../system-packages.sh');
const ALL_PACKAGES = ['libsecret-1-dev', 'gnome-keyring', 'dbus', 'dbus-x11', 'chromium'];
const bash = execFileSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

interface Scenario {
  system?: string;
  /** Leaves dpkg-query and apt-get out, as on a Linux that is not Debian's. */
  debian?: boolean;
  installed?: readonly string[];
  uid?: number;
  sudo?: 'without password' | 'asks for a password' | 'absent';
  aptGetExit?: number;
  chromiumPath?: string;
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function stub(folder: string, name: string, body: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function run(scenario: Scenario = {}) {
  const { system = 'Linux', debian = true, installed = ALL_PACKAGES, uid = 1000, sudo = 'absent', aptGetExit = 0 } = scenario;
  const tools = mkdtempSync(path.join(os.tmpdir(), 'audian-system-packages-'));
  folders.push(tools);
  const calls = path.join(tools, 'calls.log');
  const log = (prefix: string) => `printf '%s\\n' "${prefix}$*" >> '${calls}'`;

  stub(tools, 'uname', `printf '%s\\n' '${system}'`);
  stub(tools, 'id', `printf '%s\\n' '${uid}'`);
  if (debian) {
    const known = installed.map((name) => `"${name}"`).join('|') || '""';
    // The package name is the last argument: dpkg-query -W -f='${Status}' NAME.
    stub(tools, 'dpkg-query', `for name; do :; done\ncase "$name" in ${known}) printf 'install ok installed' ;; *) exit 1 ;; esac`);
    stub(
      tools,
      'apt-get',
      `${log('apt-get ')}\nprintf '%s\\n' "  with DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> '${calls}'\nexit ${aptGetExit}`,
    );
  }
  if (sudo !== 'absent') {
    stub(tools, 'sudo', `${log('sudo ')}\n[ "$*" = '-n true' ] && exit ${sudo === 'without password' ? 0 : 1}\nexit 0`);
  }

  const env: NodeJS.ProcessEnv = { PATH: tools, ...(scenario.chromiumPath ? { CHROMIUM_PATH: scenario.chromiumPath } : {}) };
  const result = spawnSync(bash, [SCRIPT], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [],
    tools,
  };
}

const missing = (...names: string[]) => ALL_PACKAGES.filter((name) => !names.includes(name));

describe.skipIf(process.platform === 'win32')('test/system-packages.sh', () => {
  it('does nothing and says nothing on Debian when every package is there', () => {
    expect(run()).toMatchObject({ status: 0, stdout: '', stderr: '', calls: [] });
  });

  it('as root (CI), installs only what is missing, without a prompt and without stdin', () => {
    const result = run({ uid: 0, installed: missing('gnome-keyring', 'chromium') });
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toBe('Installing missing system packages: gnome-keyring chromium\n');
    expect(result.calls).toEqual([
      'apt-get update',
      '  with DEBIAN_FRONTEND=noninteractive',
      'apt-get install -y --no-install-recommends gnome-keyring chromium',
      '  with DEBIAN_FRONTEND=noninteractive',
    ]);
  });

  it('as a user whose sudo needs no password, installs through sudo -n', () => {
    const result = run({ sudo: 'without password', installed: missing('libsecret-1-dev') });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      'sudo -n true',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsecret-1-dev',
    ]);
  });

  it.each(['asks for a password', 'absent'] as const)('when sudo %s, stops at once with the exact command to run', (sudo) => {
    const result = run({ sudo, installed: missing('libsecret-1-dev', 'dbus-x11') });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Missing system packages: libsecret-1-dev dbus-x11.');
    expect(result.stderr).toContain('  sudo apt-get update && sudo apt-get install -y --no-install-recommends libsecret-1-dev dbus-x11\n');
    expect(result.calls).toEqual(sudo === 'absent' ? [] : ['sudo -n true']);
  });

  it('fails, saying so, when apt-get fails', () => {
    const result = run({ uid: 0, installed: missing('dbus'), aptGetExit: 100 });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("Installing dbus failed (apt-get's message is above).\n");
    expect(result.calls).toEqual(['apt-get update', '  with DEBIAN_FRONTEND=noninteractive']);
  });

  it('takes a CHROMIUM_PATH that runs instead of the chromium package', () => {
    const probe = run();
    const chromium = stub(probe.tools, 'my-chromium', 'exit 0');
    expect(run({ installed: missing('chromium'), chromiumPath: chromium })).toMatchObject({ status: 0, stderr: '', calls: [] });
    expect(run({ installed: missing('chromium'), chromiumPath: path.join(probe.tools, 'no-such-chromium') }).status).toBe(1);
  });

  it.each([
    ['macOS', { system: 'Darwin', debian: false }],
    ['Windows (Git Bash)', { system: 'MINGW64_NT-10.0-26100', debian: false }],
    ['a Linux without apt', { system: 'Linux', debian: false }],
  ])('on %s, says what the keychain and browser tests need and goes on', (_name, scenario) => {
    const result = run(scenario);
    expect(result).toMatchObject({ status: 0, stderr: '', calls: [] });
    expect(result.stdout).toContain('not a Debian/Ubuntu system');
    expect(result.stdout).toContain('keychain tests');
    expect(result.stdout).toContain('skipped and say why');
    expect(result.stdout).toContain('CHROMIUM_PATH');
  });
});
