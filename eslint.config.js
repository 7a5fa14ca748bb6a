// ESLint with typescript-eslint's type-checked rules, and the layering of api/ as import rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Forbid imports from the named folders (relative paths, from any depth), and always from deploy/ (tooling). */
const forbid = (message, ...folders) => ({
  'no-restricted-imports': ['error', {
    patterns: [
      ...folders.map((folder) => ({ regex: `^(\\.\\.?/)+(api/)?${folder}/`, message })),
      { regex: '^(\\.\\.?/)+deploy/', message: 'deploy/ is tooling (npm run cluster): nothing in the product imports it.' },
    ],
  }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are errors, except those deliberately prefixed with _.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Solid's event handlers may be async: the promise is not lost, the handler catches its own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  // Layers, lowest first: lib → db → services/domain → http → routes → app. Nothing imports upwards.
  { files: ['api/lib/**/*.ts'], rules: forbid('api/lib holds plain helpers: it never imports domain, services, http or routes.', 'domain', 'services', 'http', 'routes', 'dev') },
  { files: ['db/**/*.ts'], rules: forbid('db never imports the API.', 'api') },
  { files: ['api/domain/**/*.ts', 'api/services/**/*.ts'], rules: forbid('Domain and services never import HTTP code.', 'http', 'routes', 'dev') },
  { files: ['api/http/**/*.ts'], rules: forbid('HTTP helpers never import routes.', 'routes') },
  { files: ['web/**/*.{ts,tsx}', 'sw/**/*.ts'], rules: forbid('The browser code imports only plain api/ modules (lib, domain data).', 'http', 'routes', 'services', 'dev') },
  { files: ['api/*.ts', 'api/routes/**/*.ts', 'api/cli/**/*.ts', 'api/dev/**/*.ts'], rules: forbid('The API never imports the deploy tooling.') },
  { files: ['examples/**/*.ts'], rules: forbid('An example is what a portal developer writes: it never imports Soft Token\'s own code.', 'api', 'db') },
  // Tests may use loose types from fixtures and libraries.
  {
    files: ['tests/**/*.ts', '**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-console': 'off',
      'no-restricted-imports': 'off',
      // Node's servers take async request handlers that catch their own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
);
