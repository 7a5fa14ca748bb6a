/** Class names joined with spaces, leaving out the empty ones: `cx('button', styles.big, busy() && styles.busy)`. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
