import { macNumber } from '../mac';
import { PERSON_IDENTITY_COLUMNS, type CanonicalColumn } from './columns';
import { delimiterName } from './labels';
import type { ColumnSources } from './mapping';
import { namesPerson } from './people';
import type { CellIssue, Delimiter, ImportRow, Severity } from './types';
import { FORWARDING_TYPES, KNOWN_DEVICE_TYPES, booleanOf, characterCount, deviceTypeOf, isPhoneNumber, phoneNumberOf } from './values';

/** KAZOO 4.3 device schema limits (`common/kazoo-schemas/devices.json` and `caller_id.json`). */
export const LIMITS = {
  name: 128,
  sipUsername: { min: 2, max: 32 },
  sipPassword: { min: 5, max: 32 },
  callerId: 35,
  callForwardNumber: 15,
  /** User schema: first and last name 1..128, username 1..256, email 3..254. */
  personName: 128,
  username: 256,
  email: { min: 3, max: 254 },
  /** Ours: a short extension (longer numbers are normalised to E.164 by KAZOO, so they stop being extensions). */
  extension: { min: 2, max: 7 },
  /** Voicemail box schema: pin 4..6 (KAZOO's default `max_pin_length`); the keypad only takes digits. */
  vmPin: { min: 4, max: 6 },
  /** Ours: KAZOO takes any password; a person logs in to the portal with this one. */
  userPassword: { min: 6, max: 128 },
} as const;

/** KAZOO's username pattern (user schema): also what an email must match to be a new person's username. */
export const USERNAME = /^([+@.\w_-]+)$/;
/** An address with one @, something before it and a dotted domain after: what a mail server can deliver to. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DIGITS = /^\d+$/;

export interface RuleContext {
  sources: ColumnSources;
  headerCount: number;
  delimiter: Delimiter;
}

const CALLER_ID_LABELS = {
  caller_id_internal_number: 'internal caller ID number',
  caller_id_internal_name: 'internal caller ID name',
  caller_id_external_number: 'external caller ID number',
  caller_id_external_name: 'external caller ID name',
} as const satisfies Partial<Record<CanonicalColumn, string>>;

const CALLER_ID_COLUMNS = Object.keys(CALLER_ID_LABELS) as Array<keyof typeof CALLER_ID_LABELS>;

/** Excel turns a MAC made of digits into a number: 1.565E+09, or 1565000001 without its leading zeros. */
function macMessage(cell: string): string {
  if (/^\d(\.\d+)?E\+\d+$/i.test(cell) || /^\d{1,11}$/.test(cell)) {
    return `"${cell}" looks like a MAC address that Excel turned into a number. Format the column as Text in Excel, type the MAC again from the phone's label and save.`;
  }
  return `"${cell}" is not a MAC address. A MAC has 12 hex digits (0-9, A-F), like 00:15:65:AB:CD:EF; copy it from the label on the phone.`;
}

function issueAt(
  index: number,
  sources: ColumnSources,
  column: CanonicalColumn,
  code: string,
  message: string,
  severity: Severity = 'error',
): CellIssue {
  return { row: index, sourceColumn: sources[column] >= 0 ? sources[column] : null, column, severity, code, message };
}

const cellOf = (cells: readonly string[], source: number): string => (source >= 0 ? (cells[source] ?? '') : '');

/**
 * The rules one row must meet on its own: the server's schema limits and ours. Cells are
 * already trimmed. A row with more cells than the header gets only that whole-row issue: its
 * values may sit under the wrong headers, so anything else said about them would mislead.
 * Written as straight-line code because it runs for every row of a 100,000-row file; issues
 * are appended to `issues` (and it is returned) so a clean row allocates nothing.
 */
