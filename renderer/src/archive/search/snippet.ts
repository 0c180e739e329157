// A result's snippet: a stretch of the message around its first match, with every matching word marked, cut at
// word boundaries. Matching works on the original text's segments, folded the way the index folds them, so the
// highlight lands on "Crème" for a search of "creme".
import { segmentParts } from './text-folding';

export interface Snippet {
  readonly text: string;
  /** [start, end) offsets into `text` of the words to highlight. */
  readonly marks: readonly (readonly [number, number])[];
  /** Whether text was cut before or after. */
  readonly cutStart: boolean;
  readonly cutEnd: boolean;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

export const snippetOf = (text: string, isMatch: (foldedWord: string) => boolean, width = 120): Snippet => {
  const hits: [number, number][] = [];
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike && segmentParts(segment.segment).some(isMatch)) {
      hits.push([segment.index, segment.index + segment.segment.length]);
    }
  }
  const first = hits[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // Move the cuts back to the nearest space, so no word is cut in half.
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > start ? space : end;
  }
  return {
    text: text.slice(start, end),
    marks: hits
      .filter(([from, to]) => from >= start && to <= end)
      .map(([from, to]) => [from - start, to - start] as const),
    cutStart: start > 0,
    cutEnd: end < text.length,
  };
};
