/**
 * Test citizens of the local identity provider (development, demos and tests only).
 * National IDs carry a valid mod-11 check digit; addresses are real province / district /
 * subdistrict / postcode combinations so the registration form's address checks accept them.
 */
import type { ThaiAddress } from '../../db/schema.ts';
import { isValidNationalId } from '../domain/identifiers.ts';
import { thaiFullName } from '../lib/thai-name.ts';

/** line1 is house number, soi and road; subdistrict is แขวง/ตำบล, district เขต/อำเภอ (R-1.7 names). */
export type CitizenAddress = ThaiAddress;

export type Citizen = {
  nationalId: string;
  title: string;
  givenName: string;
  middleName?: string;
  familyName: string;
  titleEn: string;
  givenNameEn: string;
  middleNameEn?: string;
  familyNameEn: string;
  /** YYYY-MM-DD, Gregorian calendar (OpenID Connect's birthdate format). */
  birthdate: string;
  address: CitizenAddress;
  /** Identity assurance level as Thailand's digital-ID guideline numbers it (e.g. 2.3). */
  ial: number;
};

export const TEST_CITIZENS: readonly Citizen[] = [
  {
    nationalId: '1101400123451',
    title: 'นาย', givenName: 'สมชาย', familyName: 'ใจดี',
    titleEn: 'Mr.', givenNameEn: 'Somchai', familyNameEn: 'Jaidee',
    birthdate: '1985-03-14',
    address: { line1: '123/45 ถนนพหลโยธิน', subdistrict: 'สามเสนใน', district: 'พญาไท', province: 'กรุงเทพมหานคร', postcode: '10400' },
    ial: 2.3,
  },
  {
    nationalId: '1500100234562',
    title: 'นางสาว', givenName: 'สมหญิง', familyName: 'รักไทย',
    titleEn: 'Miss', givenNameEn: 'Somying', familyNameEn: 'Rakthai',
    birthdate: '1990-11-02',
    address: { line1: '88 ถนนราชดำเนิน', subdistrict: 'ศรีภูมิ', district: 'เมืองเชียงใหม่', province: 'เชียงใหม่', postcode: '50200' },
    ial: 2.3,
  },
  {
    nationalId: '1400100345675',
    title: 'นาย', givenName: 'ปกรณ์', middleName: 'วิลเลียม', familyName: 'สุขสวัสดิ์',
    titleEn: 'Mr.', givenNameEn: 'Pakorn', middleNameEn: 'William', familyNameEn: 'Suksawat',
    birthdate: '1988-06-25',
    address: { line1: '9/1 หมู่ 3 ถนนมิตรภาพ', subdistrict: 'ในเมือง', district: 'เมืองขอนแก่น', province: 'ขอนแก่น', postcode: '40000' },
    ial: 2.3,
  },
  {
    nationalId: '3830100456780',
    title: 'นาง', givenName: 'มาลี', familyName: 'ศรีสุข',
    titleEn: 'Mrs.', givenNameEn: 'Malee', familyNameEn: 'Srisuk',
    birthdate: '1978-07-21',
    address: { line1: '15 ถนนถลาง', subdistrict: 'ตลาดใหญ่', district: 'เมืองภูเก็ต', province: 'ภูเก็ต', postcode: '83000' },
    ial: 2.3,
  },
  {
    nationalId: '1120100567891',
    title: 'นาย', givenName: 'ธนากร', familyName: 'วงศ์สวัสดิ์',
    titleEn: 'Mr.', givenNameEn: 'Thanakorn', familyNameEn: 'Wongsawat',
    birthdate: '1995-01-30',
    address: { line1: '99/9 ถนนรัตนาธิเบศร์', subdistrict: 'บางกระสอ', district: 'เมืองนนทบุรี', province: 'นนทบุรี', postcode: '11000' },
    ial: 2.3,
  },
  {
    // Proofed only at IAL 1.1 (e.g. an unverified self-enrolment): below the default minimum, so proofing must refuse them.
    nationalId: '1901100678905',
    title: 'นางสาว', givenName: 'วันเพ็ญ', familyName: 'แสงทอง',
    titleEn: 'Miss', givenNameEn: 'Wanphen', familyNameEn: 'Saengthong',
    birthdate: '2000-05-09',
    address: { line1: '7 ถนนนิพัทธ์อุทิศ 3', subdistrict: 'หาดใหญ่', district: 'หาดใหญ่', province: 'สงขลา', postcode: '90110' },
    ial: 1.1,
  },
];

const BANGKOK = 'กรุงเทพมหานคร';

/** The address on one line, the way Thai addresses are written (Bangkok uses แขวง/เขต, elsewhere ตำบล/อำเภอ/จังหวัด). */
export function formatThaiAddress(a: CitizenAddress): string {
  return a.province === BANGKOK
    ? `${a.line1} แขวง${a.subdistrict} เขต${a.district} ${a.province} ${a.postcode}`
    : `${a.line1} ตำบล${a.subdistrict} อำเภอ${a.district} จังหวัด${a.province} ${a.postcode}`;
}

/** Display form `1-2345-xxxxx-67-8`: enough to tell test citizens apart without showing the whole number. */
export function maskNationalId(id: string): string {
  return `${id.slice(0, 1)}-${id.slice(1, 5)}-xxxxx-${id.slice(10, 12)}-${id.slice(12)}`;
}

export function citizenThaiName(c: Citizen): string {
  return thaiFullName({ title: c.title, firstNameTh: c.givenName, middleNameTh: c.middleName, lastNameTh: c.familyName });
}

export function englishFullName(c: Citizen): string {
  return [c.titleEn, c.givenNameEn, c.middleNameEn, c.familyNameEn].filter(Boolean).join(' ');
}

export function findCitizen(citizens: readonly Citizen[], nationalId: string): Citizen | undefined {
  return citizens.find((c) => c.nationalId === nationalId);
}

/**
 * A stand-in citizen for a valid national ID that is not in the list, so tests and demos can
 * prove any registration (each test its own ID) without editing this file.
 */
export function syntheticCitizen(nationalId: string): Citizen | undefined {
  if (!isValidNationalId(nationalId)) return undefined;
  const tail = nationalId.slice(-4);
  return {
    nationalId,
    title: 'นาย', givenName: 'ทดสอบ', familyName: `ระบบ${tail}`,
    titleEn: 'Mr.', givenNameEn: 'Test', familyNameEn: `Citizen${tail}`,
    birthdate: '1980-01-01',
    address: { line1: '1 ถนนพระรามที่ 6', subdistrict: 'สามเสนใน', district: 'พญาไท', province: BANGKOK, postcode: '10400' },
    ial: 2.3,
  };
}
