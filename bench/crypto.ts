// `npm run bench:crypto`: throughput of the session record layer against raw AES-256-GCM of the same platform
// (the baseline, measured in the same run and interleaved with it), node-forge's AES-GCM (where the design
// started) and the WebCrypto suite (the browser path), plus the time of a full handshake between two RSA-3072
// identities. Prints a table and writes bench/results/crypto.json with pass/fail for the performance goals.
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, webcrypto } from 'node:crypto';
import { platform, arch } from 'node:os';
import forge from 'node-forge';
import { createNodeAead } from '../electron/main/crypto/node-aead';
import type { CryptoSuite } from '../shared/crypto/crypto-suite';
import type { WebCryptoPort } from '../shared/crypto/web-crypto-port';
import { createWebCryptoSuite } from '../shared/crypto/web-crypto-suite';
import type { HandshakeIdentity } from '../shared/session/handshake';
import { establishSessionPair } from '../shared/testing/session-pair';
import { createTestIdentity } from '../shared/testing/test-identity';
import { machineInfo } from './machine-info';
import { writeResultsFile } from './results-file';
import { median, percentile, round1 } from './statistics';
import { count, table } from './text-table';

const SIZES = [
  { key: '256B', label: '256 B', bytes: 256 },
  { key: '16KiB', label: '16 KiB', bytes: 16 * 1024 },
  { key: '1MiB', label: '1 MiB', bytes: 1024 * 1024 },
] as const;
type SizeKey = (typeof SIZES)[number]['key'];

/**
 * Session and raw alternate in rounds (ABBA order, so drift cancels) and the ratio is the median of the
 * per-round ratios: on a shared VM the machine's speed can wander by tens of percent within seconds.
 */
const ROUNDS = 6;
const ROUND_MS = 500;
const WARMUP_MS = 300;
/** node-forge is ~50x slower: one shorter round, but at least a few operations even at 1 MiB. */
const FORGE_MS = 700;
const WEBCRYPTO_MS = 800;
const MIN_OPS = 5;
const HANDSHAKE_WARMUP = 10;
const HANDSHAKE_RUNS = 200;
const CONVERSATION_ID = '6f1c2e4a-8d3b-4c5e-9a7f-0b1d2c3e4f5a';

const GOALS = {
  sessionVsRawAtLarge: 0.8,
  smallRecordOpsPerSec: 20_000,
  handshakeMedianMs: 10,
} as const;

const crypto = webcrypto as unknown as WebCryptoPort;
const nodeSuite = createWebCryptoSuite(crypto, { aead: createNodeAead() });
const webSuite = createWebCryptoSuite(crypto);

type Operation = () => Promise<void> | void;

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `op` back to back for at least `durationMs` (and `minOps` times); returns operations per second. */
const opsPerSecond = async (op: Operation, durationMs: number, minOps = 1): Promise<number> => {
  const start = nowMs();
  let ops = 0;
  let elapsed = 0;
  while (elapsed < durationMs || ops < minOps) {
    await op();
    ops += 1;
    elapsed = nowMs() - start;
  }
  return (ops * 1000) / elapsed;
};

/** One seal+open through an established session pair, checking that the plaintext survived. */
const sessionRoundTrip = async (suite: CryptoSuite, alice: HandshakeIdentity, bob: HandshakeIdentity) => {
  const pair = await establishSessionPair(suite, alice, bob);
  return async (plaintext: Uint8Array): Promise<void> => {
    const sealed = await pair.initiator.cipher.seal(plaintext, CONVERSATION_ID);
    if (!sealed.ok) {
      throw new Error(`seal failed: ${sealed.error.code}`);
    }
    const opened = await pair.responder.cipher.open(sealed.value);
    if (!opened.ok || opened.value.plaintext.length !== plaintext.length) {
      throw new Error(`open failed: ${opened.ok ? 'length mismatch' : opened.error.code}`);
    }
  };
};

/**
 * The baseline: node:crypto AES-256-GCM with no framing at all — a fresh (counter) nonce, encrypt, tag, then
 * decrypt and verify the tag. No associated data and no concatenation, so it is the least work an AEAD user can do.
 */
