import { DEVICE_COLUMNS, PERSON_COLUMNS } from './columns';

/** A CSV the File step offers to start from: its file name and rows, header first. */
export interface SheetTemplate {
  fileName: string;
  rows: readonly (readonly string[])[];
}

/** The device columns only, as `devices export` writes them, so a sheet of phones round-trips. */
export const DEVICE_TEMPLATE: SheetTemplate = { fileName: 'audian-import-template.csv', rows: [DEVICE_COLUMNS] };

const ROLLOUT_COLUMNS = [...PERSON_COLUMNS, 'name', 'device_type', 'mac_address', 'brand', 'family', 'model', 'owner'] as const;

type RolloutRow = Partial<Record<(typeof ROLLOUT_COLUMNS)[number], string>>;

const rolloutRow = (cells: RolloutRow): string[] => ROLLOUT_COLUMNS.map((column) => cells[column] ?? '');

const YEALINK_T54W = { device_type: 'sip_device', brand: 'yealink', family: 't5x', model: 't54w' } as const;

/**
 * A whole rollout by example: Alice with an extension, voicemail and two phones (her second row
 * repeats only her email), Bob with an extension and no voicemail, and a lobby phone on its own.
 * Empty PINs and passwords are generated; the username is the email.
 */
export const ROLLOUT_TEMPLATE: SheetTemplate = {
  fileName: 'audian-rollout-template.csv',
  rows: [
    ROLLOUT_COLUMNS,
    rolloutRow({
      first_name: 'Alice',
      last_name: 'Smith',
      email: 'alice@example.com',
      extension: '3101',
      voicemail: 'yes',
      name: 'Alice desk',
      mac_address: '00:15:65:12:34:01',
      ...YEALINK_T54W,
    }),
    rolloutRow({ email: 'alice@example.com', name: 'Alice conference room', mac_address: '00:15:65:12:34:02', ...YEALINK_T54W }),
    rolloutRow({
      first_name: 'Bob',
      last_name: 'Brown',
      email: 'bob@example.com',
      extension: '3102',
      voicemail: 'no',
      name: 'Bob desk',
      mac_address: '00:15:65:12:34:03',
      ...YEALINK_T54W,
    }),
    rolloutRow({ name: 'Lobby', mac_address: '00:15:65:12:34:04', ...YEALINK_T54W }),
  ],
};
