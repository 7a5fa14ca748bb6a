import { describe, expect, it } from 'vitest';
import { checkClientInput, clientUriProblem } from './oidc-clients.ts';

const dev = { production: false };
const prod = { production: true };

describe('clientUriProblem', () => {
  it('should accept an https URL when in production or not', () => {
    for (const opts of [dev, prod]) {
      expect(clientUriProblem('https://app.example.go.th/callback', opts)).toBeNull();
      expect(clientUriProblem('https://app.example.go.th:8443/cb?x=1', opts)).toBeNull();
    }
  });

  it('should accept http to the loopback hosts only when not in production', () => {
    for (const uri of ['http://localhost:5173/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb']) {
      expect(clientUriProblem(uri, dev), uri).toBeNull();
      expect(clientUriProblem(uri, prod), uri).toBe('uri_not_https');
    }
  });

  it('should refuse http to any other host when not in production', () => {
    expect(clientUriProblem('http://app.example.go.th/cb', dev)).toBe('uri_not_https');
    expect(clientUriProblem('http://localhost.example.com/cb', dev)).toBe('uri_not_https');
    expect(clientUriProblem('http://127.0.0.2/cb', dev)).toBe('uri_not_https');
  });

  it('should refuse other schemes when they are absolute', () => {
    expect(clientUriProblem('ftp://example.com/cb', dev)).toBe('uri_not_https');
    expect(clientUriProblem('javascript://example.com/%0aalert(1)', dev)).toBe('uri_not_https');
  });

  it('should refuse a fragment when there is one, even an empty one', () => {
    expect(clientUriProblem('https://app.example.go.th/cb#x', dev)).toBe('uri_fragment');
    expect(clientUriProblem('https://app.example.go.th/cb#', dev)).toBe('uri_fragment');
  });

  it('should refuse what is not an absolute URL as written', () => {
    for (const uri of ['', '/callback', 'app.example.go.th/cb', 'https:app.example.go.th', 'https:/app.example.go.th', ' https://a.example/cb', 'https://a.example/cb ', 'https://a.example/c b', 'https://', 'https://[bad/cb', 'javascript:alert(1)']) {
      expect(clientUriProblem(uri, dev), JSON.stringify(uri)).toBe('uri_not_absolute');
    }
  });

  it('should refuse a URL when it is longer than 2000 characters', () => {
    expect(clientUriProblem(`https://a.example/${'x'.repeat(2000)}`, dev)).toBe('too_long');
  });
});

describe('checkClientInput', () => {
  const good = { name: '  ระบบ GFMIS  ', redirectUris: ['https://gfmis.example.go.th/cb'] };

  it('should trim the name when the input is good', () => {
    expect(checkClientInput(good, prod)).toEqual({ ok: true, name: 'ระบบ GFMIS' });
  });

  it('should require a name of 1 to 100 characters when one is given', () => {
    expect(checkClientInput({ ...good, name: '   ' }, prod)).toEqual({ ok: false, fields: { name: 'required' } });
    expect(checkClientInput({ ...good, name: 'x'.repeat(101) }, prod)).toEqual({ ok: false, fields: { name: 'too_long' } });
    expect(checkClientInput({ ...good, name: 'x'.repeat(100) }, prod).ok).toBe(true);
  });

  it('should require at least one and at most 10 redirect URIs when they are given', () => {
    expect(checkClientInput({ ...good, redirectUris: [] }, prod)).toEqual({ ok: false, fields: { redirectUris: 'required' } });
    const eleven = Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`);
    expect(checkClientInput({ ...good, redirectUris: eleven }, prod)).toEqual({ ok: false, fields: { redirectUris: 'uri_too_many' } });
    expect(checkClientInput({ ...good, redirectUris: eleven.slice(1) }, prod).ok).toBe(true);
  });

  it('should allow no post-logout URIs but at most 10, each by the same rules', () => {
    expect(checkClientInput({ ...good, postLogoutRedirectUris: [] }, prod).ok).toBe(true);
    expect(checkClientInput({ ...good, postLogoutRedirectUris: ['http://localhost/out'] }, prod)).toEqual({ ok: false, fields: { postLogoutRedirectUris: 'uri_not_https' } });
    const eleven = Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`);
    expect(checkClientInput({ ...good, postLogoutRedirectUris: eleven }, prod)).toEqual({ ok: false, fields: { postLogoutRedirectUris: 'uri_too_many' } });
  });

  it('should check the back-channel logout URI by the same rules when there is one', () => {
    expect(checkClientInput({ ...good, backchannelLogoutUri: null }, prod).ok).toBe(true);
    expect(checkClientInput({ ...good, backchannelLogoutUri: 'https://a.example/bc#x' }, prod)).toEqual({ ok: false, fields: { backchannelLogoutUri: 'uri_fragment' } });
  });

  it('should report every bad field at once when several are bad', () => {
    const r = checkClientInput({ name: '', redirectUris: ['/cb'], backchannelLogoutUri: 'http://x.example/bc' }, dev);
    expect(r).toEqual({ ok: false, fields: { name: 'required', redirectUris: 'uri_not_absolute', backchannelLogoutUri: 'uri_not_https' } });
  });

  it('should check only the fields present when it is a patch', () => {
    expect(checkClientInput({ firstParty: true }, prod)).toEqual({ ok: true, name: undefined });
  });
});
