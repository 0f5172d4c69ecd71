import type {Row} from './driver.js';
import {HistoryError} from './history-error.js';

/*
Reading a column the same way from both stores: SQLite gives 0 and 1 for a boolean and text for a time,
PostgreSQL a boolean and (through the driver's parser) an ISO string; both give numbers for integers.
*/

export function text(row: Row, column: string): string {
	const value = row[column];
	if (typeof value !== 'string') {
		throw unexpected(column, value);
	}

	return value;
}

export function textOrNull(row: Row, column: string): string | null {
	const value = row[column];
	return value === null || value === undefined ? null : text(row, column);
}

export function integer(row: Row, column: string): number {
	const value = row[column];
	if (typeof value === 'number' && Number.isSafeInteger(value)) {
		return value;
	}

	if (typeof value === 'bigint') {
		return Number(value);
	}

	throw unexpected(column, value);
}

export function integerOrNull(row: Row, column: string): number | null {
	const value = row[column];
	return value === null || value === undefined ? null : integer(row, column);
}

export function boolean(row: Row, column: string): boolean {
	const value = row[column];
	if (typeof value === 'boolean') {
		return value;
	}

	if (value === 0 || value === 1) {
		return value === 1;
	}

	throw unexpected(column, value);
}

function unexpected(column: string, value: unknown): HistoryError {
	return new HistoryError(`the history store holds ${value === null ? 'nothing' : `a ${typeof value}`} in column ${column}, where tokenkit wrote something else; was it changed by hand?`);
}
