import { describe, expect, it } from 'vitest';
import { linkFromArgv } from './deep-links';

describe('linkFromArgv', () => {
  it('finds the parley:// link among the arguments of a launch', () => {
    const link = `parley://add/${'a'.repeat(32)}?name=Ana`;
    expect(linkFromArgv(['/opt/Parley/parley', '--no-sandbox', link])).toBe(link);
    expect(linkFromArgv(['C:\\Parley\\Parley.exe', 'PARLEY://add/x'])).toBe('PARLEY://add/x');
  });

  it('ignores launches without one, other schemes and absurdly long arguments', () => {
    expect(linkFromArgv(['/opt/Parley/parley', '--flag'])).toBeNull();
    expect(linkFromArgv(['https://parley.example/add/x'])).toBeNull();
    expect(linkFromArgv([`parley://add/${'x'.repeat(600)}`])).toBeNull();
  });
});
