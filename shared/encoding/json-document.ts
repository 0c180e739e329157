// Untrusted JSON documents (backup files, archives) read the same way everywhere: a size cap before parsing,
// JSON.parse, then the schema, with the first problem named in words a user can act on.
import type { z } from 'zod';

/** "path: message" of a schema error's first issue; `whole` stands in for an empty path (the value itself). */
export const firstIssue = (error: z.ZodError, whole = 'document'): string => {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : whole;
  return `${where}: ${issue?.message ?? 'invalid'}`;
};

export type JsonDocumentResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Parses `text` as JSON of at most `maxChars` characters that `schema` accepts; never throws. */
export const parseJsonDocument = <S extends z.ZodType>(
  text: string,
  schema: S,
  maxChars: number,
): JsonDocumentResult<z.infer<S>> => {
  if (text.length > maxChars) {
    return { ok: false, reason: 'the file is too large' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the file is not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: firstIssue(parsed.error) };
};