export function rowIssues(index: number, row: ImportRow, context: RuleContext, issues: CellIssue[] = []): CellIssue[] {
  const { sources } = context;
  const cells = row.cells;
  if (cells.length > context.headerCount) {
    issues.push({
      row: index,
      sourceColumn: null,
      column: null,
      severity: 'error',
      code: 'row_too_long',
      message: `Row ${row.line} has ${cells.length} cells but the header has ${context.headerCount}. A ${delimiterName(context.delimiter)} inside a value needs quotes around the value; fix the row or delete the extra cells.`,
    });
    return issues;
  }

  const person = namesPerson(cells, sources);
  // A sheet of phones without names is refused as a whole; in a sheet of people, only its phones on their own lack one.
  if (sources.name < 0 && !person && PERSON_IDENTITY_COLUMNS.some((column) => sources[column] >= 0)) {
    issues.push(
      issueAt(
        index,
        sources,
        'name',
        'name_required',
        "This row names no person, so it is a phone on its own, and no column holds device names. Add the person's email to make it their phone, or a name column (like device_name) with a name for it.",
      ),
    );
  } else if (sources.name >= 0) {
    const name = cellOf(cells, sources.name);
    // A person's phone without a name is named after them (the plan's "Alice Smith T54W").
    if (name === '' && !person)
      issues.push(
        issueAt(
          index,
          sources,
          'name',
          'name_required',
          'The device name is empty. Every device needs a name, like "Reception" or "Room 12".',
        ),
      );
    else if (name.length > LIMITS.name && characterCount(name) > LIMITS.name) {
      issues.push(
        issueAt(
          index,
          sources,
          'name',
          'name_too_long',
          `The name has ${characterCount(name)} characters; the PBX allows up to ${LIMITS.name}. Shorten it.`,
        ),
      );
    }
  }

  const typeCell = cellOf(cells, sources.device_type);
  let type = 'sip_device';
  if (typeCell !== '') {
    const parsed = deviceTypeOf(typeCell);
    type = parsed.value;
    if (!parsed.known) {
      issues.push(
        issueAt(
          index,
          sources,
          'device_type',
          'device_type_unknown',
          `"${typeCell}" is not a device type the PBX apps know (${KNOWN_DEVICE_TYPES.join(', ')}). It will be saved as written; for a desk phone use sip_device.`,
          'warning',
        ),
      );
    }
  }

  const username = characterCount(cellOf(cells, sources.sip_username));
  if (username !== 0 && (username < LIMITS.sipUsername.min || username > LIMITS.sipUsername.max)) {
    issues.push(
      issueAt(
        index,
        sources,
        'sip_username',
        'sip_username_length',
        `The SIP username has ${username} characters; the PBX needs ${LIMITS.sipUsername.min} to ${LIMITS.sipUsername.max}. Change it, or leave it empty and the app will make one.`,
      ),
    );
  }

  const password = characterCount(cellOf(cells, sources.sip_password));
  if (password !== 0 && (password < LIMITS.sipPassword.min || password > LIMITS.sipPassword.max)) {
    issues.push(
      issueAt(
        index,
        sources,
        'sip_password',
        'sip_password_length',
        `The SIP password has ${password} characters; the PBX needs ${LIMITS.sipPassword.min} to ${LIMITS.sipPassword.max}. Change it, or leave it empty and the app will make a strong one.`,
      ),
    );
  }

  const mac = cellOf(cells, sources.mac_address);
  if (mac !== '' && macNumber(mac) === null) issues.push(issueAt(index, sources, 'mac_address', 'mac_invalid', macMessage(mac)));

  const enabled = cellOf(cells, sources.enabled);
  if (enabled !== '' && booleanOf(enabled) === null) {
    issues.push(
      issueAt(
        index,
        sources,
        'enabled',
        'enabled_invalid',
        `"${enabled}" is not a yes or a no. Write true or false (yes/no and 1/0 work too); leave it empty for enabled.`,
      ),
    );
  }

  for (const column of CALLER_ID_COLUMNS) {
    const value = cellOf(cells, sources[column]);
    if (value.length > LIMITS.callerId && characterCount(value) > LIMITS.callerId) {
      issues.push(
        issueAt(
          index,
          sources,
          column,
          'caller_id_too_long',
          `The ${CALLER_ID_LABELS[column]} has ${characterCount(value)} characters; the PBX allows up to ${LIMITS.callerId}. Shorten it.`,
        ),
      );
    }
  }

  const forward = cellOf(cells, sources.call_forward_number);
  if (forward !== '') {
    const number = phoneNumberOf(forward);
    if (!isPhoneNumber(number)) {
      issues.push(
        issueAt(
          index,
          sources,
          'call_forward_number',
          'call_forward_invalid',
          `"${forward}" is not a phone number. Write the number to forward to in digits, with a + in front if it is international.`,
        ),
      );
    } else if (number.length > LIMITS.callForwardNumber) {
      issues.push(
        issueAt(
          index,
          sources,
          'call_forward_number',
          'call_forward_too_long',
          `The forward number has ${number.length} characters; the PBX allows up to ${LIMITS.callForwardNumber}. Check it for extra digits.`,
        ),
      );
    }
  } else if (FORWARDING_TYPES.has(type)) {
    issues.push(
      issueAt(
        index,
        sources,
        'call_forward_number',
        'call_forward_missing',
        `A ${type} device rings another number, and this row has none. Add the number to forward calls to, or the device will not ring anywhere.`,
        'warning',
      ),
    );
  }
  if (person) personIssues(index, cells, sources, issues);
  else nobodyIssues(index, cells, sources, issues);
  return issues;
}