const rawRoundTrip = () => {
  const key = createSecretKey(randomBytes(32));
  const nonce = Buffer.alloc(12);
  let counter = 0;
  return (plaintext: Uint8Array): void => {
    counter += 1;
    nonce.writeUIntBE(counter, 6, 6);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    const body = cipher.update(plaintext);
    cipher.final();
    const tag = cipher.getAuthTag();
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    decipher.setAuthTag(tag);
    const opened = decipher.update(body);
    decipher.final();
    if (opened.length !== plaintext.length) {
      throw new Error('raw AES-GCM round trip lost bytes');
    }
  };
};

/**
 * The floor for any record layer over node:crypto: the same AES-256-GCM with a record's worth of associated
 * data (15-byte fixed header, a 36-byte conversation ID and two 37-byte peer IDs) and the ciphertext written
 * behind its cleartext header in one buffer, as a record must travel, then opened. No header coding, replay
 * window or key schedule: what is left between this and the session is the session's own bookkeeping.
 */
const FRAMED_HEADER_BYTES = 15 + 36;
const FRAMED_AAD_BYTES = FRAMED_HEADER_BYTES + 37 + 37;
const framedRoundTrip = () => {
  const key = createSecretKey(randomBytes(32));
  const nonce = Buffer.alloc(12);
  const aad = randomBytes(FRAMED_AAD_BYTES);
  let counter = 0;
  return (plaintext: Uint8Array): void => {
    counter += 1;
    nonce.writeUIntBE(counter, 6, 6);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    cipher.setAAD(aad);
    const record = Buffer.allocUnsafeSlow(FRAMED_HEADER_BYTES + plaintext.length + 16);
    aad.copy(record, 0, 0, FRAMED_HEADER_BYTES);
    record.set(cipher.update(plaintext), FRAMED_HEADER_BYTES);
    cipher.final();
    record.set(cipher.getAuthTag(), FRAMED_HEADER_BYTES + plaintext.length);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const opened = decipher.update(record.subarray(FRAMED_HEADER_BYTES, record.length - 16));
    decipher.final();
    if (opened.length !== plaintext.length) {
      throw new Error('framed AES-GCM round trip lost bytes');
    }
  };
};

/** node-forge's pure-JS AES-GCM over binary strings (its native form, converted once outside the loop). */
const forgeRoundTrip = () => {
  const key = forge.random.getBytesSync(32);
  let counter = 0;
  return (plaintext: string): void => {
    counter += 1;
    const ivBytes = Buffer.alloc(12);
    ivBytes.writeUInt32BE(counter, 8);
    const iv = ivBytes.toString('latin1');
    const cipher = forge.cipher.createCipher('AES-GCM', key);
    cipher.start({ iv, tagLength: 128 });
    cipher.update(forge.util.createBuffer(plaintext, 'raw'));
    cipher.finish();
    const body = cipher.output.getBytes();
    const decipher = forge.cipher.createDecipher('AES-GCM', key);
    decipher.start({ iv, tag: cipher.mode.tag, tagLength: 128 });
    decipher.update(forge.util.createBuffer(body, 'raw'));
    if (!decipher.finish() || decipher.output.length() !== plaintext.length) {
      throw new Error('node-forge AES-GCM round trip failed');
    }
  };
};

const measureHandshakes = async (suite: CryptoSuite, alice: HandshakeIdentity, bob: HandshakeIdentity) => {
  for (let i = 0; i < HANDSHAKE_WARMUP; i += 1) {
    await establishSessionPair(suite, alice, bob);
  }
  const times: number[] = [];
  for (let i = 0; i < HANDSHAKE_RUNS; i += 1) {
    const start = nowMs();
    await establishSessionPair(suite, alice, bob);
    times.push(nowMs() - start);
  }
  return { medianMs: median(times), p95Ms: percentile(times, 0.95), runs: times.length };
};

interface SizeResult {
  readonly bytes: number;
  readonly sessionOpsPerSec: number;
  readonly rawOpsPerSec: number;
  /** Median over rounds of session/raw, each pair measured back to back. */
  readonly ratio: number;
  readonly sessionMiBPerSec: number;
  readonly rawMiBPerSec: number;
  /** AES-GCM with a record's associated data and framing (framedRoundTrip), measured in the same rounds. */
  readonly framedOpsPerSec: number;
  /** Median over rounds of session/framed: the cost of the session's own bookkeeping. */
  readonly sessionVsFramed: number;
  readonly forgeOpsPerSec: number;
  readonly sessionVsForge: number;
  readonly webcryptoSessionOpsPerSec: number;
  readonly webcryptoVsRaw: number;
  readonly rounds: {
    readonly sessionOpsPerSec: number[];
    readonly rawOpsPerSec: number[];
    readonly framedOpsPerSec: number[];
  };
}

