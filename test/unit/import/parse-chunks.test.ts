/**
 * parseText reads a file a chunk at a time (so main can pause between chunks), carrying each
 * chunk's unfinished record into the next. These files are several chunks long and put quoted
 * cells, doubled quotes, delimiters and line breaks inside cells, and CRLF line ends, across the
 * chunk boundaries: the records must be exactly what Papa Parse reads from the whole text at once.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../../common/import/parse';
import { finish } from '../../../common/steps';

/** A small seeded generator (mulberry32), so every run reads the same files. */
function randomOf(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cellOf(random: () => number, newline: string): string {
  const roll = random();
  const word = `v${Math.floor(random() * 1e6)}`;
  if (roll < 0.5) return word;
  if (roll < 0.6) return '';
  if (roll < 0.7) return `"${word}, with a comma"`;
  if (roll < 0.8) return `"${word} said ""hi"""`;
  if (roll < 0.9) return `"${word}${newline}second line${newline}third"`;
  return `"${'x'.repeat(Math.floor(random() * 3000))}"`;
}

function fileOf(seed: number, newline: string, bytes: number): string {
  const random = randomOf(seed);
  const lines: string[] = ['name,mac_address,notes,owner'];
  let length = 0;
  while (length < bytes) {
    const line = Array.from({ length: 4 }, () => cellOf(random, newline)).join(',');
    lines.push(line);
    length += line.length + newline.length;
  }
  return lines.join(newline) + newline;
}

/** Papa Parse over the whole text at once, cells trimmed as the importer keeps them. */
function wholeText(text: string, newline: '\n' | '\r\n'): string[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline, quoteChar: '"', escapeChar: '"', skipEmptyLines: false });
  return parsed.data.map((record) => record.map((cell) => cell.replaceAll('\r\n', '\n').trim()));
}

describe('reading a file a chunk at a time', () => {
  for (const [newline, seeds] of [
    ['\n', [1, 2, 3]],
    ['\r\n', [4, 5, 6]],
  ] as const) {
    it(`reads ${JSON.stringify(newline)} files of ~1.5 MB exactly as Papa reads them whole (seeds ${seeds.join(', ')})`, () => {
      for (const seed of seeds) {
        const text = fileOf(seed, newline, 1_500_000);
        const parsed = finish(parseText(text));
        if (!parsed.ok) throw new Error(parsed.error.message);
        expect(parsed.value.records).toEqual(wholeText(text, newline));
      }
    });
  }

  it('reads a record longer than a chunk', () => {
    const wide = Array.from({ length: 20 }, (_, i) => `"${String.fromCharCode(97 + i).repeat(20_000)}\nmore"`).join(',');
    const text = `a,b\n1,2\n${wide}\n3,4\n`;
    const parsed = finish(parseText(text));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.records).toEqual(wholeText(text, '\n'));
    expect(parsed.value.records[2]).toHaveLength(20);
  });

  it('names the row of a quote never closed, far into a big file', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `Desk ${i},00:15:65:00:${String(i % 100).padStart(2, '0')}:01`);
    rows[30_000] = '"Desk broken,00:15:65:00:00:01';
    const parsed = finish(parseText(`name,mac_address\n${rows.join('\n')}\n`));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toMatch(/^Row 30002 has a quote mark/);
  });
});
