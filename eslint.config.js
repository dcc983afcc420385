// ESLint flat config: eslint's recommended rules plus type-aware typescript-eslint over src/, test/ and
// bench/, chosen to catch promises nobody awaits and `any` leaking past a boundary. Formatting is Prettier's
// job (`npm run format`), not this file's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.cache/', 'node_modules/', 'run/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.ts', 'scripts/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: the reason this lint exists.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // `any` must not flow on unchecked from a parsed body, a driver row or a child's output.
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // `typeof import('…')` stays allowed: it types a module we load lazily without loading it.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // A caught `unknown` passed on to reject() is an error we did not make; wrapping it would lose its type.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `interface Options extends OtherOptions {}` names a boundary's options before it has its own.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Off: async bodies without await implement promise-returning interfaces (Notifier.send, fakes, Kysely
      // plugins), and `async` turns a synchronous throw into the rejection callers handle.
      '@typescript-eslint/require-await': 'off',
      // Off: it flags String(x) wherever TypeScript narrows `unknown` to `{}` after null/object checks (row
      // cells, parsed JSON, quoted config values), where String() is the intended fallback.
      '@typescript-eslint/no-base-to-string': 'off',
      // Off: ANSI escapes (\x1b) in regexes are what the terminal renderer and its tests strip on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // A migration is frozen in time, so it takes Kysely<any> rather than today's Database (Kysely's advice).
    files: ['src/**/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off in tests: they read a command's JSON or YAML output (any) and check it with expect(), where a
      // wrong shape fails the assertion. Passing such a value on (no-unsafe-argument) stays an error.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
