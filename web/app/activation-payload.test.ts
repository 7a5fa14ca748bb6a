import { describe, expect, it } from 'vitest';
import { groupTypedCode, parseActivationPayload } from './activation-payload.ts';

const ORIGIN = 'https://softtoken.example.go.th';
const LONG = 'q1W2e3R4t5Y6u7I8o9P0a_S-d1F2g3H4j5K6l7Z8x9C';

describe('parseActivationPayload', () => {
  it('should accept our activation link and return its code when the QR comes from this origin', () => {
    expect(parseActivationPayload(`${ORIGIN}/app/activate#${LONG}`, ORIGIN)).toEqual({ ok: true, kind: 'link', code: LONG });
  });

  it('should accept the link with surrounding whitespace and a trailing slash on the path', () => {
    expect(parseActivationPayload(`  ${ORIGIN}/app/activate/#${LONG}\n`, ORIGIN)).toEqual({ ok: true, kind: 'link', code: LONG });
  });

  it('should refuse a link to another origin and name its host when the QR is not ours', () => {
    expect(parseActivationPayload(`https://softtoken.example.com/app/activate#${LONG}`, ORIGIN))
      .toEqual({ ok: false, reason: 'other_origin', host: 'softtoken.example.com' });
    // Same host, other scheme or port: still another origin.
    expect(parseActivationPayload(`http://softtoken.example.go.th/app/activate#${LONG}`, ORIGIN)).toMatchObject({ ok: false, reason: 'other_origin' });
    expect(parseActivationPayload(`https://softtoken.example.go.th:8443/app/activate#${LONG}`, ORIGIN)).toMatchObject({ ok: false, reason: 'other_origin' });
  });

  it('should refuse a link of this origin when it is not an activation link', () => {
    expect(parseActivationPayload(`${ORIGIN}/p/${LONG}`, ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
    expect(parseActivationPayload(`${ORIGIN}/app/activate`, ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
    expect(parseActivationPayload(`${ORIGIN}/app/activate#<script>`, ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
    expect(parseActivationPayload(`${ORIGIN}/app/activate?code=${LONG}`, ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
  });

  it('should accept a bare typed code in any case and with a dash or spaces', () => {
    expect(parseActivationPayload('ABCD2345', ORIGIN)).toEqual({ ok: true, kind: 'typed', code: 'ABCD2345' });
    expect(parseActivationPayload('abcd-2345', ORIGIN)).toEqual({ ok: true, kind: 'typed', code: 'ABCD2345' });
    expect(parseActivationPayload(' AbCd 2345 ', ORIGIN)).toEqual({ ok: true, kind: 'typed', code: 'ABCD2345' });
  });

  it('should refuse a typed code of the wrong length or with look-alike characters', () => {
    expect(parseActivationPayload('ABCD234', ORIGIN)).toEqual({ ok: false, reason: 'typed_invalid' });
    expect(parseActivationPayload('ABCD23456', ORIGIN)).toEqual({ ok: false, reason: 'typed_invalid' });
    expect(parseActivationPayload('ABCD0123', ORIGIN)).toEqual({ ok: false, reason: 'typed_invalid' });
    expect(parseActivationPayload('OILD2345', ORIGIN)).toEqual({ ok: false, reason: 'typed_invalid' });
  });

  it('should refuse junk and say when nothing was given', () => {
    expect(parseActivationPayload('', ORIGIN)).toEqual({ ok: false, reason: 'empty' });
    expect(parseActivationPayload('   ', ORIGIN)).toEqual({ ok: false, reason: 'empty' });
    expect(parseActivationPayload('WIFI:S:office;T:WPA;P:secret;;', ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
    expect(parseActivationPayload('javascript:alert(1)', ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
    expect(parseActivationPayload('ราคา 100 บาท', ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
    expect(parseActivationPayload('http://[bad', ORIGIN)).toEqual({ ok: false, reason: 'not_activation' });
  });
});

describe('groupTypedCode', () => {
  it('should split an eight-character code in two groups of four', () => {
    expect(groupTypedCode('ABCD2345')).toBe('ABCD-2345');
  });
});
