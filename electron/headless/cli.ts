// `parley-node`: a Parley peer on the command line, for scripts and bots. Its identity lives in a vault file
// sealed with a passphrase (PARLEY_PASSPHRASE), its messages in a durable store, both in --data.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import { createWebCryptoSuite } from '../../shared/crypto/web-crypto-suite';
import { createPrivilegedServices } from '../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import type { PeerId } from '../../shared/identity/peer-id';
import type { IncomingMessage } from '../../shared/messaging/message-store';
import type { MessengerEvent } from '../../shared/messaging/messenger';
import { systemClock } from '../../shared/ports/clock';
import { createNodeAead } from '../main/crypto/node-aead';
import { createJsonFileStore } from '../main/json-file-store';
import { createPassphraseCipher } from '../main/passphrase-cipher';
import { createSafeStorageIdentityVault } from '../main/safe-storage-identity-vault';
import { openFileMessageStore, type FileMessageStore } from '../main/storage/file-message-store';
import { HELP, parseCommandLine, type Command } from './cli-arguments';
import { createContactList } from './contact-list';
import { withExpiries } from './expiring-store';
import { startHeadlessPeer, type HeadlessPeer } from './headless-peer';
import {
  emptyInbox,
  INBOX_FILE,
  notingReceived,
  openInboxWriter,
  readInbox,
  type InboxWriter,
} from './inbox';

const crypto = webcrypto as unknown as IdentityCryptoPort;

/** 4 once another peer with this identity took over: whatever else then ends the process, it ends with 4. */
let exitCodeWhenReplaced: 4 | null = null;

const fail = (message: string): never => {
  process.stderr.write(`parley-node: ${message}\n`);
  process.exit(exitCodeWhenReplaced ?? 1);
};

const commandLine = parseCommandLine(process.argv.slice(2), { env: process.env, homeDir: homedir() });
if (!commandLine.ok) {
  process.stderr.write(`parley-node: ${commandLine.usage}; see parley-node --help\n`);
  process.exit(2);
}
const { command, settings } = commandLine;
if (command.name === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}
const { dataDir, signalingUrl, realm, timeoutMs } = settings;
const passphrase = process.env.PARLEY_PASSPHRASE;
if (!passphrase || passphrase.length < 8) {
  fail('set PARLEY_PASSPHRASE (at least 8 characters): it seals this peer’s identity');
}
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

const services = createPrivilegedServices({
  appInfo: { name: 'parley-node', version: '0.1.0', host: 'electron', platform: process.platform },
  crypto,
  identityVault: createSafeStorageIdentityVault({
    filePath: path.join(dataDir, 'identity.vault'),
    // No OS keychain here: the vault is sealed with the passphrase.
    cipher: {
      isEncryptionAvailable: () => false,
      encryptString: () => Promise.reject(new Error('no keychain')),
      decryptString: () => Promise.reject(new Error('no keychain')),
    },
    passphrases: createPassphraseCipher(),
    crypto,
  }),
  settingsStore: createJsonFileStore(path.join(dataDir, 'settings.json')),
  defaultSettings: { signalingUrl, theme: 'system', notifications: false, iceServers: [] },
  notifier: { show: () => Promise.resolve(false) },
  unreadBadge: () => undefined,
  sessionSuite: createWebCryptoSuite(crypto, { aead: createNodeAead() }),
  pinnedKeysStore: createJsonFileStore(path.join(dataDir, 'pinned-keys.json')),
  now: () => Date.now(),
});

const contacts = createContactList(path.join(dataDir, 'contacts.json'));

