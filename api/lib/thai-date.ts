/** Dates for people: the Thai Buddhist calendar (พ.ศ. = ค.ศ. + 543, R-1.6), Bangkok time. */
export function formatThaiDate(d: Date): string {
  return new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { dateStyle: 'long', timeZone: 'Asia/Bangkok' }).format(d);
}
