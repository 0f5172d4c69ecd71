// @ts-check
import js from '@eslint/js';
import {defineConfig} from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
	{ignores: ['dist/', 'node_modules/', 'coverage/']},
	js.configs.recommended,
	tseslint.configs.strictTypeChecked,
	{
		languageOptions: {
			parserOptions: {
				projectService: {allowDefaultProject: ['eslint.config.js', '.ci/*.mjs']},
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			'@typescript-eslint/restrict-template-expressions': ['error', {allowNumber: true}],
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-import-type-side-effects': 'error',
			'no-console': 'error',
		},
	},
	{
		// The command line and the benchmarks are the only places that write to the terminal.
		files: ['src/cli/**', 'bench/**', 'examples/**', '.ci/**'],
		rules: {'no-console': 'off'},
	},
	{
		// Plain Node scripts of the checks, outside the TypeScript project: the rules that need types are off.
		files: ['.ci/**/*.mjs'],
		extends: [tseslint.configs.disableTypeChecked],
		languageOptions: {globals: {console: 'readonly', process: 'readonly'}},
	},
);
