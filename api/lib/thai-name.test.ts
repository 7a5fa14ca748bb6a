import { describe, expect, it } from 'vitest';
import { thaiFullName } from './thai-name.ts';

describe('thaiFullName', () => {
  it('should attach the title to the first name when there is a title', () => {
    expect(thaiFullName({ title: 'นาย', firstNameTh: 'สมชาย', lastNameTh: 'ใจดี' })).toBe('นายสมชาย ใจดี');
  });

  it('should keep the middle name between first and last name when there is one', () => {
    expect(thaiFullName({ title: 'นาย', firstNameTh: 'ปกรณ์', middleNameTh: 'วิลเลียม', lastNameTh: 'สุขสวัสดิ์' })).toBe('นายปกรณ์ วิลเลียม สุขสวัสดิ์');
  });

  it('should keep the first name when there is no title', () => {
    expect(thaiFullName({ title: null, firstNameTh: 'เจ้าหน้าที่', middleNameTh: '', lastNameTh: 'ผู้ลงทะเบียน' })).toBe('เจ้าหน้าที่ ผู้ลงทะเบียน');
  });

  it('should give an empty string when there is no name', () => {
    expect(thaiFullName({})).toBe('');
  });
});
