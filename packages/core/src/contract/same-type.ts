/**
 * True when A and B are the same type: not merely assignable both ways, which an optional field on
 * one side only would pass. (TypeScript compares the two deferred conditionals by identity.)
 */
export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when given `true`: `Holds<SameType<A, B>>`. */
export type Holds<Check extends true> = Check;
