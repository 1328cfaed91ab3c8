/** The widest a cell is printed (characters); longer text is cut with an ellipsis. */
const MAX_CELL = 60;

const cell = (value: string): string => {
  const line = value.split('\n')[0] ?? '';
  return line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
};

/** Rows as aligned columns under their headers, each cell one line (the first), at most 60 characters. */
export function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((r) => r.map(cell));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** `1 task`, `3 tasks`. */
export const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
