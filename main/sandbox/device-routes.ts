/**
 * `/v2/accounts/{A}/devices...`: CRUD, list with filters and pagination, registration status, and
 * the phone actions (check-sync/reboot, quickcall), which are recorded so tests can see them.
 */
import type { App, Reply, RequestContext } from './context';
import { checkIfMatch, isTrue, requestValue } from './context';
import type { JsonObject } from '../api/device-schema';
import type { Doc } from './docs';
import { isObject, publicView } from './docs';
import { KazooError, notFound } from './envelope';
import { buildFilter } from './filters';
import { newId } from './ids';
import { pageRequest, paginate } from './pagination';
import type { Route } from './router';

const BILLED_RATE = 5;

/** The quote a 402 carries (doc/402.md): one billable item of this device type. */
function chargesQuote(data: unknown): JsonObject {
  const type = isObject(data) && typeof data['device_type'] === 'string' ? data['device_type'] : 'sip_device';
  return {
    devices: {
      [type]: {
        category: 'devices',
        item: type,
        quantity: 1,
        rate: BILLED_RATE,
        single_discount: false,
        single_discount_rate: 0,
        cumulative_discount: 0,
        cumulative_discount_rate: 0,
        activation_charges: 0,
      },
    },
    activation_charges: 0,
  };
}

const QUICKCALL_OPTIONS = ['auto_answer', 'cid-name', 'cid-number', 'ignore-early-media', 'media', 'number_filter', 'timeout'];

export function deviceRoutes(app: App): Route[] {
  const { devices, registrar, phones, state } = app;
  const base = '/v2/accounts/:account/devices';

  const docReply = (doc: Doc, status = 200): Reply => ({ status, data: publicView(doc), revision: doc._rev });

  const recordSync = (context: RequestContext, deviceId: string, reboot: boolean): void => {
    const delivered = registrar.isRegistered(deviceId);
    state.actions.push({ kind: 'sync', deviceId, reboot, delivered, requestId: context.requestId, at: app.options.clock.now() });
    if (reboot) phones.reboot(deviceId);
  };

  const list = (context: RequestContext): Reply => {
    const page = paginate(state.liveDevices(), buildFilter(context.query), pageRequest(context.query));
    // The view fold prepends rows, so each page (and an unpaginated list) is in descending id order.
    const data = page.docs.reverse().map((doc) => devices.summary(doc));
    return { data, paging: page.paging };
  };

  const create = (context: RequestContext): Reply => {
    const accepted = isTrue(requestValue(context, 'accept_charges'));
    const { doc, sync } = devices.create(context.data, () => {
      if (app.options.charges && !accepted) throw new KazooError(402, 'accept charges', chargesQuote(context.data));
    });
    phones.deviceChanged(doc._id);
    if (sync) recordSync(context, doc._id, false);
    return { ...docReply(doc, 201), headers: { location: `/v2/accounts/${state.account.id}/devices/${doc._id}` } };
  };

  const get = (context: RequestContext): Reply => docReply(devices.get(context.params['device'] as string));

  const write =
    (how: 'replace' | 'patch') =>
    (context: RequestContext): Reply => {
      const id = context.params['device'] as string;
      checkIfMatch(context, devices.get(id));
      const { doc, sync } = how === 'replace' ? devices.replace(id, context.data) : devices.patch(id, context.data);
      phones.deviceChanged(id);
      if (sync) recordSync(context, id, false);
      return docReply(doc);
    };

  const remove = (context: RequestContext): Reply => {
    const id = context.params['device'] as string;
    checkIfMatch(context, devices.get(id));
    const flag = requestValue(context, 'should_soft_delete');
    const data = devices.remove(id, flag !== false && flag !== 'false');
    phones.deviceChanged(id);
    return { data };
  };

  /** `PUT /devices/{D}` only carries actions (notify); KAZOO validates just the action name. */
  const action = (context: RequestContext): Reply => {
    const id = context.params['device'] as string;
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
    if (app.options.deviceStatusShape === 'status') return { data: state.liveDevices().map(statusOf) };
    const ids = new Set(registrar.inAccountRealm().map((entry) => String(entry['authorizing_id'])));
    return { data: [...ids].map((device_id) => ({ device_id, registered: true })) };
  };

  /** Audian's per-device status; stock KAZOO has no such route. */
  const oneStatus = (context: RequestContext): Reply => {
    if (!app.options.perDeviceStatus) throw notFound();
    return { data: statusOf(devices.get(context.params['device'] as string)) };
  };

  /** A server without the phone-action modules has no such route, whatever the device. */
  const offered = (): void => {
    if (!app.options.phoneActions) throw notFound();
  };

  const sync = (context: RequestContext): Reply => {
    offered();
    const doc = devices.get(context.params['device'] as string);
    recordSync(context, doc._id, isTrue(context.query.get('reboot')));
    return { data: 'sync request sent', revision: 'automatic' };
  };

  /** GET answers 202 at once; POST waits for the originate and fails if no phone answers it. */
  const quickcall =
    (blocking: boolean) =>
    (context: RequestContext): Reply => {
      offered();
      const doc = devices.get(context.params['device'] as string);
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
    { path: base, auth: true, handlers: { GET: list, PUT: create } },
    { path: `${base}/status`, auth: true, handlers: { GET: allStatus } },
    {
      path: `${base}/:device`,
      auth: true,
      handlers: { GET: get, POST: write('replace'), PATCH: write('patch'), DELETE: remove, PUT: action },
    },
    { path: `${base}/:device/status`, auth: true, handlers: { GET: oneStatus } },
    { path: `${base}/:device/sync`, auth: true, handlers: { POST: sync } },
    { path: `${base}/:device/quickcall/:number`, auth: true, handlers: { GET: quickcall(false), POST: quickcall(true) } },
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