function personIssues(index: number, cells: readonly string[], sources: ColumnSources, issues: CellIssue[]): void {
  const email = cellOf(cells, sources.email);
  const username = cellOf(cells, sources.username);
  if (email === '' && username === '') {
    const column = cellOf(cells, sources.first_name) !== '' ? 'first_name' : 'last_name';
    issues.push(
      issueAt(
        index,
        sources,
        column,
        'person_email_missing',
        'This row names a person but gives no email or username. Add their email: it is their login, and it tells their rows apart.',
      ),
    );
  }
  for (const [column, label] of [
    ['first_name', 'first name'],
    ['last_name', 'last name'],
  ] as const) {
    const value = cellOf(cells, sources[column]);
    if (value.length > LIMITS.personName && characterCount(value) > LIMITS.personName) {
      issues.push(
        issueAt(
          index,
          sources,
          column,
          `${column}_too_long`,
          `The ${label} has ${characterCount(value)} characters; the PBX allows up to ${LIMITS.personName}. Shorten it.`,
        ),
      );
    }
  }
  if (email !== '' && (!EMAIL.test(email) || email.length < LIMITS.email.min || email.length > LIMITS.email.max)) {
    issues.push(
      issueAt(
        index,
        sources,
        'email',
        'email_invalid',
        `"${email}" is not an email address. Write it as name@example.com, without spaces or a name around it.`,
      ),
    );
  }
  if (username !== '') {
    if (!USERNAME.test(username)) {
      issues.push(
        issueAt(
          index,
          sources,
          'username',
          'username_invalid',
          `The username "${username}" has characters the PBX does not take. Use letters, digits and + @ . _ - only (no spaces), or leave it empty and the email will be the username.`,
        ),
      );
    } else if (username.length > LIMITS.username) {
      issues.push(
        issueAt(
          index,
          sources,
          'username',
          'username_too_long',
          `The username has ${username.length} characters; the PBX allows up to ${LIMITS.username}. Shorten it.`,
        ),
      );
    }
  }
  const extension = cellOf(cells, sources.extension);
  if (extension !== '' && (!DIGITS.test(extension) || extension.length < LIMITS.extension.min || extension.length > LIMITS.extension.max)) {
    issues.push(
      issueAt(
        index,
        sources,
        'extension',
        'extension_invalid',
        DIGITS.test(extension) && extension.length > LIMITS.extension.max
          ? `"${extension}" looks like a phone number, not an extension: the PBX would store it as a full number. An extension has ${LIMITS.extension.min} to ${LIMITS.extension.max} digits, like 3101.`
          : `"${extension}" is not an extension. An extension is ${LIMITS.extension.min} to ${LIMITS.extension.max} digits, like 3101, with nothing else in the cell.`,
      ),
    );
  }
  const voicemail = cellOf(cells, sources.voicemail);
  if (voicemail !== '' && booleanOf(voicemail) === null) {
    issues.push(
      issueAt(
        index,
        sources,
        'voicemail',
        'voicemail_invalid',
        DIGITS.test(voicemail)
          ? `"${voicemail}" looks like a mailbox number, but a person's voicemail box takes their extension as its number. Write yes for a box or no for none here, and put the number under extension.`
          : `"${voicemail}" is not a yes or a no. Write yes for a voicemail box or no for none; leave it empty for a box when the person has an extension.`,
      ),
    );
  }
  const pin = cellOf(cells, sources.vm_pin);
  if (pin !== '' && (!DIGITS.test(pin) || pin.length < LIMITS.vmPin.min || pin.length > LIMITS.vmPin.max)) {
    issues.push(
      issueAt(
        index,
        sources,
        'vm_pin',
        'vm_pin_invalid',
        `A voicemail PIN is ${LIMITS.vmPin.min} to ${LIMITS.vmPin.max} digits, typed on the phone's keypad; this one is not. Change it, or leave it empty and the app will make one.`,
      ),
    );
  }
  const password = characterCount(cellOf(cells, sources.user_password));
  if (password !== 0 && (password < LIMITS.userPassword.min || password > LIMITS.userPassword.max)) {
    issues.push(
      issueAt(
        index,
        sources,
        'user_password',
        'user_password_length',
        `The user password has ${password} characters; use ${LIMITS.userPassword.min} to ${LIMITS.userPassword.max} (the person logs in to the portal with it). Change it, or leave it empty and the app will make a strong one.`,
      ),
    );
  }
}

/** The person's own columns on a row that names no person: nothing would take them. */
function nobodyIssues(index: number, cells: readonly string[], sources: ColumnSources, issues: CellIssue[]): void {
  const extension = cellOf(cells, sources.extension);
  // Without a person the extension is the phone's internal caller ID, as `caller_id_internal_number` is.
  if (extension.length > LIMITS.callerId && characterCount(extension) > LIMITS.callerId) {
    issues.push(
      issueAt(
        index,
        sources,
        'extension',
        'caller_id_too_long',
        `The extension (this phone's internal caller ID number) has ${characterCount(extension)} characters; the PBX allows up to ${LIMITS.callerId}. Shorten it.`,
      ),
    );
  }
  for (const [column, label] of [
    ['voicemail', 'A voicemail box'],
    ['vm_pin', 'A voicemail PIN'],
    ['user_password', 'A user password'],
  ] as const) {
    if (cellOf(cells, sources[column]) === '') continue;
    issues.push(
      issueAt(
        index,
        sources,
        column,
        'person_missing',
        `${label} belongs to a person, and this row names none. Add the person's email (and their name if they are new), or clear this cell.`,
      ),
    );
  }
}
