/**
 * KAZOO's device schema: `devices.json` and every schema it references (common/kazoo-schemas
 * lists them), for the client's checks and the sandbox's answers alike.
 */
import callRecording from '../../common/kazoo-schemas/call_recording.json' with { type: 'json' };
import callRecordingParameters from '../../common/kazoo-schemas/call_recording.parameters.json' with { type: 'json' };
import callRecordingSource from '../../common/kazoo-schemas/call_recording.source.json' with { type: 'json' };
import callWaiting from '../../common/kazoo-schemas/call_waiting.json' with { type: 'json' };
import callerId from '../../common/kazoo-schemas/caller_id.json' with { type: 'json' };
import customSipHeaders from '../../common/kazoo-schemas/custom_sip_headers.json' with { type: 'json' };
import devicesComboKey from '../../common/kazoo-schemas/devices.combo_key.json' with { type: 'json' };
import devices from '../../common/kazoo-schemas/devices.json' with { type: 'json' };
import dialplans from '../../common/kazoo-schemas/dialplans.json' with { type: 'json' };
import endpointMedia from '../../common/kazoo-schemas/endpoint.media.json' with { type: 'json' };
import formatters from '../../common/kazoo-schemas/formatters.json' with { type: 'json' };
import formattersFormatOptions from '../../common/kazoo-schemas/formatters.format_options.json' with { type: 'json' };
import metaflow from '../../common/kazoo-schemas/metaflow.json' with { type: 'json' };
import metaflows from '../../common/kazoo-schemas/metaflows.json' with { type: 'json' };
import type { ValidateFunction } from 'ajv';
import { compileKazooSchema, validateAgainst, type JsonObject, type KazooValidation } from './validate';

export const DEVICE_SCHEMAS: readonly JsonObject[] = [
  callRecording,
  callRecordingParameters,
  callRecordingSource,
  callWaiting,
  callerId,
  customSipHeaders,
  devicesComboKey,
  devices,
  dialplans,
  endpointMedia,
  formatters,
  formattersFormatOptions,
  metaflow,
  metaflows,
];

let compiled: ValidateFunction | undefined;

/** Validates a device document the way KAZOO does, without touching `doc`. */
export function validateDevice(doc: unknown): KazooValidation {
  compiled ??= compileKazooSchema(DEVICE_SCHEMAS, 'devices');
  return validateAgainst(compiled, doc);
}
