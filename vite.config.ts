/**
 * Builds the web app (web/) into dist/, which the API serves, plus the service worker
 * (sw/sw.ts) at /sw.js so its scope covers all three faces: /, /officer and /app.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

const THEME = '#1b3a6b';

/** Files worth compressing; woff2 and png are compressed formats already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest)$/;

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every compressible
 * file in dist/, for the API to send as they are (api/app.ts). It runs after the PWA plugin
 * (order: 'post' among sequential closeBundle hooks), so sw.js and the manifest get theirs too.
 */
function precompress(): Plugin {
  let outDir = '';
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'soft-token:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = (await readdir(outDir, { recursive: true })).filter((f) => COMPRESSIBLE.test(f));
        await Promise.all(files.map(async (file) => {
          const plain = await readFile(join(outDir, file));
          const [br, gzipped] = await Promise.all([
            brotli(plain, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: plain.length } }),
            gz(plain, { level: 9 }),
          ]);
          // A tiny file can come out bigger: then the plain one is what gets sent.
          if (br.length < plain.length) await writeFile(join(outDir, `${file}.br`), br);
          if (gzipped.length < plain.length) await writeFile(join(outDir, `${file}.gz`), gzipped);
        }));
      },
    },
  };
}

/** The fonts the phone app's Thai and Latin text uses; other subsets (latin-ext, vietnamese) and .woff load when needed. */
const FONT = /\.woff2?$/;
const SHELL_FONT = /^assets\/sarabun-(?:thai|latin)-\d+-normal-[\w-]+\.woff2$/;

/**
 * What the phone app (/app) needs offline: the entry with its static imports and CSS, and the
 * pages of web/app/routes.tsx with theirs. Dynamic imports inside those pages (the QR library)
 * and the portal and officer pages are left out of the precache: the service worker caches
 * them when first used. Filled at generateBundle, read by the precache manifest transform.
 */
const phoneShell = new Set<string>();

function collectPhoneShell(): Plugin {
  let routesId = '';
  return {
    name: 'soft-token:phone-shell',
    apply: 'build',
    configResolved(config) {
      routesId = resolve(config.root, 'app/routes.tsx');
    },
    generateBundle(_, bundle) {
      phoneShell.clear();
      const chunks = Object.values(bundle).flatMap((item) => (item.type === 'chunk' ? [item] : []));
      const add = (fileName: string) => {
        if (phoneShell.has(fileName)) return;
        phoneShell.add(fileName);
        const chunk = chunks.find((c) => c.fileName === fileName);
        if (!chunk) return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) phoneShell.add(css);
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) if (!FONT.test(asset) || SHELL_FONT.test(asset)) phoneShell.add(asset);
        for (const imported of chunk.imports) add(imported);
      };
      const entry = chunks.find((c) => c.isEntry);
      const pages = this.getModuleInfo(routesId)?.dynamicallyImportedIds ?? [];
      if (!entry || pages.length === 0) this.error(`phone shell: no entry chunk or no lazy pages in ${routesId}`);
      add(entry.fileName);
      for (const page of pages) {
        const chunk = chunks.find((c) => c.moduleIds.includes(page));
        if (!chunk) this.error(`phone shell: no chunk holds ${page}`);
        add(chunk.fileName);
      }
    },
  };
}

/**
 * Preloads the Sarabun files every page's text uses, so they arrive with the scripts and the
 * first render is already in Sarabun: no late swap from the fallback font that moves the page.
 */
function preloadShellFonts(): Plugin {
  return {
    name: 'soft-token:preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_, ctx) {
        return Object.keys(ctx.bundle ?? {}).filter((file) => SHELL_FONT.test(file)).sort().map((file) => ({
          tag: 'link', injectTo: 'head' as const,
          attrs: { rel: 'preload', href: `/${file}`, as: 'font', type: 'font/woff2', crossorigin: true },
        }));
      },
    },
  };
}

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  server: {
    // `npm run dev` runs the API on :3000; vite dev serves the pages and forwards calls.
    proxy: { '/api': 'http://localhost:3000' },
  },
  plugins: [
    solid(),
    collectPhoneShell(),
    preloadShellFonts(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '../sw', // relative to root (web/): sw/ sits at the repo root with its own tsconfig
      filename: 'sw.ts',
      injectRegister: false, // web/lib/sw-register.ts registers it; no inline script under our CSP
      includeManifestIcons: false,
      manifestFilename: 'manifest.webmanifest',
      injectManifest: {
        // The notification icon (sw/sw.ts); the 512px icons are for installing, which is online.
        globPatterns: ['**/*.{js,css,html,svg,woff2}', 'icons/icon-192.png'],
        // Only the phone app's files: the rest of /assets/ is cached at runtime (sw/sw.ts).
        manifestTransforms: [(entries) => ({
          manifest: entries.filter((e) => !e.url.startsWith('assets/') || phoneShell.has(e.url)),
          warnings: [],
        })],
      },
      devOptions: { enabled: false },
      manifest: {
        id: '/app',
        name: 'Soft Token',
        short_name: 'Soft Token',
        lang: 'th',
        dir: 'ltr',
        description: 'แอปยืนยันตัวตน Soft Token สำหรับอนุมัติการเข้าสู่ระบบ New GFMIS Thai ด้วยโทรศัพท์มือถือ',
        start_url: '/app',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: THEME,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
    precompress(),
  ],
});
