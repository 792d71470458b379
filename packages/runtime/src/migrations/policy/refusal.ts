/** What a refused part of a migration does, why a plug may not do it, and what to do instead. */
export interface Objection {
  what: string;
  why: string;
  fix: string;
}

/** An objection placed in the file: `reason` reads "<what> is not allowed in a plug migration (<why>); <fix>". */
export interface Refusal {
  /** 1-based line of the file. */
  line: number;
  reason: string;
}

export function refusal(line: number, { what, why, fix }: Objection): Refusal {
  return { line, reason: `${what} is not allowed in a plug migration (${why}); ${fix}` };
}
