import { describe, expect, it } from 'vitest';
import { isRealAddress, listDistricts, listProvinces, listSubdistricts } from './address.ts';

describe('Thai address data set', () => {
  it('should list all 77 provinces with Bangkok among them', () => {
    const provinces = listProvinces();
    expect(provinces).toHaveLength(77);
    expect(provinces.map((p) => p.name)).toContain('กรุงเทพมหานคร');
  });

  it('should cascade from Bangkok to Phaya Thai to Sam Sen Nai with postcode 10400', () => {
    const bkk = listProvinces().find((p) => p.name === 'กรุงเทพมหานคร')!;
    const phayaThai = listDistricts(bkk.id).find((d) => d.name === 'พญาไท')!;
    expect(phayaThai).toBeDefined();
    const samSenNai = listSubdistricts(phayaThai.id).find((s) => s.name === 'สามเสนใน');
    expect(samSenNai?.postcode).toBe('10400');
  });

  it('should refuse an address whose parts do not belong together', () => {
    expect(isRealAddress({ province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' })).toBe(true);
    expect(isRealAddress({ province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '50200' })).toBe(false);
    expect(isRealAddress({ province: 'เชียงใหม่', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' })).toBe(false);
  });
});
