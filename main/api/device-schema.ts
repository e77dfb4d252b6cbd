/**
 * The client's pre-flight check of device documents against KAZOO's device schema
 * (main/kazoo-schemas), before anything is sent: a file of many rows, a save in the editor.
 */
import type { ValidateFunction } from 'ajv';
import { DEVICE_SCHEMAS, validateDevice } from '../kazoo-schemas/devices';
import { compileKazooSchema, type KazooFieldError } from '../kazoo-schemas/validate';

let checkOnly: ValidateFunction | undefined;

/**
 * The check, compiled on first use: about a tenth of a second of main's thread, which the desktop
 * app spends while its window loads rather than on the first file a technician opens (warm-up.ts).
 */
export function compileDeviceCheck(): ValidateFunction {
  checkOnly ??= compileKazooSchema(DEVICE_SCHEMAS, 'devices', { checkOnly: true });
  return checkOnly;
}

/**
 * Whether KAZOO would accept `doc`, as fast as possible for a file of many rows: a check without
 * copying or filling defaults, and KAZOO's full error shapes only for a document that fails.
 */
export function checkDevice(doc: unknown): readonly KazooFieldError[] {
  return compileDeviceCheck()(doc) ? [] : validateDevice(doc).errors;
}
