/** `npm run icons`: draws every app icon from build/icon.svg into build/ (commit the result). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderIconFiles } from './render-icons';

const buildDir = path.join(import.meta.dirname, '../../build');
const files = renderIconFiles(readFileSync(path.join(buildDir, 'icon.svg')));
for (const [name, data] of files) {
  const target = path.join(buildDir, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, data);
}
process.stdout.write(`Wrote ${files.size} icon files to build/.\n`);
