// Proves the layer rules bite: each forbidden import below must fail lint with the layer rule,
// and each allowed one must pass. Runs the same rules the project config uses.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layerRules } from './layer-rules.js';

const layersOnly = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [{ languageOptions: { parser: tseslint.parser } }, ...layerRules],
});

const lint = async (filePath: string, code: string): Promise<string[]> => {
  const [result] = await layersOnly.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
};

describe('layer rules', () => {
  it.each([
    ['renderer/src/fixture.ts', "import { buildWindowOptions } from '../../electron/main/window-options';"],
    ['renderer/src/fixture.ts', "import { app } from 'electron';"],
    ['renderer/src/fixture.ts', "import { readFile } from 'node:fs/promises';"],
    ['renderer/src/fixture.ts', "import { createHash } from 'crypto';"],
    ['renderer/src/fixture.ts', "import { startSignalingServer } from '../../signaling-server/server';"],
    ['shared/fixture.ts', "import { App } from '../renderer/src/App';"],
    ['shared/fixture.ts', "import { randomBytes } from 'node:crypto';"],
    ['shared/fixture.ts', "import { useState } from 'react';"],
    ['shared/fixture.ts', "import { startSignalingServer } from '../signaling-server/server';"],
    ['signaling-server/fixture.ts', "import { connectHost } from '../renderer/src/host/connect-host';"],
    ['signaling-server/fixture.ts', "import { BrowserWindow } from 'electron';"],
    ['electron/main/fixture.ts', "import { App } from '../../renderer/src/App';"],
  ])('rejects in %s: %s', async (filePath, code) => {
    const messages = await lint(filePath, code);
    expect(messages.some((m) => /no-restricted-(paths|imports)/.test(m))).toBe(true);
  });

  it.each([
    ['renderer/src/fixture.ts', "import { hostContract } from '../../shared/host/host-contract';"],
    ['renderer/src/fixture.ts', "import { useState } from 'react';"],
    ['shared/fixture.ts', "import { ok } from './result';"],
    ['shared/fixture.ts', "import { z } from 'zod';"],
    ['shared/fixture.ts', "import type { WebCryptoPort } from './crypto/web-crypto-port';"],
    ['signaling-server/fixture.ts', "import { ok } from '../shared/result';"],
    ['signaling-server/fixture.ts', "import { createServer } from 'node:http';"],
    ['electron/main/fixture.ts', "import { app } from 'electron';"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await lint(filePath, code)).toEqual([]);
  });

  it('is part of the project lint config for every layer', async () => {
    const project = new ESLint();
    for (const file of [
      'renderer/src/App.tsx',
      'shared/result.ts',
      'signaling-server/server.ts',
      'electron/main/fixture.ts',
    ]) {
      const effective = (await project.calculateConfigForFile(file)) as { rules: Record<string, unknown> };
      expect(effective.rules['import-x/no-restricted-paths'], file).toBeDefined();
    }
  });
});
