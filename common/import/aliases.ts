import { CANONICAL_COLUMNS, type CanonicalColumn } from './columns';
import { editDistance } from './edit-distance';

/**
 * Header texts technicians and the tools they export from use for each column, besides the
 * canonical name itself. Matching ignores case, spaces, punctuation and accents, so "E-Mail",
 * "e_mail" and "EMAIL" are one alias, as are "AuthPassword" and "Auth Password". Besides plain
 * spreadsheet wording they cover the exports and sheets of 3CX (AuthID, AuthPassword,
 * EmailAddress, MobileNumber, OutboundCallerID), FreePBX's Bulk Handler (secret, outboundcid),
 * FusionPBX (effective_caller_id_*, device_mac_address, device_label, device_vendor,
 * device_model, user_id, auth_id), Yealink RPS and Poly (Register Name, Auth ID, Label, Line,
 * MAC ID), Monster UI's CSV onboarding and Audian's fork of it (first_name, last_name, email,
 * email_address, notification_email, extension, extension_number, include_voicemail, device_name,
 * mac_address, brand, family, model), 3CX's VMPIN/VMEnable, FreePBX's voicemail_enable and vmpwd,
 * and FusionPBX's voicemail_password/voicemail_enabled. A few German and French headers come from
 * European Excel templates.
 * docs/CSV-COLUMNS.md lists them all; a test keeps it equal to this list.
 */
export const COLUMN_ALIASES: Record<CanonicalColumn, readonly string[]> = {
  name: ['Name', 'Device Name', 'Phone Name', 'Device', 'Phone', 'Device Label', 'Label', 'Station Name', 'Gerätename', 'Nom'],
  device_type: ['Type', 'Device Type', 'Phone Type', 'Typ', 'Gerätetyp'],
  owner: ['Owner', 'User', 'Owner Email', 'Assigned User', 'Assigned To', 'Benutzer', 'Utilisateur'],
  sip_username: [
    'SIP User',
    'SIP Username',
    'SIP User Name',
    'SIP Login',
    'SIP ID',
    'SIP Auth User',
    'SIP Auth ID',
    'Auth User',
    'Auth Username',
    'Auth Name',
    'Auth ID',
    'Authentication User',
    'Authentication ID',
    'Authentication User ID',
    'User ID',
    'Register Name',
    'Register User',
    'Registration Name',
  ],
  sip_password: [
    'SIP Password',
    'SIP Pass',
    'SIP Pwd',
    'Password',
    'Pass',
    'Secret',
    'SIP Secret',
    'Auth Password',
    'Auth Pass',
    'Authentication Password',
    'Register Password',
    'Registration Password',
    'Passwort',
    'Kennwort',
    'Mot de passe',
  ],
  mac_address: ['MAC', 'MAC Address', 'MAC Addr', 'MAC ID', 'device_mac_address', 'Hardware Address', 'MAC-Adresse', 'Adresse MAC'],
  caller_id_internal_number: ['Line', 'Internal Number', 'Caller ID Number', 'Internal Caller ID Number', 'effective_caller_id_number'],
  caller_id_internal_name: [
    'Caller ID Name',
    'Display Name',
    'Internal Name',
    'Internal Caller ID Name',
    'effective_caller_id_name',
    'Anzeigename',
  ],
  caller_id_external_number: [
    'External Number',
    'External Caller ID',
    'External Caller ID Number',
    'Outbound Caller ID',
    'Outbound Caller ID Number',
    'outboundcid',
    'DID',
    'DID Number',
  ],
  caller_id_external_name: ['External Name', 'External Caller ID Name', 'Outbound Caller ID Name'],
  enabled: ['Enabled', 'Enable', 'Active', 'Status', 'Aktiv'],
  call_forward_number: [
    'Forward To',
    'Forward Number',
    'Call Forward',
    'Call Forward Number',
    'Cell',
    'Cell Number',
    'Cell Phone',
    'Mobile',
    'Mobile Number',
    'Handy',
  ],
  brand: ['Brand', 'Manufacturer', 'Vendor', 'device_vendor', 'Make', 'Endpoint Brand', 'Hersteller'],
  family: ['Family', 'Series', 'Model Family', 'Endpoint Family'],
  model: ['Model', 'Phone Model', 'Device Model', 'Endpoint Model', 'Modell'],
  first_name: ['First Name', 'First', 'Given Name', 'Forename', 'Vorname', 'Prénom'],
  last_name: ['Last Name', 'Last', 'Surname', 'Family Name', 'Nachname', 'Nom de famille'],
  email: [
    'Email',
    'E-mail',
    'Email Address',
    'email_address',
    'User Email',
    'Work Email',
    'notification_email',
    'Mail',
    'E-Mail-Adresse',
    'Courriel',
  ],
  username: ['Username', 'User Name', 'Login', 'Login Name', 'User Login', 'Portal Username', 'Web Username', 'Benutzername'],
  extension: [
    'Ext',
    'Extension',
    'extension_number',
    'Extension Number',
    'Ext Number',
    'Ext No',
    'User Extension',
    'Internal Extension',
    'Nebenstelle',
    'Durchwahl',
    'Poste',
  ],
  voicemail: [
    'Voicemail',
    'Voicemail Box',
    'VM',
    'Mailbox',
    'include_voicemail',
    'Voicemail Enabled',
    'voicemail_enable',
    'VM Enabled',
    'VM Enable',
    'Has Voicemail',
  ],
  vm_pin: [
    'VM PIN',
    'Voicemail PIN',
    'Mailbox PIN',
    'vmbox_pin',
    'PIN',
    'Voicemail Password',
    'voicemail_vmpwd',
    'vmpwd',
    'VM Password',
    'Voicemail Passcode',
  ],
  user_password: ['User Password', 'Portal Password', 'Login Password', 'Web Password', 'User Pass', 'Account Password'],
};

