// The command line of `parley-node`: its help text, and argv (with the environment's defaults) parsed into one
// command and its settings, or into the usage mistake to report (exit code 2) rather than a stack trace.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PeerIdSchema, type PeerId } from '../../shared/identity/peer-id';
import { isReactionEmoji, MessageIdSchema, type MessageId } from '../../shared/messaging/message-format';

export const HELP = `parley-node: a Parley peer on the command line

Usage: parley-node [options] <command>

Commands:
  init <display name>     create this peer's identity (once)
  id                      print this peer's ID
  add <peerId> [note]     ask a peer to become a contact (waits until it is delivered)
  accept <peerId>         accept a peer's contact request
  send <peerId> <text>    send a message and wait until it is delivered (it stays queued otherwise);
                          a text that starts with '-' goes after '--': send <peerId> -- -1
  react <peerId> <messageId> [emoji]
                          react to a text of that conversation (theirs or ours) with one emoji, or
                          take our reaction back when none is given; waits until it is delivered
  listen                  print incoming messages and events as JSON lines until interrupted, starting
                          with those that arrived while add, accept, send or react ran (see below)
  contacts                list peers and their contact state

Options:
  --data <dir>       where the identity and messages live (PARLEY_DATA, default ~/.parley-node)
  --signal <url>     the signaling server (PARLEY_SIGNAL, default ws://127.0.0.1:7420/signal)
  --realm <name>     the realm on that server (PARLEY_REALM, default "default")
  --timeout <ms>     how long add, accept, send and react wait for delivery, in milliseconds: a whole number
                     (default 30000)
  --auto-accept      listen: accept every contact request, also one among those that arrived before
  --verbose          print every engine and connection event to stderr as JSON lines
  --help

The identity is sealed with the passphrase in PARLEY_PASSPHRASE (at least 8 characters).

add, accept, send and react are online while they run, so messages reach them too: each is noted in inbox.jsonl in
the data folder before it is stored and acknowledged. The next listen prints those first, in the same JSON
lines, then empties the file (if it stops before that, the next one prints them again).

Exit codes: 0 done, 1 error (printed as "parley-node: <message>"), 2 usage (an unknown command or
option, an argument missing or malformed), 3 not delivered in time, 4 another peer with this identity
connected to the signaling server (this one stops rather than take the identity back; run one peer
per identity).
`;

export type Command =
  | { readonly name: 'help' }
  | { readonly name: 'init'; readonly displayName: string }
  | { readonly name: 'id' }
  | { readonly name: 'add'; readonly peer: PeerId; readonly note: string | undefined }
  | { readonly name: 'accept'; readonly peer: PeerId }
  | { readonly name: 'send'; readonly peer: PeerId; readonly text: string }
  | { readonly name: 'react'; readonly peer: PeerId; readonly message: MessageId; readonly emoji: string }
  | { readonly name: 'listen' }
  | { readonly name: 'contacts' };

export interface CliSettings {
  readonly dataDir: string;
  readonly signalingUrl: string;
  readonly realm: string | undefined;
  readonly timeoutMs: number;
  readonly autoAccept: boolean;
  readonly verbose: boolean;
}

export type ParsedCommandLine =
  | { readonly ok: true; readonly command: Command; readonly settings: CliSettings }
  | { readonly ok: false; readonly usage: string };

export interface CommandLineEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
}

/** The longest wait a Node timer keeps: a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

class UsageMistake extends Error {}

const usage = (message: string): never => {
  throw new UsageMistake(message);
};

const peerArgument = (value: string | undefined): PeerId => {
  if (value === undefined) {
    return usage('a peer ID is missing');
  }
  const parsed = PeerIdSchema.safeParse(value);
  return parsed.success ? parsed.data : usage(`not a peer ID: ${value} (32 characters a-z and 2-7)`);
};

const noMore = (command: string, extra: readonly string[]): void => {
  if (extra.length > 0) {
    usage(`too many arguments for ${command}: ${extra.join(' ')}`);
  }
};

const commandFrom = (positionals: readonly string[]): Command => {
  const [name, ...rest] = positionals;
  switch (name) {
    case 'init': {
      const displayName = rest.join(' ').trim();
      return displayName ? { name, displayName } : usage('init needs a display name: init <display name>');
    }
    case 'id':
    case 'listen':
    case 'contacts':
      noMore(name, rest);
      return { name };
    case 'add':
      return { name, peer: peerArgument(rest[0]), note: rest.slice(1).join(' ') || undefined };
    case 'accept':
      noMore(name, rest.slice(1));
      return { name, peer: peerArgument(rest[0]) };
    case 'send': {
      const peer = peerArgument(rest[0]);
      const text = rest.slice(1).join(' ');
      return text ? { name, peer, text } : usage('send needs a text: send <peerId> <text>');
    }
    case 'react': {
      noMore(name, rest.slice(3));
      const peer = peerArgument(rest[0]);
      const [id, emoji = ''] = rest.slice(1);
      if (id === undefined) {
        return usage('react needs a message ID: react <peerId> <messageId> [emoji]');
      }
      const message = MessageIdSchema.safeParse(id);
      if (!message.success) {
        return usage(`not a message ID: ${id}`);
      }
      return emoji === '' || isReactionEmoji(emoji)
        ? { name, peer, message: message.data, emoji }
        : usage(`not one emoji: ${emoji}`);
    }
    case undefined:
      return usage('no command');
    default:
      return usage(`unknown command ${name}`);
  }
};

const timeoutFrom = (value: string | undefined): number => {
  if (value === undefined) {
    return 30_000;
  }
  // Number() alone takes '30s' as NaN (a wait that ends at once), '' as 0 and '1e3' as 1000.
  const ms = /^\d+$/.test(value) ? Number(value) : NaN;
  return ms <= MAX_TIMEOUT_MS
    ? ms
    : usage(`--timeout takes milliseconds, a whole number up to ${MAX_TIMEOUT_MS}: not ${value}`);
};

export const parseCommandLine = (
  argv: readonly string[],
  { env, homeDir }: CommandLineEnvironment,
): ParsedCommandLine => {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: {
          data: { type: 'string' },
          signal: { type: 'string' },
          realm: { type: 'string' },
          timeout: { type: 'string' },
          'auto-accept': { type: 'boolean' },
          verbose: { type: 'boolean' },
          help: { type: 'boolean' },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      // parseArgs throws only for the command line's own mistakes (ERR_PARSE_ARGS_*), in words for the user.
      return usage(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    const command: Command = values.help ? { name: 'help' } : commandFrom(positionals);
    return {
      ok: true,
      command,
      settings: {
        dataDir: values.data ?? env.PARLEY_DATA ?? path.join(homeDir, '.parley-node'),
        signalingUrl: values.signal ?? env.PARLEY_SIGNAL ?? 'ws://127.0.0.1:7420/signal',
        realm: values.realm ?? env.PARLEY_REALM,
        timeoutMs: timeoutFrom(values.timeout),
        autoAccept: values['auto-accept'] ?? false,
        verbose: values.verbose ?? false,
      },
    };
  } catch (error) {
    if (error instanceof UsageMistake) {
      return { ok: false, usage: error.message };
    }
    throw error;
  }
};
