import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIssue, parseJsonDocument } from './json-document';

const Schema = z.strictObject({ name: z.string().min(1), items: z.array(z.number().int()) });

describe('parseJsonDocument', () => {
  it('returns the value a schema accepts', () => {
    expect(parseJsonDocument('{"name":"a","items":[1,2]}', Schema, 100)).toEqual({
      ok: true,
      value: { name: 'a', items: [1, 2] },
    });
  });

  it('refuses a file over the size cap before parsing it', () => {
    expect(parseJsonDocument(`{"name":"${'a'.repeat(200)}","items":[]}`, Schema, 100)).toEqual({
      ok: false,
      reason: 'the file is too large',
    });
  });

  it('names what is wrong: not JSON, or the first field the schema refuses', () => {
    expect(parseJsonDocument('{"name":', Schema, 100)).toEqual({ ok: false, reason: 'the file is not JSON' });
    const wrong = parseJsonDocument('{"name":"a","items":[1,"two"]}', Schema, 100);
    expect(!wrong.ok && wrong.reason).toMatch(/^items\.1: /);
    const notObject = parseJsonDocument('[]', Schema, 100);
    expect(!notObject.ok && notObject.reason).toMatch(/^document: /);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const result = parseJsonDocument(text, Schema, 1_000);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

describe('firstIssue', () => {
  it('uses the given word for a problem with the value as a whole', () => {
    const parsed = Schema.safeParse(7);
    expect(!parsed.success && firstIssue(parsed.error, 'bundle')).toMatch(/^bundle: /);
  });
});
