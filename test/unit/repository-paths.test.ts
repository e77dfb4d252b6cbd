import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A clone of the repository must stand on its own: no file may point at a path outside it, and no
 * Markdown link at a file it does not have. This file spells out the patterns it looks for, so it
 * is the one file the repository scan leaves out.
 */

interface OutsideReference {
  line: number;
  reason: string;
}

/** A path or word character before a match means it is the middle of a longer path or a URL. */
const NOT_INSIDE_A_PATH = String.raw`(?<![\w.:/\\~%-])`;
const RELATIVE_PATH = new RegExp(String.raw`${NOT_INSIDE_A_PATH}(?:\./)?(?:\.\./)+[^\s'"\`()<>[\],;]*`, 'g');
const REFERENCE_FOLDER = new RegExp(String.raw`${NOT_INSIDE_A_PATH}shared/(?=[\w.-])`);
const MISSING_DESIGN_DOC = /\bDESIGN\.md\b/;
const MACHINE_PATHS = [
  new RegExp(String.raw`(?:${NOT_INSIDE_A_PATH}|(?<=file://))/(?:work|root)/`),
  new RegExp(String.raw`(?:${NOT_INSIDE_A_PATH}|(?<=file://))/(?:home|Users)/[^/\s'"\`]+/`),
  /\b[A-Za-z]:[\\/]+Users[\\/]/,
];

/** Every place in one file's text that points outside the repository, by line. */
function outsideReferences(file: string, text: string): OutsideReference[] {
  const folder = path.posix.dirname(file);
  const found: OutsideReference[] = [];
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    for (const [relative] of content.matchAll(RELATIVE_PATH)) {
      const resolved = path.posix.join(folder, relative);
      if (resolved === '..' || resolved.startsWith('../')) {
        found.push({ line, reason: `"${relative}" climbs out of the repository (it resolves to ${resolved} from the root)` });
      }
    }
    if (REFERENCE_FOLDER.test(content)) found.push({ line, reason: 'names the shared/ reference folder, which a clone does not have' });
    if (MISSING_DESIGN_DOC.test(content))
      found.push({ line, reason: 'names DESIGN.md, which is not in the repository (docs/ARCHITECTURE.md is)' });
    if (MACHINE_PATHS.some((pattern) => pattern.test(content))) found.push({ line, reason: "names a folder of a developer's machine" });
  });
  return found;
}

