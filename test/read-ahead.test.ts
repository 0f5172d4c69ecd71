import {describe, expect, it} from 'vitest';
import {createReadAheadBudget} from '../src/read-ahead.js';

describe('createReadAheadBudget', () => {
	it('lends out as many pages of room as it holds, and takes them back', () => {
		const budget = createReadAheadBudget(2);

		expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, false]);
		expect(budget.free()).toBe(0);
		budget.give(2);
		expect(budget.free()).toBe(2);
	});

	it('wakes the listing that has wanted room the longest first, then the others in turn', () => {
		const budget = createReadAheadBudget(0);
		const woken: string[] = [];
		const wakeTaking = (name: string) => () => {
			if (budget.take()) {
				woken.push(name);
			}
		};

		budget.whenGiven(wakeTaking('first'));
		const stopSecond = budget.whenGiven(wakeTaking('second'));
		budget.whenGiven(wakeTaking('third'));

		budget.give();
		budget.give();
		expect(woken).toEqual(['first', 'second']);
		budget.give(2);
		// The third has waited longest now, then the first again.
		expect(woken).toEqual(['first', 'second', 'third', 'first']);

		stopSecond();
		budget.give(3);
		// Each listing still waiting takes one page of room per round; the second no longer asks.
		expect(woken.slice(4)).toEqual(['third', 'first']);
		// Room no listing took stays for the next one to ask.
		expect(budget.free()).toBe(1);
	});

	it('refuses a budget that is not a whole number of pages', () => {
		expect(() => createReadAheadBudget(-1)).toThrow(RangeError);
		expect(() => createReadAheadBudget(1.5)).toThrow('a read-ahead budget is a whole number of pages, at least 0; got 1.5');
	});
});
