import { fail, ok, type Result } from '../ipc/result';
import type { TextEncodingName } from './types';

/** The largest file an import reads; the IPC contract sizes its base64 field for the same limit. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const MEGABYTE = 1024 * 1024;
/** How much of the file the binary and UTF-16 sniffing looks at. */
const SNIFF_BYTES = 4096;

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  detectedEncoding: TextEncodingName;
}

interface TextSniff {
  kind: 'text';
  encoding: TextEncodingName;
  /** The decoded text, when telling the encoding already meant decoding the whole file. */
  text?: string;
}

interface NotTextSniff {
  kind: 'not_text';
  message: string;
  /** A magic number said what the file is; a guess from its bytes gives way to a chosen encoding. */
  certain: boolean;
}

/** The text when the bytes are valid UTF-8 (decoding is the validity test, so its result is kept), else null. */
function utf8Text(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean => prefix.every((byte, i) => bytes[i] === byte);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const SAVE_AS_CSV = 'In Excel choose File > Save As > CSV UTF-8, then import that file.';

/** File types technicians pick by mistake, by their magic numbers, said in words. */
function notACsv(fileName: string, bytes: Uint8Array): string | null {
  const lower = fileName.toLowerCase();
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) {
    if (lower.endsWith('.ods'))
      return `This is an OpenDocument spreadsheet (.ods), not a CSV. Choose File > Save As > Text CSV (UTF-8), then import that file.`;
    if (lower.endsWith('.zip')) return 'This is a ZIP archive, not a CSV. Unzip it and import the CSV file inside.';
    return `This is an Excel workbook (.xlsx), not a CSV. ${SAVE_AS_CSV}`;
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))
    return `This is an Excel 97-2003 workbook (.xls), not a CSV. ${SAVE_AS_CSV}`;
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return 'This is a PNG picture, not a CSV. Choose the spreadsheet file you exported.';
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'This is a JPEG photo, not a CSV. Choose the spreadsheet file you exported.';
  if (startsWith(bytes, ...ascii('GIF87a')) || startsWith(bytes, ...ascii('GIF89a')))
    return 'This is a GIF picture, not a CSV. Choose the spreadsheet file you exported.';
  if (startsWith(bytes, ...ascii('%PDF-')))
    return 'This is a PDF document, not a CSV. Export the list from the spreadsheet it came from as CSV UTF-8 and import that file.';
  return null;
}

/**
 * UTF-16 without a BOM shows as NULs in every other byte (the high byte of ASCII characters):
 * on odd offsets for little-endian, even for big-endian.
 */
function utf16ByNuls(sample: Uint8Array): TextEncodingName | null {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  if (oddNuls >= pairs * 0.3 && evenNuls <= pairs * 0.05) return 'utf-16le';
  if (evenNuls >= pairs * 0.3 && oddNuls <= pairs * 0.05) return 'utf-16be';
  return null;
}

/** NULs or many control characters (other than tab, line feed, form feed, carriage return) mean a binary file. */
function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) controls++;
  }
  return controls > sample.length * 0.02;
}

/** What the bytes are: text in one of the encodings we read, or something else described in words. */
export function sniffEncoding(fileName: string, bytes: Uint8Array): TextSniff | NotTextSniff {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return { kind: 'text', encoding: 'utf-8' };
  if (startsWith(bytes, 0xff, 0xfe)) return { kind: 'text', encoding: 'utf-16le' };
  if (startsWith(bytes, 0xfe, 0xff)) return { kind: 'text', encoding: 'utf-16be' };
  const other = notACsv(fileName, bytes);
  if (other) return { kind: 'not_text', message: other, certain: true };
  const sample = bytes.subarray(0, SNIFF_BYTES);
  const utf16 = utf16ByNuls(sample);
  if (utf16) return { kind: 'text', encoding: utf16 };
  if (looksBinary(sample)) {
    return {
      kind: 'not_text',
      message: 'This file is not text, so it is not a CSV. Open the spreadsheet the list came from and save it as CSV UTF-8.',
      certain: false,
    };
  }
  // A file Excel saved as plain "CSV" on Windows is Windows-1252, which is rarely valid UTF-8.
  const text = utf8Text(bytes);
  return text === null ? { kind: 'text', encoding: 'windows-1252' } : { kind: 'text', encoding: 'utf-8', text };
}

/** Windows-1252's printable characters at 0x80..0x9F (the five unassigned bytes map to themselves, as in WHATWG). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node 20's TextDecoder('windows-1252') decodes as Latin-1, turning "–" (0x96) into a control
 * character; browsers get it right. Mapping 0x80..0x9F afterwards is correct under both.
 */
const fixCp1252 = (text: string): string => text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);

/** The text in the given encoding, its byte order mark dropped. Invalid sequences become U+FFFD rather than failing. */
export function decodeAs(bytes: Uint8Array, encoding: TextEncodingName): string {
  const decoded = new TextDecoder(encoding).decode(bytes);
  const text = encoding === 'windows-1252' ? fixCp1252(decoded) : decoded;
  // TextDecoder drops only a BOM of its own encoding; a UTF-8 BOM read as 1252 shows as "ï»¿".
  if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
  if (encoding === 'windows-1252' && text.startsWith('\u00ef\u00bb\u00bf')) return text.slice(3);
  return text;
}

const megabytes = (bytes: number): string => {
  const value = bytes / MEGABYTE;
  return value < 100 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
};

/**
 * A file's bytes as text: size and type checks, encoding detection (or the technician's choice),
 * BOM removal. Every failure says what the file is and what to do.
 */
export function decodeFile(fileName: string, bytes: Uint8Array, override?: TextEncodingName): Result<DecodedText> {
  if (bytes.length === 0) return fail('invalid_request', `${fileName} is empty. Choose the file you saved from the spreadsheet.`);
  if (bytes.length > MAX_FILE_BYTES) {
    return fail(
      'invalid_request',
      `${fileName} is ${megabytes(bytes.length)} MB; the limit is ${megabytes(MAX_FILE_BYTES)} MB. Split the file into smaller files and import them one after another.`,
    );
  }
  const sniff = sniffEncoding(fileName, bytes);
  // A technician's encoding choice overrides a guess, not a PNG or a workbook.
  if (sniff.kind === 'not_text' && (sniff.certain || !override)) return fail('invalid_request', sniff.message);
  const detectedEncoding = sniff.kind === 'text' ? sniff.encoding : 'utf-8';
  const encoding = override ?? detectedEncoding;
  const text = sniff.kind === 'text' && sniff.text !== undefined && encoding === sniff.encoding ? sniff.text : decodeAs(bytes, encoding);
  if (!/\S/.test(text))
    return fail('invalid_request', `${fileName} has no text in it, only blank space. Choose the file you saved from the spreadsheet.`);
  return ok({ text, encoding, detectedEncoding });
}
