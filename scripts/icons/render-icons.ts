import { Icns, IcnsImage, type OSType } from '@fiahfy/icns';
import { Ico, IcoImage } from '@fiahfy/ico';
import { Resvg } from '@resvg/resvg-js';

/** Linux desktops pick the nearest of these from build/icons/ (electron-builder's naming: 16x16.png ...). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** Every size a Windows .ico may hold; 16 and 24 are what the taskbar and Explorer lists use. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** The PNG entries of a modern .icns: each point size at 1x and 2x (ic11-ic14 are the @2x ones). */
export const ICNS_ENTRIES: ReadonlyArray<{ osType: OSType; size: number }> = [
  { osType: 'icp4', size: 16 },
  { osType: 'ic11', size: 32 },
  { osType: 'icp5', size: 32 },
  { osType: 'ic12', size: 64 },
  { osType: 'icp6', size: 64 },
  { osType: 'ic07', size: 128 },
  { osType: 'ic13', size: 256 },
  { osType: 'ic08', size: 256 },
  { osType: 'ic14', size: 512 },
  { osType: 'ic09', size: 512 },
  { osType: 'ic10', size: 1024 },
];

/** Paths are relative to build/, electron-builder's buildResources. */
export type IconFiles = Map<string, Buffer>;

/** Each size is drawn from the vector at that size (not scaled down from a big bitmap), so 16 px stays crisp. */
export function renderPng(svg: Buffer, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

export function renderIconFiles(svg: Buffer): IconFiles {
  const sizes = new Set<number>([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_ENTRIES.map((entry) => entry.size)]);
  const pngs = new Map([...sizes].map((size) => [size, renderPng(svg, size)]));
  const png = (size: number) => pngs.get(size) as Buffer;

  const files: IconFiles = new Map();
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, png(size));

  const ico = new Ico();
  for (const size of ICO_SIZES) ico.append(IcoImage.fromPNG(png(size)));
  files.set('icon.ico', ico.data);

  const icns = new Icns();
  for (const { osType, size } of ICNS_ENTRIES) icns.append(IcnsImage.fromPNG(png(size), osType));
  files.set('icon.icns', icns.data);
  return files;
}
