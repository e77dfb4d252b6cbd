import { describe, expect, it } from 'vitest';
import { updateWords } from '../../../renderer/src/app/updateWords';

describe('update words', () => {
  it('says nothing without an update feed or before the first check', () => {
    expect(updateWords({ state: 'off' })).toBeNull();
    expect(updateWords({ state: 'idle' })).toBeNull();
  });

  it('names the version at each step, and says a held-back update waits for the batch', () => {
    expect(updateWords({ state: 'downloading', version: '0.2.0' })).toBe('Downloading version 0.2.0…');
    expect(updateWords({ state: 'ready', version: '0.2.0' })).toBe('Version 0.2.0 is ready');
    expect(updateWords({ state: 'waiting-for-batch', version: '0.2.0' })).toBe('Version 0.2.0 installs once no batch is running');
  });

  it("gives main's own sentence for a failure", () => {
    expect(updateWords({ state: 'failed', message: 'Could not check for updates. Try again.' })).toBe(
      'Could not check for updates. Try again.',
    );
  });
});
