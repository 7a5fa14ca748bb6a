import { describe, expect, it } from 'vitest';
import { summariseUserAgent } from './user-agent.ts';

describe('user agent summary', () => {
  it('should name the browser and system a person would recognise when given common user agents', () => {
    expect(summariseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'))
      .toEqual({ browser: 'Chrome 131', system: 'Windows' });
    expect(summariseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70'))
      .toEqual({ browser: 'Microsoft Edge 131', system: 'Windows' });
    expect(summariseUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'))
      .toEqual({ browser: 'Safari 17', system: 'macOS' });
    expect(summariseUserAgent('Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'))
      .toEqual({ browser: 'Firefox 128', system: 'Linux' });
  });

  it('should say nothing rather than guess when there is no user agent', () => {
    expect(summariseUserAgent(null)).toEqual({ browser: null, system: null });
  });
});
