// The STUN/TURN servers setting as text, one server per line: `address [username credential]`, for example
// `turn:turn.example.org:3478 ana s3cret` or `stun:stun.example.org`. Parsed and checked against the settings
// schema before it is saved.
import { UserIceServerSchema } from '../../../shared/settings/settings-schema';
import type { IceServer } from '../../../shared/signaling/signaling-frames';

export const formatIceServers = (servers: readonly IceServer[]): string =>
  servers
    .map((server) =>
      [
        ...(Array.isArray(server.urls) ? server.urls : [server.urls]).slice(0, 1),
        ...(server.username === undefined ? [] : [server.username, server.credential ?? '']),
      ].join(' '),
    )
    .join('\n');

export const parseIceServers = (
  text: string,
): { readonly servers: IceServer[] } | { readonly error: string } => {
  const servers: IceServer[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      continue;
    }
    if (words.length !== 1 && words.length !== 3) {
      return {
        error: `Line ${String(index + 1)}: an address, optionally followed by a username and a credential.`,
      };
    }
    const [urls = '', username, credential] = words;
    const parsed = UserIceServerSchema.safeParse(
      username === undefined ? { urls } : { urls, username, credential },
    );
    if (!parsed.success) {
      return { error: `Line ${String(index + 1)}: not a stun:, turn: or turns: address.` };
    }
    servers.push(parsed.data);
  }
  return servers.length > 8 ? { error: 'At most 8 servers.' } : { servers };
};
