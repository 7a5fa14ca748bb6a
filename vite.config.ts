/**
 * Builds the web app (web/) into dist/, which the API serves, plus the service worker
 * (sw/sw.ts) at /sw.js so its scope covers all three faces: /, /officer and /app.
 */
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

const THEME = '#1b3a6b';

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
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '../sw', // relative to root (web/): sw/ sits at the repo root with its own tsconfig
      filename: 'sw.ts',
      injectRegister: false, // web/lib/sw-register.ts registers it; no inline script under our CSP
      manifestFilename: 'manifest.webmanifest',
      injectManifest: {
        // The manifest and its icons are added by the plugin itself.
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
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
  ],
});
