/**
 * `npm run deps:check`: the direct dependencies that are behind (`npm outdated`) and any that
 * look unmaintained (their latest release is 3+ years old, from `npm view <pkg> time dist-tags`).
 * Needs the registry, so it is not part of `npm test`. `--strict` exits 1 when one is unmaintained.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const UNMAINTAINED_AFTER_MS = 3 * 365.25 * 86_400_000;
const PARALLEL = 6;

type Outdated = Record<string, { current?: string; wanted?: string; latest?: string }>;
type Row = { name: string; dev: boolean; installed: string; wanted: string; latest: string; lastRelease: Date | null; flags: string[] };

/** Run npm with JSON output; `npm outdated` exits 1 when something is outdated, which is not an error here. */
async function npmJson<T>(args: string[]): Promise<T | null> {
  try {
    const { stdout } = await run('npm', [...args, '--json'], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    return stdout.trim() ? (JSON.parse(stdout) as T) : null;
  } catch (err) {
    const stdout = (err as { stdout?: string }).stdout;
    if (stdout?.trim()) {
      try { return JSON.parse(stdout) as T; } catch { /* not JSON: fall through */ }
    }
    process.stderr.write(`npm ${args.join(' ')}: ${(err as Error).message.split('\n')[0]}\n`);
    return null;
  }
}

function installedVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/**
 * When the current `latest` version was published (not `modified`, which changes with any
 * metadata edit); without a `latest` tag, the newest stable version's date.
 */
async function lastRelease(name: string): Promise<Date | null> {
  const view = await npmJson<{ time?: Record<string, string>; 'dist-tags'?: Record<string, string> }>(['view', name, 'time', 'dist-tags']);
  const times = view?.time;
  if (!times) return null;
  const latest = view['dist-tags']?.latest;
  if (latest && times[latest]) return new Date(times[latest]);
  const stable = Object.entries(times).filter(([k]) => /^\d+\.\d+\.\d+$/.test(k)).map(([, v]) => Date.parse(v)).filter(Number.isFinite);
  return stable.length ? new Date(Math.max(...stable)) : null;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

async function main() {
  const strict = process.argv.includes('--strict');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const direct = [
    ...Object.keys(pkg.dependencies ?? {}).map((name) => ({ name, dev: false })),
    ...Object.keys(pkg.devDependencies ?? {}).map((name) => ({ name, dev: true })),
  ];
  const outdated = (await npmJson<Outdated>(['outdated'])) ?? {};
  const now = Date.now();
  const rows: Row[] = await mapLimited(direct, PARALLEL, async ({ name, dev }) => {
    const o = outdated[name];
    const installed = installedVersion(name);
    const released = await lastRelease(name);
    const flags: string[] = [];
    if (o?.wanted && o.wanted !== installed) flags.push('update in range');
    else if (o?.latest && o.latest !== installed) flags.push('newer outside range');
    if (released && now - released.getTime() > UNMAINTAINED_AFTER_MS) flags.push('UNMAINTAINED');
    if (!released) flags.push('no registry data');
    return { name, dev, installed, wanted: o?.wanted ?? installed, latest: o?.latest ?? installed, lastRelease: released, flags };
  });

  const header = ['package', 'kind', 'installed', 'wanted', 'latest', 'last release', 'flags'];
  const lines = rows.map((r) => [r.name, r.dev ? 'dev' : 'prod', r.installed, r.wanted, r.latest, r.lastRelease?.toISOString().slice(0, 10) ?? '?', r.flags.join(', ')]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${format(header)}\n${format(widths.map((w) => '-'.repeat(w)))}\n${lines.map(format).join('\n')}\n\n`);

  const behind = rows.filter((r) => r.flags.some((f) => f === 'update in range' || f === 'newer outside range'));
  const unmaintained = rows.filter((r) => r.flags.includes('UNMAINTAINED'));
  process.stdout.write(`${rows.length} direct dependencies: ${behind.length} behind their latest release, ${unmaintained.length} with no release for 3+ years` +
    `${unmaintained.length ? ` (${unmaintained.map((r) => r.name).join(', ')})` : ''}.\n`);
  if (strict && unmaintained.length) process.exitCode = 1;
}

await main();
