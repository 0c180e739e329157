// `npm run vectors:session`: rewrites shared/session/vectors/session-vectors.json from the implementation.
// Run only for a deliberate protocol change; the test fails whenever the code and the file disagree.
import { writeFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import type { WebCryptoPort } from '../shared/crypto/web-crypto-port';
import { createWebCryptoSuite } from '../shared/crypto/web-crypto-suite';
import { computeSessionVectors } from '../shared/session/vectors/session-vectors';

const vectors = await computeSessionVectors(createWebCryptoSuite(webcrypto as unknown as WebCryptoPort));
const path = new URL('../shared/session/vectors/session-vectors.json', import.meta.url);
writeFileSync(path, JSON.stringify(vectors, null, 2) + '\n');
console.log(`wrote ${path.pathname}`);
