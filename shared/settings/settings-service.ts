// Settings: read with defaults filled in, update by validated patch. Corrupt stored data falls back to defaults.
import type { DocumentStore } from '../ports/document-store';
import { ok, type Result } from '../result';
import { SettingsSchema, type Settings, type SettingsPatch } from './settings-schema';

export interface SettingsService {
  get(): Promise<Result<Settings>>;
  update(patch: SettingsPatch): Promise<Result<Settings>>;
}

export const createSettingsService = (deps: {
  readonly store: DocumentStore;
  readonly defaults: Settings;
}): SettingsService => {
  const read = async (): Promise<Settings> => {
    const stored = SettingsSchema.partial().safeParse(await deps.store.read());
    return { ...deps.defaults, ...(stored.success ? stored.data : {}) };
  };
  return {
    async get() {
      return ok(await read());
    },
    async update(patch) {
      const next = SettingsSchema.parse({ ...(await read()), ...patch });
      await deps.store.write(next);
      return ok(next);
    },
  };
};
