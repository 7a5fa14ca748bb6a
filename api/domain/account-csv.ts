/**
 * The account batch file: CSV, UTF-8, a header row, one account per row.
 *
 *   unit_code      required  10-digit disbursing unit code that exists
 *   username       optional  an existing 15-character username whose unit part is unit_code;
 *                            empty → the next free username of the unit
 *   display_name   optional  who the account is for (shown on the slip), at most 200 characters
 *   legacy_token   optional  yes/no: a GFMIS Token Key user, who gets the initial password
 *                            through step 0 instead of a slip
 *
 * Parsing and per-row format checks are pure; whether units exist and usernames are free is
 * asked of the database by the caller. Rows are numbered as lines of the file (header = 1).
 */
import { unitCodeSchema, usernameSchema } from './identifiers.ts';

const isValidUnitCode = (v: string) => unitCodeSchema.safeParse(v).success;
const isValidUsername = (v: string) => usernameSchema.safeParse(v).success;

export const CSV_COLUMNS = ['unit_code', 'username', 'display_name', 'legacy_token'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const MAX_CSV_ROWS = 500;

export type CsvRowError = { row: number; field: CsvColumn | '_'; code: string };

export type AccountRow = {
  row: number;
  unitCode: string;
  username?: string;
  displayName?: string;
  legacyToken: boolean;
};

/**
 * RFC 4180 records with the line each starts on; quoted fields may hold commas, quotes and
 * newlines. Records whose cells are all blank (Excel leaves `,,,` rows behind) are skipped.
 */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const src = text.replace(/^\uFEFF/, '');
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim())) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else if (ch === '\r' && src[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') { endRecord(); line++; start = line; }
    else cell += ch;
  }
  endRecord();
  return records;
}

const YES = new Set(['yes', 'y', 'true', '1', 'ใช่']);
const NO = new Set(['', 'no', 'n', 'false', '0', 'ไม่ใช่']);

/** Check the file's shape and every row's formats; returns the rows or every error found. */
export function readAccountCsv(text: string):
  | { ok: true; rows: AccountRow[] }
  | { ok: false; errors: CsvRowError[] } {
  const records = parseCsv(text);
  const header = records.shift();
  const errors: CsvRowError[] = [];
  if (!header) return { ok: false, errors: [{ row: 1, field: '_', code: 'csv_empty' }] };
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const index = new Map<CsvColumn, number>();
  columns.forEach((name, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(name) || index.has(name as CsvColumn)) {
      errors.push({ row: header.line, field: '_', code: 'csv_unknown_column' });
    } else index.set(name as CsvColumn, i);
  });
  if (!index.has('unit_code')) errors.push({ row: header.line, field: 'unit_code', code: 'csv_missing_column' });
  if (errors.length) return { ok: false, errors };
  if (!records.length) return { ok: false, errors: [{ row: header.line, field: '_', code: 'csv_empty' }] };
  if (records.length > MAX_CSV_ROWS) return { ok: false, errors: [{ row: records[MAX_CSV_ROWS]!.line, field: '_', code: 'csv_too_many_rows' }] };

  const rows: AccountRow[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of records) {
    if (cells.length > columns.length) errors.push({ row: line, field: '_', code: 'csv_columns' });
    const values = Object.fromEntries([...index].map(([col, i]) => [col, cells[i] ?? '']));
    const checked = checkAccountRow(line, values, seen);
    errors.push(...checked.errors);
    rows.push(checked.row);
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/** One row's formats (the file's rows and the single-account form share this). */
export function checkAccountRow(line: number, values: Partial<Record<CsvColumn, string>>, seen = new Set<string>()): { row: AccountRow; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const cell = (col: CsvColumn) => (values[col] ?? '').trim();
  const unitCode = cell('unit_code');
  if (!unitCode) errors.push({ row: line, field: 'unit_code', code: 'required' });
  else if (!isValidUnitCode(unitCode)) errors.push({ row: line, field: 'unit_code', code: 'unit_code_format' });

  const username = cell('username').toUpperCase();
  if (username) {
    if (!isValidUsername(username)) errors.push({ row: line, field: 'username', code: 'username_format' });
    else if (isValidUnitCode(unitCode) && username.slice(1, 11) !== unitCode) errors.push({ row: line, field: 'username', code: 'username_unit_mismatch' });
    else if (seen.has(username)) errors.push({ row: line, field: 'username', code: 'duplicate_in_file' });
    seen.add(username);
  }

  // Control characters have no business on a printed slip.
  const displayName = cell('display_name').replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim();
  if (displayName.length > 200) errors.push({ row: line, field: 'display_name', code: 'too_long' });

  const legacy = cell('legacy_token').toLowerCase();
  if (!YES.has(legacy) && !NO.has(legacy)) errors.push({ row: line, field: 'legacy_token', code: 'yes_no' });

  return { row: { row: line, unitCode, username: username || undefined, displayName: displayName || undefined, legacyToken: YES.has(legacy) }, errors };
}
