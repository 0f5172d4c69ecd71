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
				projectService: {allowDefaultProject: ['eslint.config.js']},
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
		files: ['src/cli/**', 'bench/**', 'examples/**'],
		rules: {'no-console': 'off'},
	},
);
