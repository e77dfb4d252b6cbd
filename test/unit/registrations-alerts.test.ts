import { describe, expect, it } from 'vitest';
import { countsOf, type RegistrationChange, type RegistrationRow, type RegistrationState } from '../../common/registrations';
import { registrationAlerts, type AlertInput } from '../../main/registrations/alerts';
import { registrationRow } from '../support/registration-row';

const AT = '2025-05-01T10:00:00.000Z';

const row = (deviceId: string, state: RegistrationState): RegistrationRow => registrationRow(deviceId, `Phone ${deviceId}`, state);

const change = (deviceId: string, kind: RegistrationChange['kind']): RegistrationChange => ({
  deviceId,
  name: `Phone ${deviceId}`,
  kind,
  from: null,
  to: null,
  at: AT,
});

const counts = (...states: RegistrationState[]) => countsOf(states.map((state, i) => row(String(i), state)));
const batch = { batchId: 'b'.repeat(32), name: 'Floor 1' };

function input(overrides: Partial<AlertInput>): AlertInput {
  return { connectionId: 'c1', batch, before: counts(), after: counts(), changes: [], rows: [], at: AT, ...overrides };
}

describe('registration alerts', () => {
  it('says once when the last phone of a batch registers', () => {
    const alerts = registrationAlerts(
      input({
        before: counts('registered', 'not_registered'),
        after: counts('registered', 'registered'),
        changes: [change('2', 'online')],
        rows: [row('2', 'registered')],
      }),
    );
    expect(alerts).toEqual([
      {
        id: `batch_complete:c1:${batch.batchId}:${AT}`,
        kind: 'batch_complete',
        title: 'Floor 1: all phones registered',
        body: '2 of 2 registered: every enabled phone of the batch is up.',
        at: AT,
        connectionId: 'c1',
        batchId: batch.batchId,
        deviceIds: [],
      },
    ]);
    // Already complete before the cycle (a re-aimed watch, an IP change): nothing new to say.
    expect(
      registrationAlerts(input({ before: counts('registered'), after: counts('registered'), changes: [change('1', 'ip_changed')] })),
    ).toEqual([]);
  });

  it('counts a batch with disabled devices complete when every enabled one is up, and says so', () => {
    const [alert] = registrationAlerts(
      input({ before: counts('not_registered', 'disabled'), after: counts('registered', 'disabled'), changes: [change('0', 'online')] }),
    );
    expect(alert?.body).toBe('1 of 2 registered: every enabled phone of the batch is up. 1 phone is disabled and not counted.');
  });

  it('does not call an all-devices watch or a batch of only disabled devices complete', () => {
    expect(registrationAlerts(input({ batch: null, before: counts('not_registered'), after: counts('registered') }))).toEqual([]);
    expect(registrationAlerts(input({ before: counts('not_registered'), after: counts('disabled') }))).toEqual([]);
  });

  it('names a phone that dropped, and the batch count it leaves', () => {
    const alerts = registrationAlerts(
      input({
        before: counts('registered', 'registered'),
        after: counts('registered', 'not_registered'),
        changes: [change('1', 'offline')],
        rows: [row('1', 'not_registered')],
      }),
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'phone_dropped',
        title: 'Phone 1 went offline',
        body: 'It was registered and is not any more. Now 1 of 2 registered.',
        deviceIds: ['1'],
      }),
    ]);
  });

  it('makes one alert of many drops, naming the first few', () => {
    const ids = ['1', '2', '3', '4', '5'];
    const [alert, ...rest] = registrationAlerts(
      input({
        batch: null,
        before: counts(...ids.map(() => 'registered' as const)),
        after: counts(...ids.map(() => 'not_registered' as const)),
        changes: ids.map((id) => change(id, 'offline')),
        rows: ids.map((id) => row(id, 'not_registered')),
      }),
    );
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      title: '5 phones went offline',
      body: 'Phone 1, Phone 2, Phone 3 and 2 more were registered and are not any more. Now 0 of 5 registered.',
      batchId: null,
      deviceIds: ids,
    });
  });

  it('stays quiet about a phone someone disabled, and about changes that are not drops', () => {
    expect(
      registrationAlerts(
        input({
          before: counts('registered'),
          after: counts('disabled'),
          changes: [change('0', 'offline'), change('0', 'stale')],
          rows: [row('0', 'disabled')],
        }),
      ),
    ).toEqual([]);
  });
});
