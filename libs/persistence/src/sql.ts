/** `%q%` for ILIKE, with the pattern's own wildcards (`%`, `_`) and `\\` taken literally. */
export const ilikePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
