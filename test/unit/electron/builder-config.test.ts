import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { getConfig } from 'app-builder-lib/out/util/config/config';

interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  linux: { target: string[]; icon: string };
  deb: { depends: string[] };
}

const config = parse(readFileSync(path.join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../../../node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the product', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.productName).toBe('Audian Provisioner');
  });

  it('builds the installers of each platform', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it("sets each platform's icon to a file in buildResources", () => {
    const buildResources = path.join(import.meta.dirname, '../../../build');
    expect([config.win.icon, config.mac.icon, config.linux.icon]).toEqual(['icon.ico', 'icon.icns', 'icons']);
    for (const icon of [config.win.icon, config.mac.icon, config.linux.icon])
      expect(existsSync(path.join(buildResources, icon)), icon).toBe(true);
  });

  it('makes the deb depend on libsecret for the keychain', () => {
    expect(config.deb.depends).toContain('libsecret-1-0');
  });

  it('packs only the bundles into an asar archive', () => {
    expect(config.asar).toBe(true);
    expect(config.files.filter((entry) => entry !== 'package.json').every((entry) => entry.startsWith('out/'))).toBe(true);
    expect(config.files.some((entry) => /preview|sandbox|test/.test(entry))).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('flips the fuses that let other programs run code as the app', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('publishes releases to a feed the release names through the environment', async () => {
    const release = await getConfig(path.join(import.meta.dirname, '../../..'), 'electron-builder.release.yml', null);
    expect(release.appId).toBe(config.appId);
    expect(release.publish).toEqual({
      provider: 'github',
      owner: '${env.AUDIAN_RELEASE_OWNER}',
      repo: '${env.AUDIAN_RELEASE_REPO}',
      releaseType: 'release',
    });
  });

  it('keeps signing credentials out of both configurations (they come from CSC_*, APPLE_* and WIN_CSC_*)', () => {
    for (const file of ['electron-builder.yml', 'electron-builder.release.yml']) {
      const text = readFileSync(path.join(import.meta.dirname, '../../..', file), 'utf8');
      expect(text, file).not.toMatch(/certificateFile|certificatePassword|cscLink|cscKeyPassword|appleId|appleIdPassword|teamId|token/i);
    }
  });
});