const measureSize = async (
  size: (typeof SIZES)[number],
  session: (plaintext: Uint8Array) => Promise<void>,
  web: (plaintext: Uint8Array) => Promise<void>,
): Promise<SizeResult> => {
  const plaintext = new Uint8Array(randomBytes(size.bytes));
  const raw = rawRoundTrip();
  const framed = framedRoundTrip();
  const runRaw = () => opsPerSecond(() => raw(plaintext), ROUND_MS, MIN_OPS);
  const runSession = () => opsPerSecond(() => session(plaintext), ROUND_MS, MIN_OPS);

  await opsPerSecond(() => raw(plaintext), WARMUP_MS);
  await opsPerSecond(() => session(plaintext), WARMUP_MS);
  await opsPerSecond(() => framed(plaintext), WARMUP_MS);
  const rawRounds: number[] = [];
  const sessionRounds: number[] = [];
  const framedRounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      rawRounds.push(await runRaw());
      sessionRounds.push(await runSession());
    } else {
      sessionRounds.push(await runSession());
      rawRounds.push(await runRaw());
    }
    // Right after the session's round (the pair above keeps its ABBA order, on which the goal's ratio rests).
    framedRounds.push(await opsPerSecond(() => framed(plaintext), ROUND_MS, MIN_OPS));
  }

  await opsPerSecond(() => web(plaintext), WARMUP_MS / 2);
  const webOps = await opsPerSecond(() => web(plaintext), WEBCRYPTO_MS, MIN_OPS);
  const forgeOp = forgeRoundTrip();
  const forgePlaintext = Buffer.from(plaintext).toString('latin1');
  forgeOp(forgePlaintext);
  const forgeOps = await opsPerSecond(() => forgeOp(forgePlaintext), FORGE_MS, MIN_OPS);

  const sessionOps = median(sessionRounds);
  const rawOps = median(rawRounds);
  const mib = size.bytes / (1024 * 1024);
  return {
    bytes: size.bytes,
    sessionOpsPerSec: Math.round(sessionOps),
    rawOpsPerSec: Math.round(rawOps),
    ratio: round3(median(sessionRounds.map((ops, round) => ops / (rawRounds[round] ?? Number.NaN)))),
    sessionMiBPerSec: round1(sessionOps * mib),
    rawMiBPerSec: round1(rawOps * mib),
    framedOpsPerSec: Math.round(median(framedRounds)),
    sessionVsFramed: round3(
      median(sessionRounds.map((ops, round) => ops / (framedRounds[round] ?? Number.NaN))),
    ),
    forgeOpsPerSec: round1(forgeOps),
    sessionVsForge: round1(sessionOps / forgeOps),
    webcryptoSessionOpsPerSec: Math.round(webOps),
    webcryptoVsRaw: round3(webOps / rawOps),
    rounds: {
      sessionOpsPerSec: sessionRounds.map(Math.round),
      rawOpsPerSec: rawRounds.map(Math.round),
      framedOpsPerSec: framedRounds.map(Math.round),
    },
  };
};

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

