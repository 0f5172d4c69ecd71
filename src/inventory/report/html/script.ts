/**
The page's one script: it fills the tokens and findings tables from the JSON the page embeds, sorts a table when a
column heading is pressed (again for the other direction) and filters it as the user types (every word must appear
in a row). Cells are set with `textContent`, never as HTML. The Content-Security-Policy allows exactly this text by
its hash, and nothing it does reaches the network. Plain ES2020, for any browser that opens a mail attachment.
*/
export const reportScript = `
(function () {
	'use strict';
	var data = JSON.parse(document.getElementById('tokenkit-data').textContent);
	var limit = 5000;
	var rank = {high: 3, medium: 2, low: 1};
	function display(value, column, row) {
		if (value === null || value === undefined || value === '') return column.empty;
		if (column.kind === 'date') return String(value).slice(0, 10);
		if (column.kind === 'severity' && row.accepted) return value + ', accepted';
		return String(value);
	}
	function compare(a, b, kind) {
		var emptyA = a === null || a === undefined || a === '';
		var emptyB = b === null || b === undefined || b === '';
		if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
		if (kind === 'severity') return (rank[a] || 0) - (rank[b] || 0);
		if (kind === 'number') return a - b;
		return String(a).localeCompare(String(b), undefined, {numeric: true});
	}
	var sections = document.querySelectorAll('[data-table]');
	Array.prototype.forEach.call(sections, function (section) {
		var rows = data[section.getAttribute('data-table')];
		var headings = Array.prototype.slice.call(section.querySelectorAll('th[data-key]'));
		var columns = headings.map(function (th) {
			return {key: th.getAttribute('data-key'), kind: th.getAttribute('data-kind') || 'text', empty: th.getAttribute('data-empty') || '', th: th};
		});
		var body = section.querySelector('tbody');
		var input = section.querySelector('input');
		var count = section.querySelector('.count');
		var haystacks = rows.map(function (row) {
			return columns.map(function (column) { return display(row[column.key], column, row); }).join('\\n').toLowerCase();
		});
		var sortColumn = null;
		var direction = 1;
		function render() {
			var terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
			var shown = [];
			rows.forEach(function (row, index) {
				var haystack = haystacks[index];
				if (terms.every(function (term) { return haystack.indexOf(term) !== -1; })) shown.push(row);
			});
			if (sortColumn !== null) {
				var column = sortColumn;
				shown.sort(function (a, b) {
					var order = compare(a[column.key], b[column.key], column.kind);
					var empty = a[column.key] === null || a[column.key] === '' || b[column.key] === null || b[column.key] === '';
					return empty ? order : order * direction;
				});
			}
			var fragment = document.createDocumentFragment();
			shown.slice(0, limit).forEach(function (row) {
				var tr = document.createElement('tr');
				if (row.accepted) tr.className = 'accepted';
				columns.forEach(function (column) {
					var td = document.createElement('td');
					td.textContent = display(row[column.key], column, row);
					if (column.kind === 'severity' && row[column.key]) td.className = 'severity-' + row[column.key];
					if (column.key === 'ref') td.className = 'ref';
					tr.appendChild(td);
				});
				fragment.appendChild(tr);
			});
			body.replaceChildren(fragment);
			count.textContent = shown.length + ' of ' + rows.length + ' rows' + (shown.length > limit ? '; the first ' + limit + ' are shown, filter to see others' : '');
		}
		columns.forEach(function (column) {
			column.th.querySelector('button').addEventListener('click', function () {
				if (sortColumn === column) {
					direction = -direction;
				} else {
					sortColumn = column;
					direction = column.kind === 'severity' || column.kind === 'number' ? -1 : 1;
				}
				columns.forEach(function (other) { other.th.removeAttribute('aria-sort'); });
				column.th.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
				render();
			});
		});
		input.addEventListener('input', render);
		render();
	});
}());
`;