/** Said on stderr, and the command goes on. */
const warn = (message: string): void => {
  process.stderr.write(`parley-node: ${message}\n`);
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const printReceived = ({ message, request }: IncomingMessage): void => {
  print({
    type: 'message',
    id: message.id,
    from: message.from,
    sentAt: message.sentAt,
    kind: message.t,
    body: message.body,
    request,
  });
};

const unlock = async (): Promise<void> => {
  const status = await services.identity.status();
  if (!status.ok || status.value.state === 'empty') {
    fail('no identity yet: run `parley-node init <display name>` first');
  }
  const unlocked = await services.identity.unlock(passphrase ?? '');
  if (!unlocked.ok) {
    fail(unlocked.error.message);
  }
};

/** Another connection of this peer ID took over at the signaling server (see close-codes.ts). */
const isReplaced = (event: MessengerEvent): boolean =>
  event.type === 'signaling' &&
  event.event.type === 'state' &&
  event.event.state.status === 'closed' &&
  event.event.state.replaced === true;

interface PeerSession {
  readonly peer: HeadlessPeer;
  readonly store: FileMessageStore;
  /** Every messenger event, as a CustomEvent named 'event'. */
  readonly events: EventTarget;
  /** listen: what arrived while other commands ran (inbox.ts), to print first. */
  readonly backlog: readonly IncomingMessage[];
}

const inboxFile = path.join(dataDir, INBOX_FILE);

/**
 * Runs a peer until `work` is done, or until another peer with this identity takes over; then stops it. Only
 * `listen` shows what arrives: under any other command, each new message is noted in the inbox for it.
 */
const withPeer = async (
  purpose: 'listen' | 'note arrivals',
  work: (session: PeerSession) => Promise<void>,
): Promise<void> => {
  await unlock();
  const store = await openFileMessageStore(path.join(dataDir, 'messages'));
  // Disappearing messages are erased when they expire, as long as the peer runs (and at once for the past).
  const expiries = withExpiries(store, systemClock, (error) =>
    process.stderr.write(`parley-node: could not erase expired messages: ${describe(error)}\n`),
  );
  const events = new EventTarget();
  let replacedElsewhere: () => void = () => undefined;
  const replaced = new Promise<void>((resolve) => {
    replacedElsewhere = resolve;
  });
  let inbox: InboxWriter | null = null;
  let peer: HeadlessPeer | null = null;
  try {
    // Read before the peer starts, so the backlog is printed before anything that arrives now.
    const backlog = purpose === 'listen' ? await readInbox(inboxFile, store) : [];
    inbox = purpose === 'listen' ? null : await openInboxWriter(inboxFile);
    peer = await startHeadlessPeer({
      services,
      store: inbox ? notingReceived(expiries.store, inbox) : expiries.store,
      signalingUrl,
      ...(realm ? { realm } : {}),
      // Read inside the messenger, where a rejection would go unheard: a damaged list ends the command here.
      contacts: () => contacts.read().catch((error: unknown) => fail(describe(error))),
      onEvent: (event: MessengerEvent) => {
        if (settings.verbose) {
          process.stderr.write(`${JSON.stringify(event)}\n`);
        }
        events.dispatchEvent(new CustomEvent('event', { detail: event }));
        if (isReplaced(event)) {
          process.stderr.write(
            'parley-node: another peer with this identity connected to the signaling server; stopping\n',
          );
          exitCodeWhenReplaced = 4;
          replacedElsewhere();
        }
      },
    });
    await Promise.race([work({ peer, store, events, backlog }), replaced]);
  } finally {
    await peer?.stop();
    expiries.stop();
    await inbox?.close();
    await store.close();
  }
  if (exitCodeWhenReplaced !== null) {
    // The unfinished work is abandoned, not awaited: it would only time out against a stopped peer.
    process.exit(exitCodeWhenReplaced);
  }
};

/** Waits until the message with `id` is delivered (true) or failed or timed out (false). */
const waitForDelivery = (events: EventTarget, id: string): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    events.addEventListener('event', (event) => {
      const detail = (event as CustomEvent<MessengerEvent>).detail;
      if (
        detail.type === 'status' &&
        detail.id === id &&
        ['delivered', 'read', 'failed'].includes(detail.status)
      ) {
        clearTimeout(timer);
        resolve(detail.status !== 'failed');
      }
    });
  });

/** If our contact request to `peer` is still open, waits until they accept it or the timeout passes. */
const awaitAcceptance = (events: EventTarget, store: FileMessageStore, peer: PeerId): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    // Listening first, then looking: an acceptance arriving in between is not missed.
    events.addEventListener('event', (event) => {
      const detail = (event as CustomEvent<MessengerEvent>).detail;
      if (detail.type === 'contact' && detail.peer === peer && detail.state === 'accepted') {
        done();
      }
    });
    void store.contactState(peer).then((state) => state !== 'requested-by-me' && done());
  });