/** Lowercase letters and digits only, accents dropped: the form headers are compared (and saved) in. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const EXACT = new Map<string, CanonicalColumn>();
for (const column of CANONICAL_COLUMNS) {
  for (const text of [column, ...COLUMN_ALIASES[column]]) EXACT.set(normalizeHeader(text), column);
}
const KNOWN = [...EXACT.entries()];

/** Typos allowed for a header of this length: none on short names, where one letter changes the meaning. */
const allowedTypos = (length: number): number => (length >= 10 ? 2 : length >= 5 ? 1 : 0);

export interface HeaderMatch {
  column: CanonicalColumn;
  /** 0 for a name or alias, else the number of typos. */
  distance: number;
}

/**
 * Names already compared with every alias: finding the delimiter and the header row compares the
 * first records' cells, three times over, and comparing each with every alias cost 15–60 ms a file.
 */
const TYPO_MATCHES = new Map<string, HeaderMatch | null>();
const TYPO_MATCHES_KEPT = 10_000;

/** The alias within `max` typos of `key`, or null when none is or two columns are equally close. */
function closestAlias(key: string, max: number): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  let tied = false;
  for (const [alias, column] of KNOWN) {
    if (allowedTypos(alias.length) === 0) continue;
    const distance = editDistance(key, alias, max);
    if (distance > max) continue;
    if (!best || distance < best.distance) {
      best = { column, distance };
      tied = false;
    } else if (distance === best.distance && column !== best.column) {
      tied = true;
    }
  }
  return tied ? null : best;
}

/** The column a header names, exactly or within a typo or two; null when unknown or when two columns are equally close. */
export function matchHeader(header: string): HeaderMatch | null {
  const key = normalizeHeader(header);
  if (key === '') return null;
  const exact = EXACT.get(key);
  if (exact) return { column: exact, distance: 0 };
  const max = allowedTypos(key.length);
  if (max === 0) return null;
  let match = TYPO_MATCHES.get(key);
  if (match === undefined) {
    if (TYPO_MATCHES.size >= TYPO_MATCHES_KEPT) TYPO_MATCHES.clear();
    match = closestAlias(key, max);
    TYPO_MATCHES.set(key, match);
  }
  return match && { ...match };
}
