import { describe, expect, it } from 'vitest';
import { checkAccountRow, parseCsv, readAccountCsv } from './account-csv.ts';

describe('parseCsv', () => {
  it('should keep quoted commas, quotes and newlines and number records by their first line', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
    ]);
  });

  it('should skip blank rows and the all-empty rows Excel leaves behind', () => {
    expect(parseCsv('a\n\n,,\n  \nb')).toEqual([{ line: 1, cells: ['a'] }, { line: 5, cells: ['b'] }]);
  });
});

describe('readAccountCsv', () => {
  it('should refuse an empty file, a missing unit_code column and unknown columns', () => {
    expect(readAccountCsv('')).toEqual({ ok: false, errors: [{ row: 1, field: '_', code: 'csv_empty' }] });
    expect(readAccountCsv('unit_code\n')).toEqual({ ok: false, errors: [{ row: 1, field: '_', code: 'csv_empty' }] });
    expect(readAccountCsv('display_name\nx')).toMatchObject({ ok: false, errors: [{ row: 1, field: 'unit_code', code: 'csv_missing_column' }] });
    expect(readAccountCsv('unit_code,colour\n0300200000,red')).toMatchObject({ ok: false, errors: [{ row: 1, code: 'csv_unknown_column' }] });
  });

  it('should report every bad row by line and column', () => {
    const r = readAccountCsv('unit_code,username,legacy_token\n0300200000,A03002000009001,maybe\n0300200000,A03004000049001,\n0300200000,a03002000009001,\n"0300200000\n",,\n123,,,extra');
    expect(r).toEqual({
      ok: false,
      errors: [
        { row: 2, field: 'legacy_token', code: 'yes_no' },
        { row: 3, field: 'username', code: 'username_unit_mismatch' },
        { row: 4, field: 'username', code: 'duplicate_in_file' },
        { row: 7, field: '_', code: 'csv_columns' },
        { row: 7, field: 'unit_code', code: 'unit_code_format' },
      ],
    });
  });

  it('should read good rows with their flags', () => {
    expect(readAccountCsv('UNIT_CODE , Legacy_Token,display_name\n0300200000,yes, นาย  ก\t ข \n0300400004,,')).toEqual({
      ok: true,
      rows: [
        { row: 2, unitCode: '0300200000', username: undefined, displayName: 'นาย ก ข', legacyToken: true },
        { row: 3, unitCode: '0300400004', username: undefined, displayName: undefined, legacyToken: false },
      ],
    });
  });
});

describe('checkAccountRow', () => {
  it('should require the unit code and limit the display name', () => {
    expect(checkAccountRow(1, { display_name: 'x'.repeat(201) }).errors).toEqual([
      { row: 1, field: 'unit_code', code: 'required' },
      { row: 1, field: 'display_name', code: 'too_long' },
    ]);
  });
});
