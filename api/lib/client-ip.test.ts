import { describe, expect, it } from 'vitest';
import { forwardedClient } from './client-ip.ts';

describe('forwardedClient', () => {
  it('should take the rightmost address when one proxy stands in front', () => {
    expect(forwardedClient('1.2.3.4, 203.0.113.9', 1)).toBe('203.0.113.9');
  });

  it('should take the address the outer proxy saw when two proxies stand in front', () => {
    expect(forwardedClient('6.6.6.6, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
  });

  it('should ignore the header when no proxy is trusted', () => {
    expect(forwardedClient('203.0.113.9', 0)).toBeUndefined();
  });

  it('should ignore a chain shorter than the proxies, and an entry that is not an address', () => {
    expect(forwardedClient('203.0.113.9', 2)).toBeUndefined();
    expect(forwardedClient('1.2.3.4, not-an-ip', 1)).toBeUndefined();
    expect(forwardedClient('1.2.3.4, 203.0.113.9:443', 1)).toBeUndefined();
    expect(forwardedClient(undefined, 1)).toBeUndefined();
  });

  it('should accept IPv6 addresses', () => {
    expect(forwardedClient('2001:db8::1', 1)).toBe('2001:db8::1');
  });
});
