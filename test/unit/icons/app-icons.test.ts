import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Icns } from '@fiahfy/icns';
import { Ico } from '@fiahfy/ico';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ICNS_ENTRIES, ICO_SIZES, LINUX_SIZES, renderIconFiles, renderPng } from '../../../scripts/icons/render-icons';

const buildDir = path.join(import.meta.dirname, '../../../build');
const svg = readFileSync(path.join(buildDir, 'icon.svg'));
const committed = (name: string) => readFileSync(path.join(buildDir, name));

/**
 * resvg's rasteriser may take other SIMD paths on another CPU (the macOS runners are ARM), so a
 * fresh rendering may differ from the committed one by a rounding step; a changed drawing moves
 * pixels much further.
 */
const TOLERANCE = 4;

function expectSamePixels(actual: Uint8Array, expected: Uint8Array, what: string) {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let index = 0; index < actual.length; index++) worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
  expect(worst, `${what}: largest channel difference from a fresh rendering of build/icon.svg`).toBeLessThanOrEqual(TOLERANCE);
}

/** The top-down RGBA of a 32-bit ICO entry, which stores bottom-up BGRA. */
function icoEntryRgba(xor: Buffer, size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const from = ((size - 1 - row) * size + column) * 4;
      const to = (row * size + column) * 4;
      rgba.set([xor[from + 2]!, xor[from + 1]!, xor[from]!, xor[from + 3]!], to);
    }
  }
  return rgba;
}

describe('app icons in build/', () => {
  it('has a PNG of each Linux size, of that size, drawn from the SVG', () => {
    for (const size of LINUX_SIZES) {
      const name = `icons/${size}x${size}.png`;
      expect(existsSync(path.join(buildDir, name)), `${name} is missing: run npm run icons`).toBe(true);
      const png = PNG.sync.read(committed(name));
      expect([png.width, png.height], name).toEqual([size, size]);
      expectSamePixels(png.data, PNG.sync.read(renderPng(svg, size)).data, name);
    }
  });

  it('has a Windows .ico with every size, each drawn from the SVG', () => {
    const data = committed('icon.ico');
    expect([...data.subarray(0, 4)], 'ICO header: reserved 0, type 1 (icon)').toEqual([0, 0, 1, 0]);
    const ico = Ico.from(data);
    // The directory stores 256 as 0: one byte holds the width.
    expect(ico.infoHeaders.map((header) => header.width || 256)).toEqual([...ICO_SIZES]);
    ico.images.forEach((image, index) => {
      const size = ICO_SIZES[index]!;
      expect([image.header.width, image.header.height, image.header.bitCount]).toEqual([size, size * 2, 32]);
      expectSamePixels(icoEntryRgba(image.xor, size), PNG.sync.read(renderPng(svg, size)).data, `icon.ico ${size}px`);
    });
  });

  it('has a macOS .icns with each point size at 1x and 2x, each drawn from the SVG', () => {
    const data = committed('icon.icns');
    expect(data.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(data.readUInt32BE(4), 'the header gives the file length').toBe(data.length);
    const icns = Icns.from(data);
    expect(icns.images.map((image) => image.osType)).toEqual(ICNS_ENTRIES.map((entry) => entry.osType));
    icns.images.forEach((image, index) => {
      const { osType, size } = ICNS_ENTRIES[index]!;
      const png = PNG.sync.read(image.image);
      expect([png.width, png.height], osType).toEqual([size, size]);
      expectSamePixels(png.data, PNG.sync.read(renderPng(svg, size)).data, `icon.icns ${osType}`);
    });
  });

  it('has every file npm run icons writes', () => {
    const fresh = renderIconFiles(svg);
    expect([...fresh.keys()].every((name) => existsSync(path.join(buildDir, name)))).toBe(true);
    expect(fresh.size).toBe(LINUX_SIZES.length + 2);
  });
});
