import { describe, expect, it } from 'vitest';
import { formatIceServers, parseIceServers } from './ice-server-lines';

describe('ICE server lines', () => {
  it('reads one server per line, with or without credentials, and writes them back the same', () => {
    const text = 'turn:turn.example.org:3478 ana s3cret\n\n  stun:stun.example.org  ';
    const parsed = parseIceServers(text);
    expect(parsed).toEqual({
      servers: [
        { urls: 'turn:turn.example.org:3478', username: 'ana', credential: 's3cret' },
        { urls: 'stun:stun.example.org' },
      ],
    });
    expect('servers' in parsed && formatIceServers(parsed.servers)).toBe(
      'turn:turn.example.org:3478 ana s3cret\nstun:stun.example.org',
    );
  });

  it('names the line that is wrong', () => {
    expect(parseIceServers('stun:ok.example\nhttps://nope.example')).toEqual({
      error: 'Line 2: not a stun:, turn: or turns: address.',
    });
    const missingCredential = parseIceServers('turn:turn.example.org ana');
    expect('error' in missingCredential && missingCredential.error).toMatch(/^Line 1/);
    expect(parseIceServers(Array.from({ length: 9 }, () => 'stun:s.example').join('\n'))).toEqual({
      error: 'At most 8 servers.',
    });
  });
});
