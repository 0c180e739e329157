// Plain-text tables for the benchmarks' console reports.

export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  // First column left-aligned (labels), the rest right-aligned (numbers).
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
};

export const count = (value: number): string => Math.round(value).toLocaleString('en-US');

export const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;
