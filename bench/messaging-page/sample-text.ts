// Chat-like texts for the messaging bench: words drawn from a small vocabulary, common ones far more often (as
// in real chat), so the archive's search index does the work a real text makes it do. A text of one repeated
// character would be a single word to index and would flatter the engine. Deterministic: text `n` is the same
// in every run.
const VOCABULARY = (
  'the to you and it is in that of for on we this be have with are at not was do just so can but' +
  ' what all will if about get like my me your out there up when one now know think good time see' +
  ' tomorrow meeting today call later week thanks yes okay sure maybe back home work lunch dinner coffee' +
  ' project review deadline budget report client server release build test plan notes draft update' +
  ' weekend travel ticket train station hotel flight garden kitchen concert movie photos birthday' +
  ' monday friday morning evening tonight soon great sorry please nice happy love'
).split(' ');

/** A small linear congruential generator: the same sequence on every machine. */
const generator = (seed: number) => {
  let state = (seed * 2654435761 + 1013904223) >>> 0;
  return (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
};

/** Text number `n`: exactly `size` characters of words separated by spaces. */
export const sampleText = (n: number, size: number): string => {
  const random = generator(n + 1);
  const words: string[] = [];
  let length = 0;
  // `length` counts a space after every word; the text has one fewer.
  while (length - 1 < size) {
    // Squaring skews the picks towards the front of the vocabulary, where the common words are.
    const word = VOCABULARY[Math.floor(random() ** 2 * VOCABULARY.length)] ?? 'the';
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ').slice(0, size);
};
