// electron-builder.yml is checked the way `electron-builder` itself checks it: its own loader and its own
// JSON-schema validation (app-builder-lib), so a typo fails here instead of at packaging time.
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const quietDebugLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<
  typeof validateConfiguration
>[1];

const loadConfig = (): Promise<Configuration> => getConfig(projectDir, 'electron-builder.yml', null);
const validate = (config: Configuration) => validateConfiguration(config, quietDebugLogger);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validate(await loadConfig())).resolves.toBeUndefined();
  });

  it('rejects an unknown option, so the check above is not vacuous', async () => {
    const config = await loadConfig();
    await expect(validate({ ...config, notAnElectronBuilderOption: true } as Configuration)).rejects.toThrow(
      /notAnElectronBuilderOption/,
    );
    const misspelt = { ...config, linux: { ...config.linux, categroy: 'Network' } } as Configuration;
    await expect(validate(misspelt)).rejects.toThrow(/configuration\.linux/);
  });

  it('packages the electron-vite output as Parley with the parley:// scheme', async () => {
    const config = await loadConfig();
    expect(config).toMatchObject({
      appId: 'org.parley.desktop',
      productName: 'Parley',
      directories: { output: 'dist' },
      protocols: [{ name: 'Parley', schemes: ['parley'] }],
    });
    // The tray icon travels with the app, where trayIconPath looks for it.
    expect(config.extraResources).toEqual([{ from: 'build/icon.png', to: 'icon.png' }]);
    // The loader normalizes `files` into file sets.
    expect(config.files).toEqual([{ filter: ['out/**', '!out/web/**', '!out/**/*.map'] }]);
  });

  it('builds AppImage and deb, NSIS and dmg, with a deb maintainer', async () => {
    const config = await loadConfig();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.linux?.category).toBeTruthy();
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('takes the Electron version from the installed devDependency rather than pinning its own', async () => {
    expect((await loadConfig()).electronVersion).toBeUndefined();
  });

  it('flips the fuses that would turn the packaged app into a general-purpose Node runtime', async () => {
    expect((await loadConfig()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
