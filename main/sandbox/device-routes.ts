/**
 * `/v2/accounts/{A}/devices...`: CRUD, list with filters and pagination, registration status, and
 * the phone actions (check-sync/reboot, quickcall), which are recorded so tests can see them.
 */
import type { App, Reply, RequestContext } from './context';
import { isTrue } from './context';
import type { JsonObject } from '../api/device-schema';
import { deviceSummary } from './devices';
import type { Doc } from './docs';
import { isObject } from './docs';
import type { DocumentResource } from './document-routes';
import { documentRoutes } from './document-routes';
import { KazooError, notFound } from './envelope';
import { newId } from './ids';
import type { Route } from './router';

const QUICKCALL_OPTIONS = ['auto_answer', 'cid-name', 'cid-number', 'ignore-early-media', 'media', 'number_filter', 'timeout'];

export function deviceRoutes(app: App): Route[] {
  const { devices, registrar, phones, state } = app;
  const base = '/v2/accounts/:account/devices';

  const recordSync = (context: RequestContext, deviceId: string, reboot: boolean): void => {
    const delivered = registrar.isRegistered(deviceId);
    state.actions.push({ kind: 'sync', deviceId, reboot, delivered, requestId: context.requestId, at: app.options.clock.now() });
    if (reboot) phones.reboot(deviceId);
  };

  const resource: DocumentResource = {
    collection: 'devices',
    store: devices,
    summary: (doc) => deviceSummary(doc, state.account),
    order: 'descending',
    billedAs: (data) => ({
      category: 'devices',
      item: isObject(data) && typeof data['device_type'] === 'string' ? data['device_type'] : 'sip_device',
    }),
    written: (context, doc, how) => {
      phones.deviceChanged(doc._id);
      // `"sync": true` in a write asks for a check-sync once it is saved.
      if (how !== 'remove' && isObject(context.data) && context.data['sync'] === true) recordSync(context, doc._id, false);
    },
  };

  /** `PUT /devices/{D}` only carries actions (notify); KAZOO validates just the action name. */
  const action = (context: RequestContext): Reply => {
    const id = context.params['id'] as string;
    devices.get(id);
    const name = context.envelope['action'];
    if (name === undefined) throw new KazooError(400, 'action required', {});
    if (name !== 'notify') throw new KazooError(400, 'invalid action', {});
    return { status: 202, data: 'notify request sent' };
  };

  /** What a device's status says, in the shape the sandbox was told to answer. */
  const statusOf = (doc: Doc): JsonObject => {
    const registered = registrar.isRegistered(doc._id);
    if (app.options.deviceStatusShape === 'registered') return { device_id: doc._id, registered };
    return { device_id: doc._id, status: doc['enabled'] === false ? 'disabled' : registered ? 'registered' : 'unregistered' };
  };

  /**
   * KAZOO: registered devices only, never `registered: false` (cb_devices_v2:lookup_regs/1).
   * Audian's status words: every device, each with its word.
   */
  const allStatus = (): Reply => {
    if (app.options.deviceStatusShape === 'status') return { data: devices.live().map(statusOf) };
    const ids = new Set(registrar.inAccountRealm().map((entry) => String(entry['authorizing_id'])));
    return { data: [...ids].map((device_id) => ({ device_id, registered: true })) };
  };

  /** Audian's per-device status; stock KAZOO has no such route. */
  const oneStatus = (context: RequestContext): Reply => {
    if (!app.options.perDeviceStatus) throw notFound();
    return { data: statusOf(devices.get(context.params['id'] as string)) };
  };

  /** A server without the phone-action modules has no such route, whatever the device. */
  const offered = (): void => {
    if (!app.options.phoneActions) throw notFound();
  };

  const sync = (context: RequestContext): Reply => {
    offered();
    const doc = devices.get(context.params['id'] as string);
    recordSync(context, doc._id, isTrue(context.query.get('reboot')));
    return { data: 'sync request sent', revision: 'automatic' };
  };

  /** GET answers 202 at once; POST waits for the originate and fails if no phone answers it. */
  const quickcall =
    (blocking: boolean) =>
    (context: RequestContext): Reply => {
      offered();
      const doc = devices.get(context.params['id'] as string);
      const number = context.params['number'] as string;
      const options: Record<string, string> = {};
      for (const key of QUICKCALL_OPTIONS) {
        const value = context.query.get(key);
        if (value !== null) options[key] = value;
      }
      const delivered = registrar.isRegistered(doc._id);
      state.actions.push({
        kind: 'quickcall',
        deviceId: doc._id,
        number,
        options,
        delivered,
        requestId: context.requestId,
        at: app.options.clock.now(),
      });
      const request = originateRequest(app, doc, number, options);
      if (blocking && !delivered) {
        throw new KazooError(500, 'quickcall initiation failed', { error_message: 'DESTINATION_OUT_OF_ORDER', request });
      }
      return { status: 202, data: request, revision: 'automatic' };
    };

  return [
    // Before `devices/:id`, so `status` is not taken for an id.
    { path: `${base}/status`, auth: true, handlers: { GET: allStatus } },
    ...documentRoutes(app, resource, { PUT: action }),
    { path: `${base}/:id/status`, auth: true, handlers: { GET: oneStatus } },
    { path: `${base}/:id/sync`, auth: true, handlers: { POST: sync } },
    { path: `${base}/:id/quickcall/:number`, auth: true, handlers: { GET: quickcall(false), POST: quickcall(true) } },
  ];
}

/** The originate request KAZOO answers a quickcall with (doc/quickcall.md). */
function originateRequest(app: App, doc: Doc, number: string, options: Record<string, string>): JsonObject {
  const { account } = app.state;
  const sip = isObject(doc['sip']) ? doc['sip'] : {};
  const username = String(sip['username'] ?? '');
  const realm = typeof sip['realm'] === 'string' ? sip['realm'] : account.realm;
  const callerId = isObject(doc['caller_id']) && isObject(doc['caller_id']['internal']) ? doc['caller_id']['internal'] : {};
  return {
    export_custom_channel_vars: ['Account-ID', 'Retain-CID', 'Authorizing-ID', 'Authorizing-Type'],
    custom_channel_vars: {
      authorizing_id: doc._id,
      authorizing_type: 'device',
      inherit_codec: 'false',
      retain_cid: 'true',
      account_id: account.id,
    },
    continue_on_fail: false,
    dial_endpoint_method: 'simultaneous',
    outbound_callee_id_number: callerId['number'],
    outbound_callee_id_name: callerId['name'],
    outbound_caller_id_number: options['cid-number'] ?? number,
    outbound_caller_id_name: options['cid-name'] ?? 'Device QuickCall',
    media: options['media'] ?? 'process',
    ignore_early_media: options['ignore-early-media'] !== 'false',
    timeout: Number(options['timeout'] ?? 30),
    endpoints: [
      {
        outbound_call_id: `${newId()}-quickcall`,
        custom_channel_vars: {
          auto_answer: isTrue(options['auto_answer'] ?? 'true'),
          authorizing_id: doc._id,
          owner_id: doc['owner_id'],
          account_id: account.id,
          media_encryption_enforce_security: false,
          sip_invite_domain: realm,
        },
        custom_sip_headers: { x_kazoo_aor: `sip:${username}@${realm}` },
        presence_id: doc['presence_id'] ?? `${username}@${realm}`,
        codecs: ['PCMU', 'PCMA'],
        endpoint_id: doc._id,
        to_did: number,
        to_realm: realm,
        to_username: username,
        to_user: username,
        invite_format: 'username',
      },
    ],
    application_data: { route: number },
    application_name: 'transfer',
  };
}
