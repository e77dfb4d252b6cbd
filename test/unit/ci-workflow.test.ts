import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string;
  strategy: { matrix: { os: string[] } };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const root = path.join(import.meta.dirname, '../..');
const workflow = parse(readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');
const testJob = workflow.jobs['test-and-package']!;
const releaseJob = workflow.jobs.release!;
const ALL_RUNNERS = ['windows-latest', 'macos-latest', 'ubuntu-latest'];

describe('the CI workflow', () => {
  it('runs the whole suite with the real Electron binary on Windows, macOS and Linux (under xvfb)', () => {
    expect(testJob.strategy.matrix.os).toEqual(ALL_RUNNERS);
    const install = testJob.steps.find((step) => step.run === 'npm ci');
    expect(install?.env ?? {}).not.toHaveProperty('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(runs(testJob)).toMatch(/xvfb-run --auto-servernum npm test/);
  });

  it('keeps the installers of every platform as artifacts', () => {
    expect(runs(testJob)).toMatch(/npm run dist -- --publish never/);
    const upload = testJob.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload).toBeDefined();
  });

  it('publishes only from a version tag, after the tests passed, with write access only there', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(releaseJob).toMatchObject({
      if: "startsWith(github.ref, 'refs/tags/v')",
      needs: 'test-and-package',
      permissions: { contents: 'write' },
    });
    expect(releaseJob.strategy.matrix.os).toEqual(ALL_RUNNERS);
    expect(runs(releaseJob)).toMatch(/npm run release/);
  });

  it('stops a release whose signing secrets are missing, before building it', () => {
    const names = releaseJob.steps.map((step) => step.name);
    expect(names.indexOf('The signing secrets are set')).toBeGreaterThan(-1);
    expect(names.indexOf('The signing secrets are set')).toBeLessThan(names.indexOf('Build, sign and publish'));
  });

  it('signs and notarises from repository secrets, never from values in the repository', () => {
    const publish = releaseJob.steps.find((step) => step.run === 'npm run release')!;
    for (const name of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'WIN_CSC_LINK',
      'WIN_CSC_KEY_PASSWORD',
      'APPLE_ID',
      'APPLE_APP_SPECIFIC_PASSWORD',
      'APPLE_TEAM_ID',
    ]) {
      expect(publish.env?.[name], name).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
    }
  });
});
