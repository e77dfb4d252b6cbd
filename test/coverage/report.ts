// The last step of `npm run coverage` (test/coverage/run.sh): merges what the end-to-end, unit and
// integration runs added with every app file no test loaded, writes the HTML report to coverage/
// and prints lines and branches per app folder.
import { CoverageReport, type CoverageFile } from 'monocart-coverage-reports';
import { APP_FOLDERS, COVERAGE_DIR, coverageOptions } from './options';

interface Count {
  covered: number;
  total: number;
}

const ALL_FOUR = 'all four';
/** The bar each folder is held to (docs/ARCHITECTURE.md says which code cannot run here, and why). */
const LINES_TARGET = 90;
const FILES_LISTED = 10;

const percent = ({ covered, total }: Count) => (total === 0 ? '   n/a' : `${((100 * covered) / total).toFixed(1).padStart(5)}%`);

function countByFolder(files: CoverageFile[]): Map<string, { lines: Count; branches: Count }> {
  const counts = new Map(
    [...APP_FOLDERS.map((folder) => `${folder}/`), ALL_FOUR].map((name) => [
      name,
      { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } },
    ]),
  );
  for (const { sourcePath, summary } of files) {
    const folder = `${sourcePath.split('/')[0]}/`;
    for (const count of [counts.get(folder), counts.get(ALL_FOUR)]) {
      if (!count) continue;
      count.lines.covered += summary.lines.covered;
      count.lines.total += summary.lines.total;
      count.branches.covered += summary.branches.covered;
      count.branches.total += summary.branches.total;
    }
  }
  return counts;
}

const results = await new CoverageReport(coverageOptions).generate();
if (!results) throw new Error('No coverage was recorded: run it through `npm run coverage`.');

console.log('\nCoverage of the end-to-end, unit and integration tests together');
console.log(`  ${'folder'.padEnd(12)}  lines  branches`);
for (const [name, { lines, branches }] of countByFolder(results.files)) {
  console.log(`  ${name.padEnd(12)} ${percent(lines)}   ${percent(branches)}`);
}
const counts = countByFolder(results.files);
for (const [name, { lines }] of counts) {
  if (name === ALL_FOUR || lines.total === 0 || (100 * lines.covered) / lines.total >= LINES_TARGET) continue;
  console.log(`\n${name} is under ${LINES_TARGET}% of lines; the files with the most lines left:`);
  const files = results.files
    .filter((file) => file.sourcePath.startsWith(name))
    .map((file) => ({ path: file.sourcePath, left: file.summary.lines.total - file.summary.lines.covered, lines: file.summary.lines }))
    .filter((file) => file.left > 0)
    .sort((a, b) => b.left - a.left)
    .slice(0, FILES_LISTED);
  for (const file of files)
    console.log(`  ${String(file.left).padStart(5)} of ${String(file.lines.total).padEnd(5)} ${percent(file.lines)}  ${file.path}`);
}
console.log(`\nHTML report: ${COVERAGE_DIR}/index.html`);