const main = async () => {
  const startedAt = nowMs();
  const [alice, bob] = await Promise.all([createTestIdentity(crypto), createTestIdentity(crypto)]);
  const session = await sessionRoundTrip(nodeSuite, alice, bob);
  const web = await sessionRoundTrip(webSuite, alice, bob);

  const sizes = {} as Record<SizeKey, SizeResult>;
  for (const size of SIZES) {
    sizes[size.key] = await measureSize(size, session, web);
  }
  const handshake = await measureHandshakes(nodeSuite, alice, bob);

  const goals = {
    sessionAtLeast80PercentOfRawAt16KiB: {
      pass: sizes['16KiB'].ratio >= GOALS.sessionVsRawAtLarge,
      actual: sizes['16KiB'].ratio,
      target: `>= ${GOALS.sessionVsRawAtLarge}`,
    },
    sessionAtLeast80PercentOfRawAt1MiB: {
      pass: sizes['1MiB'].ratio >= GOALS.sessionVsRawAtLarge,
      actual: sizes['1MiB'].ratio,
      target: `>= ${GOALS.sessionVsRawAtLarge}`,
    },
    atLeast20000SealOpenPerSecAt256B: {
      pass: sizes['256B'].sessionOpsPerSec >= GOALS.smallRecordOpsPerSec,
      actual: sizes['256B'].sessionOpsPerSec,
      target: `>= ${GOALS.smallRecordOpsPerSec}`,
    },
    handshakeMedianUnder10Ms: {
      pass: handshake.medianMs < GOALS.handshakeMedianMs,
      actual: round3(handshake.medianMs),
      target: `< ${GOALS.handshakeMedianMs} ms`,
    },
  };

  const results = {
    name: 'crypto',
    timestamp: new Date().toISOString(),
    machine: { ...machineInfo(), platform: platform(), arch: arch() },
    method: {
      operation: 'one seal + one open of a record of the given size',
      session:
        'initiator.cipher.seal then responder.cipher.open, Node suite (node:crypto AES-GCM, WebCrypto HKDF)',
      raw: 'node:crypto aes-256-gcm encrypt + decrypt, fresh counter nonce per op, no AAD, no framing',
      framed:
        `raw plus what any record layer must do: ${FRAMED_AAD_BYTES} bytes of AAD, ciphertext and tag behind a ` +
        `${FRAMED_HEADER_BYTES}-byte cleartext header in one buffer; measured after each session round`,
      forge: 'node-forge AES-GCM encrypt + decrypt on binary strings (reference the design started from)',
      webcrypto: 'the session layer over the WebCrypto suite (browser path), as run in Node',
      rounds:
        `${ROUNDS} raw/session round pairs of ${ROUND_MS} ms (ABBA order) after ${WARMUP_MS} ms warm-up; ` +
        'ops/s are medians over rounds, ratio is the median of per-pair ratios',
      handshake: `${HANDSHAKE_RUNS} full hello/reply/finish exchanges between two RSA-3072 identities, Node suite`,
    },
    sizes,
    handshakeMedianMs: round3(handshake.medianMs),
    handshakeP95Ms: round3(handshake.p95Ms),
    handshakeRuns: handshake.runs,
    goals,
    allGoalsPass: Object.values(goals).every((goal) => goal.pass),
    durationSec: round1((nowMs() - startedAt) / 1000),
  };

  console.log(
    `Parley crypto bench — Node ${results.machine.node}, ${results.machine.cpuModel}, ${results.machine.cores} cores`,
  );
  console.log('seal+open per second (one op = seal one record + open it)\n');
  console.log(
    table(
      [
        'size',
        'session/s',
        'raw/s',
        'session/raw',
        'framed/s',
        'session/framed',
        'session MiB/s',
        'forge/s',
        'session/forge',
        'webcrypto/s',
      ],
      SIZES.map(({ key, label }) => {
        const r = sizes[key];
        return [
          label,
          count(r.sessionOpsPerSec),
          count(r.rawOpsPerSec),
          r.ratio.toFixed(3),
          count(r.framedOpsPerSec),
          r.sessionVsFramed.toFixed(3),
          r.sessionMiBPerSec.toFixed(1),
          r.forgeOpsPerSec < 100 ? r.forgeOpsPerSec.toFixed(1) : count(r.forgeOpsPerSec),
          `${r.sessionVsForge.toFixed(1)}x`,
          count(r.webcryptoSessionOpsPerSec),
        ];
      }),
    ),
  );
  console.log(
    `\nhandshake (RSA-3072, ${handshake.runs} runs): median ${handshake.medianMs.toFixed(2)} ms, ` +
      `p95 ${handshake.p95Ms.toFixed(2)} ms\n`,
  );
  console.log(
    table(
      ['goal', 'actual', 'target', 'result'],
      Object.entries(goals).map(([name, goal]) => [
        name,
        String(goal.actual),
        goal.target,
        goal.pass ? 'PASS' : 'FAIL',
      ]),
    ),
  );

  writeResultsFile(results);
};

await main();
