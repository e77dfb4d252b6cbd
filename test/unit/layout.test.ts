import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layering rules of docs/ARCHITECTURE.md', () => {
  it.each([
    ['common/x.ts', "import { readFile } from 'node:fs';"],
    ['common/x.ts', "import path from 'path';"],
    ['common/x.ts', "import { app } from 'electron';"],
    ['common/x.ts', "import { request } from 'undici';"],
    ['common/x.ts', "import { createLogger } from '../main/log';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import { createServices } from '../../main/services';"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['main/api/x.ts', "import { app } from 'electron';"],
    ['main/api/x.ts', "import type { App } from 'electron';"],
    ['main/x.ts', "import { App } from '../renderer/src/App';"],
    ['preload/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/src/features/live/x.tsx', "import { SelectField } from '../import/SelectField';"],
    ['renderer/src/features/devices/x.ts', "import { ipcRenderer } from 'electron';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await layerErrors(file, `${code}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['preload/x.ts', "import { contextBridge } from 'electron';"],
    ['main/api/x.ts', "import { request } from 'undici';"],
    ['main/preview/x.ts', "import { CONTENT_SECURITY_POLICY } from '../electron/security-policy';"],
    ['renderer/src/x.ts', "import type { AudianApi } from '../../common/ipc/api';"],
    ['common/ipc/x.ts', "import type { EventName } from './events';"],
    ['renderer/src/features/live/x.tsx', "import { SelectField } from '../../components/SelectField';"],
    ['renderer/src/features/live/x.tsx', "import { LiveList } from './LiveList';"],
  ])('%s may: %s', async (file, code) => {
    expect(await layerErrors(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
