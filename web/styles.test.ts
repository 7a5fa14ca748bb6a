/**
 * The style rules of STYLE.md §16, checked on every CSS file under web/: a global class has one
 * home (it is defined in one file only), and colours are tokens (raw values only where the
 * tokens are defined, in styles.css's :root).
 *
 * "Defined" means the class is the subject of a rule (the last compound of a selector) in a
 * global stylesheet, or a `:global(.x)` subject in a CSS module rule that has no local class at
 * all. A module rule with one of its own classes anywhere (`.table :global(.button)`) only
 * adjusts a shared component inside that feature: scoped, not a second definition.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = new URL('.', import.meta.url).pathname;

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'public' ? [] : cssFiles(path);
    return e.name.endsWith('.css') ? [path] : [];
  });
}

/** Every selector list of a stylesheet's style rules, at-rules opened (not @keyframes, @page, @font-face). */
function selectorLists(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const out: string[] = [];
  const walk = (body: string) => {
    let i = 0;
    while (i < body.length) {
      const open = body.indexOf('{', i);
      if (open < 0) return;
      const prelude = body.slice(i, open).trim();
      let depth = 1;
      let j = open + 1;
      for (; j < body.length && depth > 0; j++) {
        if (body[j] === '{') depth++;
        else if (body[j] === '}') depth--;
      }
      const inner = body.slice(open + 1, j - 1);
      if (prelude.startsWith('@')) {
        if (/^@(media|supports|layer|container)\b/.test(prelude)) walk(inner);
      } else {
        out.push(prelude);
      }
      i = j;
    }
  };
  walk(text);
  return out;
}

/** Split at top level (outside parentheses and brackets) on any of `seps`. */
function splitTop(text: string, seps: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && seps.test(ch)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The classes a selector's subject (its last compound) defines. */
function definedClasses(selector: string, isModule: boolean): string[] {
  if (isModule && /\.[\w-]+/.test(selector.replace(/:global\([^)]*\)/g, ''))) return [];
  const subject = splitTop(selector, /[\s>+~]/).at(-1) ?? '';
  // What :has() and :not() mention is a condition, not the subject.
  const compound = subject.replace(/:(has|not)\((?:[^()]|\([^()]*\))*\)/g, '');
  const globals = [...compound.matchAll(/:global\(([^)]*)\)/g)].flatMap((m) => [...m[1]!.matchAll(/\.([\w-]+)/g)].map((c) => c[1]!));
  if (isModule) return globals;
  return [...compound.matchAll(/\.([\w-]+)/g)].map((m) => m[1]!);
}

const files = cssFiles(WEB).map((path) => ({ path, name: relative(WEB, path), css: readFileSync(path, 'utf8') }));

describe('web stylesheets', () => {
  it('are found', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('define each global class in one file only', () => {
    const homes = new Map<string, Set<string>>();
    for (const f of files) {
      const isModule = f.name.endsWith('.module.css');
      for (const list of selectorLists(f.css)) {
        for (const selector of splitTop(list, /,/)) {
          for (const cls of definedClasses(selector, isModule)) {
            if (!homes.has(cls)) homes.set(cls, new Set());
            homes.get(cls)!.add(f.name);
          }
        }
      }
    }
    const twice = [...homes].filter(([, where]) => where.size > 1).map(([cls, where]) => `.${cls}: ${[...where].join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('use colour tokens: raw colours only in styles.css :root', () => {
    const raw: string[] = [];
    for (const f of files) {
      const text = f.css.replace(/\/\*[\s\S]*?\*\//g, '').replace(f.name === 'styles.css' ? /:root\s*\{[^}]*\}/ : /^$/, '');
      for (const m of text.matchAll(/#[0-9a-f]{3,8}\b/gi)) raw.push(`${f.name}: ${m[0]}`);
    }
    expect(raw).toEqual([]);
  });
});
