// ESLint flat config (ESLint 10, typescript-eslint 8). Run with `npm run lint` (= `eslint . --max-warnings 0`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'data/'], 'casetrail/ignores'),

  {
    name: 'casetrail/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Plain JS files at the root (eslint.config.js, jest.config.js, ...): no type information.
  {
    name: 'casetrail/js',
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      eqeqeq: 'error',
      curly: ['error', 'multi-line'],
    },
  },
  {
    name: 'casetrail/cjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // TypeScript: type-aware linting through the project service (tsconfig.json covers src, test and bench).
  {
    name: 'casetrail/typescript',
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // The project compiles with legacy decorators + emitDecoratorMetadata (Nest DI, TypeORM entities):
        // a class used only as a constructor-parameter type in a decorated class is needed at runtime, so
        // consistent-type-imports must not turn it into `import type`. (With type information the parser
        // also reads these from tsconfig.json; stating them keeps the rule safe either way.)
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A switch over a union without `default` must name every member (evolve/decide over event and command
      // unions); an explicit `default` is the opt-out for code that handles only some members (projections).
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest/CQRS interfaces (ICommandHandler.execute, IQueryHandler, ...) return promises, and `async` is the clean way
      // to satisfy them even without an `await`; forgotten awaits are caught by no-floating-promises instead.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: 'error',
      curly: ['error', 'multi-line'],
      'no-console': 'error',
    },
  },

  // Entry points and tools that talk to a terminal.
  {
    name: 'casetrail/console-allowed',
    files: ['src/cli/**', 'bench/**', 'src/main.ts'],
    rules: { 'no-console': 'off' },
  },

  // Tests: `expect(service.method).toHaveBeenCalled()` and jest.spyOn(...) pass methods unbound on purpose, and
  // supertest types every response body as `any`: assertions on it are what the tests are for.
  {
    name: 'casetrail/tests',
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
