import type { Delimiter, TextEncodingName } from '../../../../common/import/types';

/** Encodings as a technician recognises them: by the program that writes them. */
export const encodingWords: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (older Excel)',
  'utf-16le': 'UTF-16 LE (Excel Unicode text)',
  'utf-16be': 'UTF-16 BE',
};

export const encodingOrder: readonly TextEncodingName[] = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'];

export const delimiterWords: Record<Delimiter, string> = { ',': 'Comma', ';': 'Semicolon', '\t': 'Tab' };

export const delimiterOrder: readonly Delimiter[] = [',', ';', '\t'];

/** A header row index as the spreadsheet numbers it. */
export const rowWords = (index: number) => `Row ${index + 1}`;
