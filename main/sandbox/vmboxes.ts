/**
 * Voicemail boxes as cb_vmboxes keeps them: the mailbox unique within the account compared as an
 * integer (views/vmboxes.json emits `parseInt(mailbox, 10)`, so "0100" clashes with "100" and a
 * mailbox that is not a number never clashes), then KAZOO's vmboxes schema with its defaults. The
 * PIN is stored as sent, as KAZOO stores it. Messages are not modelled: every box is empty.
 */
import type { ValidateFunction } from 'ajv';
import notifyCallback from '../../common/kazoo-schemas/notify.callback.json' with { type: 'json' };
import vmboxesSchema from '../../common/kazoo-schemas/vmboxes.json' with { type: 'json' };
import type { JsonObject, KazooFieldError } from '../api/device-schema';
import { compileKazooSchema, validateAgainst } from '../api/device-schema';
import type { Doc } from './docs';
import type { DocumentRules } from './document-store';
import { fieldError, fieldErrors } from './envelope';

let compiled: ValidateFunction | undefined;
const vmboxValidator = (): ValidateFunction => (compiled ??= compileKazooSchema([vmboxesSchema, notifyCallback], 'vmboxes'));

/** The key `listing_by_mailbox` emits: JavaScript's parseInt, so leading digits count and "sales" has none. */
function mailboxKey(mailbox: unknown): string | undefined {
  if (typeof mailbox !== 'string' && typeof mailbox !== 'number') return undefined;
  const parsed = Number.parseInt(String(mailbox), 10);
  return Number.isNaN(parsed) ? undefined : String(parsed);
}

export const vmboxRules: DocumentRules = {
  type: 'vmbox',
  views: { mailbox: (doc) => [mailboxKey(doc['mailbox'])].filter((key) => key !== undefined) },
  /** cb_vmboxes:validate_request/2: uniqueness, then the schema. */
  prepare(fields, existing, lookup) {
    delete fields['accept_charges'];
    const errors: KazooFieldError[] = [];
    // check_uniqueness reads the mailbox with kz_term:safe_cast: digits only, else nothing to look up.
    const key = typeof fields['mailbox'] === 'string' && /^\d+$/.test(fields['mailbox']) ? mailboxKey(fields['mailbox']) : undefined;
    if (key !== undefined && lookup('mailbox', key).some((box) => box._id !== existing?._id)) {
      errors.push(fieldError('mailbox', 'unique', { message: 'Invalid mailbox number or already exists' }));
    }
    const schema = validateAgainst(vmboxValidator(), fields);
    errors.push(...schema.errors);
    if (errors.length > 0) throw fieldErrors(errors);
    return schema.value;
  },
};

/** The `crossbar_listing` row of views/vmboxes.json with cb_vmboxes' message count (no messages here). */
export const vmboxSummary = (doc: Doc): JsonObject => ({
  id: doc._id,
  name: doc['name'],
  mailbox: doc['mailbox'],
  owner_id: doc['owner_id'],
  messages: 0,
  flags: doc['flags'] ?? [],
});
