import { isDeviceColumn } from '../../../../common/import/columns';
import type { ColumnMapping } from '../../../../common/import/types';

/** The sheet names people (first or last name, email, username, extension...): its rows may be people with their phones. */
export const mapsPersonColumns = (mapping: ColumnMapping): boolean => mapping.some((column) => column !== null && !isDeviceColumn(column));

/** The sheet describes phones (MAC, SIP, model...): each of its phones needs a name. */
export const mapsDeviceColumns = (mapping: ColumnMapping): boolean => mapping.some((column) => column !== null && isDeviceColumn(column));
