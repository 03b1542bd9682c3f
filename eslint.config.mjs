import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const onlyTags = (...tags) => tags;

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'out/**', '.local/**', 'tools/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // the domain depends on nothing of ours
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: onlyTags('type:domain') },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: onlyTags('type:domain') },
            { sourceTag: 'type:domain-logic', onlyDependOnLibsWithTags: onlyTags('type:domain') },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: onlyTags('type:domain') },
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:contract', 'type:domain-logic') },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:contract') },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:util') },
            { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:contract', 'type:util') },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:contract', 'type:util') },
            { sourceTag: 'type:connector', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:contract', 'type:util', 'type:messaging') },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:contract', 'type:domain-logic', 'type:data-access', 'type:util', 'type:messaging', 'type:ui') },
            { sourceTag: 'type:service-shell', onlyDependOnLibsWithTags: onlyTags('type:domain', 'type:contract', 'type:util', 'type:messaging', 'type:data-access', 'type:engine', 'type:domain-logic') },
            // apps are thin shells: they may use libs, never another app
            { sourceTag: 'type:app', notDependOnLibsWithTags: onlyTags('type:app') },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
