// The command line of parley-node read into a command and its settings, or into the mistake to report.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './cli-arguments';

const PEER = 'a'.repeat(32);
const home = { env: {}, homeDir: '/home/bot' };

describe('parseCommandLine', () => {
  it('reads a command with its arguments, and the defaults for every setting', () => {
    expect(parseCommandLine(['send', PEER, 'build', 'passed'], home)).toEqual({
      ok: true,
      command: { name: 'send', peer: PEER, text: 'build passed' },
      settings: {
        dataDir: '/home/bot/.parley-node',
        signalingUrl: 'ws://127.0.0.1:7420/signal',
        realm: undefined,
        timeoutMs: 30_000,
        autoAccept: false,
        verbose: false,
      },
    });
  });

  it('takes a text starting with a dash after --', () => {
    expect(parseCommandLine(['send', PEER, '--', '-1'], home)).toMatchObject({
      ok: true,
      command: { name: 'send', peer: PEER, text: '-1' },
    });
  });

  it('reads a reaction, or its taking back when no emoji is given', () => {
    const id = '01900000-0000-7000-8000-000000000001';
    expect(parseCommandLine(['react', PEER, id, '👍'], home)).toMatchObject({
      ok: true,
      command: { name: 'react', peer: PEER, message: id, emoji: '👍' },
    });
    expect(parseCommandLine(['react', PEER, id], home)).toMatchObject({
      ok: true,
      command: { name: 'react', peer: PEER, message: id, emoji: '' },
    });
  });

  it('prefers options to the environment', () => {
    const env = { PARLEY_DATA: '/srv/env', PARLEY_SIGNAL: 'ws://env/signal', PARLEY_REALM: 'env' };
    expect(parseCommandLine(['--data', '/srv/bot', 'listen'], { env, homeDir: '/' })).toMatchObject({
      ok: true,
      settings: { dataDir: '/srv/bot', signalingUrl: 'ws://env/signal', realm: 'env' },
    });
  });

  it('reads --timeout in whole milliseconds', () => {
    expect(parseCommandLine(['--timeout', '0', 'listen'], home)).toMatchObject({
      ok: true,
      settings: { timeoutMs: 0 },
    });
    expect(parseCommandLine(['--timeout', '120000', 'listen'], home)).toMatchObject({
      ok: true,
      settings: { timeoutMs: 120_000 },
    });
  });

  it.each(['30s', '', '-5', '1.5', '1e3', ' 30', '0x10', '2147483648'])(
    'refuses --timeout %j as a usage mistake',
    (timeout) => {
      const parsed = parseCommandLine([`--timeout=${timeout}`, 'listen'], home);
      expect(parsed.ok ? parsed.settings.timeoutMs : parsed.usage).toMatch(/--timeout takes milliseconds/);
    },
  );

  it('reads --help whatever else is there', () => {
    expect(parseCommandLine(['frobnicate', '--help'], home)).toMatchObject({
      ok: true,
      command: { name: 'help' },
    });
  });

  it.each([
    [['listen', '--bogus'], /Unknown option '--bogus'/],
    [['send', PEER, '-1'], /Unknown option '-1'/],
    [['frobnicate'], /unknown command frobnicate/],
    [[], /no command/],
    [['init'], /init needs a display name/],
    [['accept'], /a peer ID is missing/],
    [['accept', PEER, 'now'], /too many arguments for accept: now/],
    [['add', 'bob'], /not a peer ID: bob/],
    [['send', PEER], /send needs a text/],
    [['react', PEER], /react needs a message ID/],
    [['react', PEER, 'm1', '👍'], /not a message ID: m1/],
    [['react', PEER, '01900000-0000-7000-8000-000000000001', 'yes'], /not one emoji: yes/],
    [['react', PEER, '01900000-0000-7000-8000-000000000001', '👍', 'x'], /too many arguments for react: x/],
  ])('refuses %j as a usage mistake', (argv, message) => {
    const parsed = parseCommandLine(argv, home);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.usage).toMatch(message);
  });
});
