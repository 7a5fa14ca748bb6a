import { describe, expect, it } from 'vitest';
import { compareWithProof } from './registration-review.ts';

const parts = { line1: '1 ถนนหนึ่ง', province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' };
const proofedClaims = {
  nationalId: '1101400123451', title: 'นาย', firstNameTh: 'สมชาย', middleNameTh: null, lastNameTh: 'ใจดี',
  titleEn: 'Mr.', firstNameEn: 'Somchai', middleNameEn: null, lastNameEn: 'Jaidee', birthDate: '1985-03-14', ial: 2.3,
  address: { formatted: '1 ถนนหนึ่ง แขวงสามเสนใน เขตพญาไท กรุงเทพมหานคร 10400', parts },
};
const row = (rows: ReturnType<typeof compareWithProof>, field: string) => rows.find((r) => r.field === field)!;

describe('compareWithProof', () => {
  it('should find no difference when the address is the proven one, spacing aside', () => {
    const rows = compareWithProof({ nationalId: '1101400123451', proofedClaims, personal: { address: { ...parts, line1: ' 1  ถนนหนึ่ง ' }, mobile: '0812345678' } }, null);
    expect(rows.filter((r) => r.differs)).toEqual([]);
    expect(row(rows, 'nameTh')).toEqual({ field: 'nameTh', proven: 'นายสมชาย ใจดี', entered: null, differs: false });
    expect(rows.map((r) => r.field)).not.toContain('holder');
  });

  it('should mark a different address, a different step-1 national ID and a change of holder', () => {
    const rows = compareWithProof(
      { nationalId: '3830100456780', proofedClaims, personal: { address: { ...parts, postcode: '10410' }, mobile: '0812345678' } },
      { nationalId: '3830100456780', name: 'นางมาลี ศรีสุข' },
    );
    expect(row(rows, 'address')).toMatchObject({ differs: true, entered: '1 ถนนหนึ่ง สามเสนใน พญาไท กรุงเทพมหานคร 10410' });
    expect(row(rows, 'nationalId')).toMatchObject({ proven: '1101400123451', entered: '3830100456780', differs: true });
    expect(row(rows, 'holder')).toEqual({ field: 'holder', proven: '1101400123451', entered: '3830100456780 นางมาลี ศรีสุข', differs: true });
  });

  it('should write national IDs as given (masked) but judge differences on the full numbers', () => {
    const mask = (id: string) => `masked-${id.slice(-3)}`;
    const rows = compareWithProof(
      { nationalId: '3830100456780', proofedClaims, personal: { address: parts, mobile: '0812345678' } },
      { nationalId: '1500100234562', name: 'นางสาวสมหญิง รักไทย' }, mask,
    );
    expect(row(rows, 'nationalId')).toEqual({ field: 'nationalId', proven: 'masked-451', entered: 'masked-780', differs: true });
    expect(row(rows, 'holder')).toEqual({ field: 'holder', proven: 'masked-451', entered: 'masked-562 นางสาวสมหญิง รักไทย', differs: true });
    // Two numbers that mask alike still differ; the same number does not.
    const alike = compareWithProof({ nationalId: '3830100456780', proofedClaims, personal: null }, { nationalId: '1101400123451', name: null }, () => 'x');
    expect(row(alike, 'nationalId')).toMatchObject({ proven: 'x', entered: 'x', differs: true });
    expect(row(alike, 'holder')).toMatchObject({ proven: 'x', entered: 'x', differs: false });
  });

  it('should treat the second address line as part of the first when comparing', () => {
    const rows = compareWithProof({ nationalId: '1101400123451', proofedClaims, personal: { address: { ...parts, line1: '1', line2: 'ถนนหนึ่ง' }, mobile: '0812345678' } }, null);
    expect(row(rows, 'address').differs).toBe(false);
  });
});
