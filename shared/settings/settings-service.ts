// Settings: the host's defaults with the user's choices on top. Only the user's choices are stored, so a
// changed default (such as the signaling server `npm start` launched) still applies to what they never set.
import type { DocumentStore } from '../ports/document-store';
import { ok, type Result } from '../result';
import { SettingsPatchSchema, SettingsSchema, type Settings, type SettingsPatch } from './settings-schema';

export interface SettingsService {
  get(): Promise<Result<Settings>>;
  update(patch: SettingsPatch): Promise<Result<Settings>>;
}

export const createSettingsService = (deps: {
  readonly store: DocumentStore;
  readonly defaults: Settings;
}): SettingsService => {
  // A stored choice that no longer fits the schema (an older version, a damaged file) counts as not made; the
  // others stand (one stale field must not reset, say, the retention the user chose).
  const readChoices = async (): Promise<SettingsPatch> => {
    const stored = await deps.store.read();
    const whole = SettingsPatchSchema.safeParse(stored);
    if (whole.success) {
      return whole.data;
    }
    if (typeof stored !== 'object' || stored === null) {
      return {};
    }
    const kept = Object.fromEntries(
      Object.entries(stored as Record<string, unknown>).filter(
        ([key, value]) => SettingsPatchSchema.safeParse({ [key]: value }).success,
      ),
    );
    return SettingsPatchSchema.parse(kept);
  };
  return {
    async get() {
      return ok(SettingsSchema.parse({ ...deps.defaults, ...(await readChoices()) }));
    },
    async update(patch) {
      const choices = { ...(await readChoices()), ...patch };
      const next = SettingsSchema.parse({ ...deps.defaults, ...choices });
      await deps.store.write(choices);
      return ok(next);
    },
  };
};