const sendAndWait = async (
  send: (peer: HeadlessPeer) => Promise<{ ok: boolean; value?: { id: string }; error?: { message: string } }>,
  /** A request we sent may have been accepted while we were away: its acceptance arrives once connected. */
  awaitAcceptanceOf?: PeerId,
) =>
  withPeer('note arrivals', async ({ peer, store, events }) => {
    if (awaitAcceptanceOf) {
      await awaitAcceptance(events, store, awaitAcceptanceOf);
    }
    const sent = await send(peer);
    if (!sent.ok || !sent.value) {
      fail(sent.error?.message ?? 'refused');
      return;
    }
    const delivered = await waitForDelivery(events, sent.value.id);
    print({ id: sent.value.id, delivered });
    if (!delivered) {
      process.exitCode = 3;
    }
  });

const run = async (command: Exclude<Command, { name: 'help' }>): Promise<void> => {
  switch (command.name) {
    case 'init': {
      const created = await services.identity.create(command.displayName, { passphrase: passphrase ?? '' });
      if (!created.ok) {
        fail(created.error.message);
      } else {
        print({ peerId: created.value.peerId, displayName: created.value.displayName });
      }
      return;
    }
    case 'id': {
      await unlock();
      const current = await services.identity.current();
      print({ peerId: current.ok && current.value ? current.value.peerId : null });
      return;
    }
    case 'add': {
      const { peer: peerId, note } = command;
      await contacts.remember(peerId);
      await sendAndWait((peer) => peer.messenger.requestContact(peerId, note));
      return;
    }
    case 'accept': {
      const { peer: peerId } = command;
      await contacts.remember(peerId);
      await sendAndWait((peer) => peer.messenger.acceptContact(peerId));
      return;
    }
    case 'send': {
      const { peer: peerId, text } = command;
      await sendAndWait((peer) => peer.messenger.sendText(peerId, text), peerId);
      return;
    }
    case 'react': {
      const { peer: peerId, message, emoji } = command;
      await sendAndWait((peer) => peer.messenger.react(peerId, message, emoji));
      return;
    }
    case 'contacts': {
      const store = await openFileMessageStore(path.join(dataDir, 'messages'));
      for (const peerId of await contacts.read()) {
        print({ peerId, state: await store.contactState(peerId) });
      }
      await store.close();
      return;
    }
    case 'listen':
      await withPeer('listen', async ({ peer, store, events, backlog }) => {
        const interrupted = new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        const accept = async (from: PeerId): Promise<void> => {
          try {
            await contacts.remember(from);
            const accepted = await peer.messenger.acceptContact(from);
            if (!accepted.ok) {
              warn(`could not accept ${from}: ${accepted.error.message}`);
            }
          } catch (error) {
            warn(`could not accept ${from}: ${describe(error)}`);
          }
        };
        print({ listening: peer.peerId });
        backlog.forEach(printReceived);
        events.addEventListener('event', (event) => {
          const detail = (event as CustomEvent<MessengerEvent>).detail;
          if (detail.type === 'received') {
            printReceived(detail.incoming);
            if (settings.autoAccept && detail.incoming.message.t === 'contact-request') {
              void accept(detail.incoming.message.from);
            }
          } else if (detail.type === 'connection' || detail.type === 'contact' || detail.type === 'refused') {
            print(detail);
          }
        });
        if (settings.autoAccept) {
          for (const { message } of backlog) {
            if (
              message.t === 'contact-request' &&
              (await store.contactState(message.from)) === 'requested-by-them'
            ) {
              await accept(message.from);
            }
          }
        }
        // Only now: had this stopped before, the next listen would print them again rather than never.
        await emptyInbox(inboxFile);
        await interrupted;
      });
      return;
  }
};

try {
  await run(command);
} catch (error) {
  // A store in use or damaged, a file that cannot be written: said in one line, not as a stack trace.
  fail(describe(error));
}
process.exit(process.exitCode ?? 0);
