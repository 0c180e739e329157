// The HTML export, parsed back by Chromium's own parser: hostile text stays text (no element, attribute or link
// it did not earn), only http(s) links become anchors, and the page has its sections, day separators, senders,
// times and quoted replies, with nothing loaded from anywhere.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message } from '../../../../shared/messaging/message-format';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { reactionMessage } from '../../../../shared/messaging/testing/message-store-contract/samples';
import type { ArchiveFile, ExportedMessage } from './archive-export';
import { archiveToHtml, escapeHtml } from './archive-html';

const ME = 'm'.repeat(32) as PeerId;
const ANA = 'a'.repeat(32) as PeerId;
const BO = 'b'.repeat(32) as PeerId;
const DAY = 86_400_000;
const NOON = Date.UTC(2026, 2, 10, 12);

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1) and data:text/html,<b>x</b>',
  '<a href="https://evil.test">click</a> &amp; &lt;',
];

const message = (n: number, from: PeerId, to: PeerId, text: string, at: number, meta?: Message['meta']) => ({
  ...textMessage(n, from, to, n, text),
  sentAt: at,
  ...(meta ? { meta } : {}),
});

const entry = (m: Message): ExportedMessage =>
  m.from === ME
    ? { message: m, direction: 'out', status: 'read' }
    : { message: m, direction: 'in', receivedAt: 1 };

const file = (messages: readonly Message[], names: Record<string, string>): ArchiveFile => ({
  format: 'parley-archive',
  version: 1,
  owner: ME,
  exportedAt: NOON + 3 * DAY,
  contacts: Object.entries(names).map(([peer, displayName]) => ({
    peer: peer as PeerId,
    state: 'accepted',
    displayName,
  })),
  messages: messages.map(entry),
});

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('HTML export', () => {
  it('keeps every hostile text and name as text: no script, handler or element it did not earn', () => {
    const hostileName = '<img src=x onerror=alert(2)>"Ana';
    const messages = HOSTILE.map((text, index) => message(index + 1, ANA, ME, text, NOON + index));
    const html = archiveToHtml(file(messages, { [ANA]: hostileName }), '</title><script>alert(3)</script>');
    const page = parse(html);
    expect(page.querySelectorAll('script, img, svg, iframe, object, embed, link, base, form')).toHaveLength(
      0,
    );
    // The one web address in the text is a link to itself, as in the app; the markup around it stays text.
    expect([...page.querySelectorAll('a')].map((link) => link.outerHTML)).toEqual([
      '<a href="https://evil.test/" rel="noopener noreferrer" target="_blank">https://evil.test</a>',
    ]);
    const attributes = [...page.querySelectorAll('*')].flatMap((element) => element.getAttributeNames());
    expect(attributes.filter((name) => name.startsWith('on'))).toEqual([]);
    expect([...page.querySelectorAll('.text')].map((element) => element.textContent)).toEqual(HOSTILE);
    expect(page.querySelector('h2')?.textContent).toBe(hostileName);
    expect(page.title).toBe('Parley archive of </title><script>alert(3)</script>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('makes http and https links safe anchors that open outside, and nothing else a link', () => {
    const text = 'see https://example.test/a?b=1&c=2 or http://x.test, not javascript://x or ftp://y.test';
    const page = parse(archiveToHtml(file([message(1, ANA, ME, text, NOON)], { [ANA]: 'Ana' }), 'Me'));
    const links = [...page.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      'https://example.test/a?b=1&c=2',
      'http://x.test/',
    ]);
    for (const link of links) {
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
      expect(link.getAttribute('target')).toBe('_blank');
    }
    expect(page.querySelector('.text')?.textContent).toBe(text);
  });

  it('has a section per conversation with day separators, senders, times and quoted replies, self-contained', () => {
    const first = message(1, ANA, ME, 'Lunch tomorrow?', NOON);
    const reply = message(2, ME, ANA, 'Yes!', NOON + DAY, { replyTo: first.id });
    const orphan = message(3, ME, ANA, 'About that…', NOON + DAY + 60_000, {
      replyTo: textMessage(99, ANA, ME, 1).id,
    });
    const fromBo = message(4, BO, ME, 'Hi', NOON);
    const html = archiveToHtml(file([first, reply, orphan, fromBo], { [ANA]: 'Ana', [BO]: 'Bo' }), 'Me');
    const page = parse(html);
    expect([...page.querySelectorAll('h2')].map((heading) => heading.textContent)).toEqual(['Ana', 'Bo']);
    const ana = page.querySelectorAll('section')[0] as Element;
    expect([...ana.querySelectorAll('.day')].map((day) => day.textContent)).toEqual([
      'Tuesday, 10 March 2026',
      'Wednesday, 11 March 2026',
    ]);
    const articles = [...ana.querySelectorAll('article')];
    expect(articles.map((article) => article.querySelector('.meta strong')?.textContent)).toEqual([
      'Ana',
      'Me',
      'Me',
    ]);
    expect(articles.map((article) => article.className)).toEqual([
      'message in',
      'message out',
      'message out',
    ]);
    expect(articles[0]?.querySelector('time')?.getAttribute('datetime')).toBe(new Date(NOON).toISOString());
    expect(articles[1]?.querySelector('blockquote')?.textContent).toBe('Ana: Lunch tomorrow?');
    expect(articles[2]?.querySelector('blockquote')?.textContent).toBe('A message not in this export');
    // Nothing to fetch: inline style only, and a policy that forbids anything else.
    expect(page.querySelectorAll('style')).toHaveLength(1);
    expect(page.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).not.toMatch(/\b(src|href)="(?!https?:)/);
  });

  it('shows under each text the reactions it has, by the app’s rule, escaped', () => {
    const text = message(1, ANA, ME, 'Lunch tomorrow?', NOON);
    const reactions = [
      reactionMessage(2, ANA, ME, 2, text.id, '👍'),
      reactionMessage(3, ME, ANA, 1, text.id, '😂'),
      // Ana's later change wins: her 👍 becomes ❤️.
      reactionMessage(4, ANA, ME, 3, text.id, '❤️'),
    ];
    const page = parse(archiveToHtml(file([text, ...reactions], { [ANA]: '<b>Ana</b>' }), 'Me'));
    const articles = [...page.querySelectorAll('article')];
    expect(articles).toHaveLength(1);
    expect(articles[0]?.querySelector('.reactions')?.textContent).toBe('😂 Me · ❤️ <b>Ana</b>');
    expect(page.querySelector('b')).toBeNull();
  });
});
