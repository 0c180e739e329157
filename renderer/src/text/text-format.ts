// The light formatting people type in chats, as WhatsApp and Signal read it: *bold*, _italic_, ~strikethrough~,
// `code` and ```blocks```. The text stays the message: nothing is stored formatted, a peer on an older version
// sees the markers, and what is not formatting stays exactly as typed. A marker counts only at a word's edge,
// so snake_case, 2*3*4 and the underscores of a link are left alone; links are never cut by formatting.
import { linkRanges } from './linkify';

export type FormatNode =
  | { readonly kind: 'plain'; readonly text: string }
  | { readonly kind: 'bold' | 'italic' | 'strike'; readonly children: readonly FormatNode[] }
  | { readonly kind: 'code' | 'block'; readonly text: string };

type Emphasis = 'bold' | 'italic' | 'strike';
const EMPHASIS: Readonly<Record<string, Emphasis>> = { '*': 'bold', _: 'italic', '~': 'strike' };

/** 1 for each UTF-16 unit of the text inside a link, which formatting may not cut. */
type LinkMask = Uint8Array;

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/**
 * Splits `text[from, to)` at code blocks, then inline code (neither formatted inside), and formats what is
 * between them.
 */
const parseCode = (text: string, from: number, to: number, links: LinkMask): FormatNode[] => {
  const nodes: FormatNode[] = [];
  const CODE = /```([\s\S]+?)```|`([^`\n]+)`/gu;
  CODE.lastIndex = from;
  let at = from;
  for (let match = CODE.exec(text); match && match.index + match[0].length <= to; match = CODE.exec(text)) {
    const end = match.index + match[0].length;
    if (links[match.index] === 1 || links[end - 1] === 1) {
      // A backtick inside a link: the link wins; look again just after it.
      CODE.lastIndex = match.index + 1;
      continue;
    }
    nodes.push(...parseEmphasis(text, at, match.index, links, new Set()));
    nodes.push(
      match[1] === undefined
        ? { kind: 'code', text: match[2] ?? '' }
        : { kind: 'block', text: match[1].replace(/^\n/u, '').replace(/\n$/u, '') },
    );
    at = end;
  }
  nodes.push(...parseEmphasis(text, at, to, links, new Set()));
  return nodes;
};

/** Whether the marker at `at` may open a span: at a word's start, before a character that is not a space. */
const opens = (text: string, at: number, from: number): boolean => {
  const before = at > from ? text.charAt(at - 1) : '';
  const after = text.charAt(at + 1);
  return (
    !WORD.test(before) &&
    before !== text.charAt(at) &&
    after !== '' &&
    !SPACE.test(after) &&
    after !== text.charAt(at)
  );
};

/** Whether the marker at `at` may close a span: at a word's end, after a character that is not a space. */
const closes = (text: string, at: number, to: number): boolean => {
  const before = text.charAt(at - 1);
  const after = at + 1 < to ? text.charAt(at + 1) : '';
  return !SPACE.test(before) && before !== text.charAt(at) && !WORD.test(after) && after !== text.charAt(at);
};

/**
 * Formats `text[from, to)`: each span opens at the first marker that may open and closes at the nearest marker of
 * its kind on the same line that may close, and its inside is formatted too (with the other kinds: `open` holds
 * the kinds already around it). Closers are found once per kind and looked up, so a line of unmatched markers
 * costs no more than its length times the log of it.
 */
const parseEmphasis = (
  text: string,
  from: number,
  to: number,
  links: LinkMask,
  open: ReadonlySet<string>,
): FormatNode[] => {
  const closers = new Map<string, number[]>();
  for (let at = from + 1; at < to; at += 1) {
    const marker = text.charAt(at);
    if (EMPHASIS[marker] && !open.has(marker) && links[at] !== 1 && closes(text, at, to)) {
      const positions = closers.get(marker);
      if (positions) {
        positions.push(at);
      } else {
        closers.set(marker, [at]);
      }
    }
  }
  const nodes: FormatNode[] = [];
  let plainFrom = from;
  let at = from;
  let lineEnd = -1;
  while (at < to) {
    if (lineEnd < at) {
      const newline = text.indexOf('\n', at);
      lineEnd = newline === -1 || newline > to ? to : newline;
    }
    const marker = text.charAt(at);
    const kind = EMPHASIS[marker];
    const close =
      kind && !open.has(marker) && links[at] !== 1 && opens(text, at, from)
        ? nextCloser(closers.get(marker) ?? [], at + 2, lineEnd)
        : undefined;
    if (kind === undefined || close === undefined) {
      at += 1;
      continue;
    }
    if (at > plainFrom) {
      nodes.push({ kind: 'plain', text: text.slice(plainFrom, at) });
    }
    nodes.push({ kind, children: parseEmphasis(text, at + 1, close, links, new Set([...open, marker])) });
    at = close + 1;
    plainFrom = at;
  }
  if (to > plainFrom) {
    nodes.push({ kind: 'plain', text: text.slice(plainFrom, to) });
  }
  return nodes;
};

/** The first closer at or after `from` and before `lineEnd` (a span stays on its line). */
const nextCloser = (positions: readonly number[], from: number, lineEnd: number): number | undefined => {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((positions[middle] ?? 0) < from) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  const close = positions[low];
  return close !== undefined && close < lineEnd ? close : undefined;
};

export const parseFormatting = (text: string): FormatNode[] => {
  const links = new Uint8Array(text.length);
  for (const { start, end } of linkRanges(text)) {
    links.fill(1, start, end);
  }
  return parseCode(text, 0, text.length, links);
};

/** The text a reader sees, markers that formatted something left out (tests, and anything shown plain). */
export const formattedText = (nodes: readonly FormatNode[]): string =>
  nodes.map((node) => ('children' in node ? formattedText(node.children) : node.text)).join('');

/** `text` as it reads once formatted, for places that show it plain (the conversation list, notifications). */
export const plainText = (text: string): string => formattedText(parseFormatting(text));