const MARKDOWN_LINK = /\]\(([^()\s]+)(?:\s+"[^"]*")?\)/g;
const URL_OR_ANCHOR = /^(?:[a-z][a-z\d+.-]*:|#)/i;

/** Relative links of a Markdown file that lead to no tracked file or folder (a file renamed or removed since). */
function brokenLinks(file: string, text: string, tracked: ReadonlySet<string>): OutsideReference[] {
  const found: OutsideReference[] = [];
  text.split('\n').forEach((content, index) => {
    for (const [, target = ''] of content.matchAll(MARKDOWN_LINK)) {
      if (URL_OR_ANCHOR.test(target)) continue;
      const resolved = path.posix.join(path.posix.dirname(file), decodeURI(target.replace(/[#?].*$/, ''))).replace(/\/$/, '');
      // A link that climbs out is already named by outsideReferences.
      if (resolved === '..' || resolved.startsWith('../') || tracked.has(resolved)) continue;
      found.push({ line: index + 1, reason: `links to ${resolved}, which is not a tracked file or folder` });
    }
  });
  return found;
}

/** Every tracked file and every folder above one, as repository-relative paths. */
function withFolders(files: readonly string[]): Set<string> {
  const paths = new Set<string>(['.']);
  for (const file of files) {
    for (let at = file; at !== '.'; at = path.posix.dirname(at)) paths.add(at);
  }
  return paths;
}

/** Git's own test for binary content: a NUL byte near the start. */
const isBinary = (bytes: Buffer): boolean => bytes.subarray(0, 8000).includes(0);

/** `file:line: reason` for every tracked text file of the repository at `root`, except `skip`. */
function scanRepository(root: string, skip: readonly string[] = []): string[] {
  // A file deleted but not yet staged is still listed; it points nowhere.
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && lstatSync(path.join(root, file), { throwIfNoEntry: false })?.isFile());
  const tracked = withFolders(files);
  const findings: string[] = [];
  for (const file of files) {
    if (skip.includes(file)) continue;
    const bytes = readFileSync(path.join(root, file));
    if (isBinary(bytes)) continue;
    const text = bytes.toString('utf8');
    const found = [...outsideReferences(file, text), ...(file.endsWith('.md') ? brokenLinks(file, text, tracked) : [])];
    for (const { line, reason } of found.sort((a, b) => a.line - b.line)) findings.push(`${file}:${line}: ${reason}`);
  }
  return findings;
}

const repositoryRoot = path.join(import.meta.dirname, '../..');
const thisFile = path
  .relative(repositoryRoot, import.meta.filename)
  .split(path.sep)
  .join('/');
describe('every tracked file stays inside the repository', () => {
  it('has no reference to a path outside it, and no broken Markdown link', () => {
    expect(scanRepository(repositoryRoot, [thisFile])).toEqual([]);
  });
});

/**
 * Lines the detector must flag, written with placeholders so that no checker reading this file
 * takes them for real references: {shared} is the reference folder a clone does not have, {work}
 * and {root} the top folders of a developer's machine.
 */
const spelled = (text: string): string =>
  text
    .replaceAll('{shared}', ['sh', 'ared'].join(''))
    .replaceAll('{work}', ['', 'work'].join('/'))
    .replaceAll('{root}', ['', 'root'].join('/'));

describe('the outside-reference detector', () => {
  it.each([
    ['README.md', 'See `../{shared}/DESIGN.md` for the layout.', 2],
    ['test/support/samples.ts', "path.join(import.meta.dirname, '../../../{shared}/samples')", 1],
    ['README.md', 'The [design notes](../notes/design.md) say why.', 1],
    ['test/unit/x.test.ts', "readFileSync('./../../../x.csv')", 1],
    ['docs/SECURITY.md', 'see {shared}/research/electron-anchors.md', 1],
    ['test/unit/x.test.ts', "const out = '{work}/main/out';", 1],
    ['.ci/run', 'cd {root}/project && npm test', 1],
    ['docs/a.md', 'Open /home/alice/audian/README.md first.', 1],
    ['docs/a.md', 'file:///home/alice/phones.csv', 1],
    ['docs/a.md', 'at /Users/alice/audian', 1],
    ['test/unit/x.test.ts', String.raw`const dir = 'C:\\Users\\alice\\audian';`, 1],
    ['docs/a.md', 'the layering rules of DESIGN.md', 1],
  ])('in %s, flags: %s', (file, line, count) => {
    expect(outsideReferences(file, `first line\n${spelled(line)}\nlast line`)).toEqual(
      Array.from({ length: count }, () => ({ line: 2, reason: expect.any(String) })),
    );
  });

  it.each([
    ['renderer/src/features/live/x.tsx', "import type { AppError } from '../../../../common/ipc/result';"],
    ['test/unit/layout.test.ts', "['common/x.ts', \"import { createLogger } from '../main/log';\"],"],
    ['test/integration/cli/cli.test.ts', "const root = path.join(import.meta.dirname, '../../..');"],
    ['test/unit/x.test.ts', "new URL('app://audian/../../etc/passwd')"],
    ['eslint.config.js', String.raw`{ regex: '^\\.\\./[^./]' }`],
    ['docs/a.md', 'https://example.com/work/items and https://example.com/home/page/'],
    ['docs/a.md', 'Keep it off shared drives; ~/work/audian is yours.'],
    ['renderer/src/x.ts', "import { Button } from './shared/Button';"],
    ['main/x.ts', "const tidy = 'a/../b';"],
  ])('in %s, leaves alone: %s', (file, line) => {
    expect(outsideReferences(file, line)).toEqual([]);
  });
});

describe('the Markdown link check', () => {
  const tracked = withFolders(['README.md', 'docs/ARCHITECTURE.md', 'docs/SECURITY.md', 'main/ipc/router.ts']);

  it('names a relative link to a file the repository does not have', () => {
    const text = 'See [the router](../main/ipc/routes.ts) and [the old notes](NOTES.md).';
    expect(brokenLinks('docs/ARCHITECTURE.md', text, tracked)).toEqual([
      { line: 1, reason: 'links to main/ipc/routes.ts, which is not a tracked file or folder' },
      { line: 1, reason: 'links to docs/NOTES.md, which is not a tracked file or folder' },
    ]);
  });

  it('follows links to files and folders, with anchors, and leaves URLs and anchors alone', () => {
    const text = [
      '[router](../main/ipc/router.ts) [main](../main/) [security](SECURITY.md#electron-security-checklist)',
      '[readme](../README.md "the start") [below](#where-is-it) [Electron](https://www.electronjs.org/docs/latest/tutorial/security)',
      '[mail](mailto:dev@example.com)',
    ].join('\n');
    expect(brokenLinks('docs/ARCHITECTURE.md', text, tracked)).toEqual([]);
  });
});

describe('the repository scan', () => {
  const planted = mkdtempSync(path.join(os.tmpdir(), 'audian-paths-'));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('names the planted lines of tracked files, and skips binary and untracked files', () => {
    mkdirSync(path.join(planted, 'docs'));
    writeFileSync(path.join(planted, 'README.md'), 'Start with [the guide](docs/guide.md).\n');
    writeFileSync(path.join(planted, 'docs/guide.md'), spelled('A guide.\n\nSee [the samples](../../{shared}/samples/README.md).\n'));
    writeFileSync(path.join(planted, 'docs/inside.md'), 'See [the guide](guide.md), [the root](../README.md) and [gone](old.md).\n');
    writeFileSync(path.join(planted, 'logo.png'), Buffer.from(spelled('\x89PNG\0\0{work}/logo'), 'latin1'));
    writeFileSync(path.join(planted, 'notes.txt'), spelled('Scratch notes in {work}/notes.\n'));
    execFileSync('git', ['init', '--quiet'], { cwd: planted, stdio: 'ignore' });
    execFileSync('git', ['add', 'README.md', 'docs', 'logo.png'], { cwd: planted });

    expect(scanRepository(planted)).toEqual([
      spelled(
        'docs/guide.md:3: "../../{shared}/samples/README.md" climbs out of the repository (it resolves to ../{shared}/samples/README.md from the root)',
      ),
      'docs/inside.md:1: links to docs/old.md, which is not a tracked file or folder',
    ]);
  });
});
