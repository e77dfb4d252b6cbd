import { DEVICE_COLUMNS } from '../../common/import/columns';
import { formatMac } from '../../common/mac';
import { compileDeviceCheck } from '../api/device-schema';
import { prepareDraft } from './prepare-draft';
import { runSliced } from './sliced';

/** Rows of the sample sheet: enough for V8 to compile the import's hot code, a few tens of milliseconds of main. */
const SAMPLE_ROWS = 2_000;

const TYPES = ['sip_device', 'softphone', 'fax', 'cellphone'];

/** A sheet of every device column: quoted and plain cells, MACs in three notations, some cells empty. */
export function sampleSheet(): Uint8Array {
  const lines = [DEVICE_COLUMNS.join(',')];
  for (let i = 0; i < SAMPLE_ROWS; i++) {
    const mac = (0x020000000000 + i).toString(16).padStart(12, '0');
    const notation = i % 3 === 0 ? mac : i % 3 === 1 ? formatMac(mac) : formatMac(mac).replaceAll(':', '-');
    const values: Record<(typeof DEVICE_COLUMNS)[number], string> = {
      name: i % 7 === 0 ? `"Room ${i}, floor ${i % 9}"` : `Phone ${i}`,
      device_type: TYPES[i % TYPES.length] as string,
      owner: i % 2 === 0 ? `user${i % 50}@example.com` : '',
      sip_username: `sample_${i}`,
      sip_password: i % 4 === 0 ? '' : `Sample${i}pw`,
      mac_address: notation,
      caller_id_internal_number: String(2000 + i),
      caller_id_internal_name: `Sample ${i % 50}`,
      caller_id_external_number: i % 5 === 0 ? '+15550100' : '',
      caller_id_external_name: '',
      enabled: i % 9 === 0 ? 'no' : 'yes',
      call_forward_number: i % 4 === 3 ? '+15550199' : '',
      brand: 'Yealink',
      family: 't5x',
      model: 'T54W',
    };
    lines.push(DEVICE_COLUMNS.map((column) => values[column]).join(','));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/**
 * What the desktop app does while its window loads, so the first file a technician opens runs
 * at full speed: compiles KAZOO's device schema (about 0.1 s) and reads a generated sheet once,
 * a slice at a time, so V8 has compiled the import's code before it meets 100,000 rows (a
 * quarter of a cold first import's time). The sample's draft is dropped.
 */
export async function warmUpImport(): Promise<void> {
  compileDeviceCheck();
  await runSliced(prepareDraft({ kind: 'read', options: { id: 'warm-up', fileName: 'warm-up.csv', bytes: sampleSheet() } }));
}
