// A single JSON document persisted by the host (settings, window state). Values are validated by the reader.
export interface DocumentStore {
  read(): Promise<unknown>;
  write(value: unknown): Promise<void>;
}
