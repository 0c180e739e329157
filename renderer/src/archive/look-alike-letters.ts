// Text read as the Latin letters it is drawn like, for telling whether one name copies another: a small part of
// Unicode's confusables (UTS #39, confusables.txt), covering what impersonators use in Latin names, around the
// fold search uses (case, accents, letters that look alike but do not decompose).
import { foldWordFully } from './search/text-folding';

/**
 * Capitals, mapped before the fold lowercases them: Cyrillic "Т" looks like "T", its lower case "т" like no Latin
 * letter. Greek Ι and Cyrillic І become I, which `lookAlikeReadings` reads as l as well as i.
 */
const LOOK_ALIKE_CAPITALS: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
/**
 * Small letters and symbols, mapped after the fold (whose compatibility decomposition has made fullwidth and
 * mathematical digits plain). Digits and the vertical line as confusables.txt reads them: "0030 ; 004F" (0 → O,
 * folded to o), "0031 ; 006C" (1 → l), "007C ; 006C" (| → l). And "006D ; 0072 006E" (m → rn): m is spelled out
 * as rn, as UTS #39 does, rather than rn joined into m, so that each letter maps on its own and no rule has to
 * say where a pair starts ("rnm", "mrn" and "mm" all read "rnrn").
 */
const LOOK_ALIKE_SMALL: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  ι: 'i',
  '0': 'o',
  '1': 'l',
  '|': 'l',
  m: 'rn',
};
const lookAlikes = (table: Readonly<Record<string, string>>) => {
  const pattern = new RegExp(`[${Object.keys(table).join('')}]`, 'gu');
  return (text: string): string => text.replace(pattern, (letter) => table[letter] ?? letter);
};
const latinCapitals = lookAlikes(LOOK_ALIKE_CAPITALS);
const latinSmall = lookAlikes(LOOK_ALIKE_SMALL);

/**
 * `text` folded, with look-alikes read as the Latin letters they are drawn like. A capital I gives two readings:
 * as the small l it is drawn like in sans-serif fonts ("0049 ; 006C", I → l in confusables.txt) and as the i it
 * folds to. No one reading can serve, since "Ian" should meet both "lan" and "ian" while those two, told apart by
 * the dot, should not meet; two texts read alike when they share a reading. Fullwidth and mathematical capitals
 * are decomposed first, so that they are read as the letters they stand for.
 */
export const lookAlikeReadings = (text: string): string[] => {
  const capitals = latinCapitals(text.normalize('NFKD'));
  const read = (letters: string) => latinSmall(foldWordFully(letters));
  return capitals.includes('I') ? [read(capitals.replace(/I/gu, 'l')), read(capitals)] : [read(capitals)];
};
