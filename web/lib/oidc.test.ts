import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  continueToClient, followProvider, forgetInteraction, interactionPaths, isInteractionUid, loginPath, pendingClientName, pendingInteraction,
  rememberClientName, rememberInteraction,
} from './oidc.ts';

/** A tab's sessionStorage, enough for these helpers. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() { return map.size; },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

let assign: ReturnType<typeof vi.fn>;

beforeEach(() => {
  vi.stubGlobal('sessionStorage', memoryStorage());
  assign = vi.fn();
  vi.stubGlobal('location', { assign, href: 'https://softtoken.example/consent?interaction=u' });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('isInteractionUid', () => {
  it('should accept the provider uid alphabet when it is 1 to 64 characters', () => {
    expect(isInteractionUid('a')).toBe(true);
    expect(isInteractionUid('Abc_09-xyz')).toBe(true);
    expect(isInteractionUid('x'.repeat(64))).toBe(true);
  });

  it('should refuse anything else when it could be a path, a URL or too long', () => {
    expect(isInteractionUid('')).toBe(false);
    expect(isInteractionUid('x'.repeat(65))).toBe(false);
    expect(isInteractionUid('../portal')).toBe(false);
    expect(isInteractionUid('a/b')).toBe(false);
    expect(isInteractionUid('https://evil.example')).toBe(false);
    expect(isInteractionUid('abc\n')).toBe(false);
    expect(isInteractionUid(null)).toBe(false);
    expect(isInteractionUid(42)).toBe(false);
  });
});

describe('rememberInteraction', () => {
  it('should keep the uid under st.oidc.interaction when it is valid', () => {
    expect(rememberInteraction('uid_1')).toBe(true);
    expect(sessionStorage.getItem('st.oidc.interaction')).toBe('uid_1');
    expect(pendingInteraction()).toBe('uid_1');
  });

  it('should keep nothing when the uid is malformed', () => {
    expect(rememberInteraction('a b')).toBe(false);
    expect(pendingInteraction()).toBeUndefined();
  });

  it('should drop the old client name when another interaction replaces the first', () => {
    rememberInteraction('first');
    rememberClientName('Finance portal');
    rememberInteraction('first');
    expect(pendingClientName()).toBe('Finance portal');
    rememberInteraction('second');
    expect(pendingClientName()).toBeUndefined();
  });

  it('should report false and not throw when storage is blocked', () => {
    vi.stubGlobal('sessionStorage', {
      getItem: () => { throw new Error('blocked'); },
      setItem: () => { throw new Error('blocked'); },
      removeItem: () => { throw new Error('blocked'); },
    });
    expect(rememberInteraction('uid')).toBe(false);
    expect(pendingInteraction()).toBeUndefined();
    expect(() => forgetInteraction()).not.toThrow();
    expect(continueToClient()).toBe(false);
  });
});

describe('pendingInteraction', () => {
  it('should ignore a stored value when it was tampered with', () => {
    sessionStorage.setItem('st.oidc.interaction', '/evil');
    expect(pendingInteraction()).toBeUndefined();
    expect(continueToClient()).toBe(false);
    expect(assign).not.toHaveBeenCalled();
  });
});

describe('forgetInteraction', () => {
  it('should forget the uid and the client name when called', () => {
    rememberInteraction('uid');
    rememberClientName('Finance portal');
    forgetInteraction();
    expect(pendingInteraction()).toBeUndefined();
    expect(pendingClientName()).toBeUndefined();
  });
});

describe('continueToClient', () => {
  it('should do nothing and return false when no interaction is pending', () => {
    expect(continueToClient()).toBe(false);
    expect(assign).not.toHaveBeenCalled();
  });

  it('should forget the uid and go to the continue path when an interaction is pending', () => {
    rememberInteraction('abc-123');
    expect(continueToClient()).toBe(true);
    expect(assign).toHaveBeenCalledWith('/oidc/interaction/abc-123/continue');
    expect(pendingInteraction()).toBeUndefined();
  });

  it('should continue only once when called again after a login', () => {
    rememberInteraction('abc');
    continueToClient();
    expect(continueToClient()).toBe(false);
    expect(assign).toHaveBeenCalledTimes(1);
  });
});

describe('loginPath', () => {
  it('should keep the pending interaction in the query when one is pending', () => {
    expect(loginPath()).toBe('/');
    rememberInteraction('abc_1');
    expect(loginPath()).toBe('/?interaction=abc_1');
  });
});

describe('interactionPaths', () => {
  it('should name the provider endpoints for a uid when building forms and links', () => {
    expect(interactionPaths.continue('u')).toBe('/oidc/interaction/u/continue');
    expect(interactionPaths.consent('u')).toBe('/oidc/interaction/u/consent');
    expect(interactionPaths.abort('u')).toBe('/oidc/interaction/u/abort');
  });
});

describe('followProvider', () => {
  it('should navigate to the provider when it answers with a same-origin path', () => {
    expect(followProvider('/oidc/auth/abc')).toBe(true);
    expect(assign).toHaveBeenCalledWith('https://softtoken.example/oidc/auth/abc');
  });

  it('should navigate when it answers with an https URL', () => {
    expect(followProvider('https://finance.example/cb?code=x')).toBe(true);
    expect(assign).toHaveBeenCalledWith('https://finance.example/cb?code=x');
  });

  it('should refuse when the answer is a script URL or not a URL', () => {
    expect(followProvider('javascript:alert(1)')).toBe(false);
    expect(followProvider('http://[bad')).toBe(false);
    expect(assign).not.toHaveBeenCalled();
  });
});
