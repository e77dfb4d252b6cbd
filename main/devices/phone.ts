import type { PhoneActionOutcome } from '../../common/devices-view';
import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient } from '../api/client';
import { quickcall, syncDevice } from '../api/phone-actions';

/** KAZOO only passes the request to a phone that is registered; it cannot tell whether the phone obeyed. */
export async function resyncPhone(client: KazooClient, id: string, reboot: boolean): Promise<Result<PhoneActionOutcome>> {
  const sent = await syncDevice(client, id, reboot);
  if (!sent.ok) return sent;
  return ok({
    id,
    message: reboot
      ? 'The PBX asked the phone to restart. A registered phone restarts within a minute; one that is offline does not hear it.'
      : 'The PBX asked the phone to read its settings again. A registered phone does so within a minute; one that is offline does not hear it.',
  });
}

export async function callFromPhone(client: KazooClient, id: string, number: string): Promise<Result<PhoneActionOutcome>> {
  const sent = await quickcall(client, id, number);
  if (!sent.ok) return sent;
  return ok({ id, message: `The phone should ring now; when it is answered, it calls ${number}.` });
}
