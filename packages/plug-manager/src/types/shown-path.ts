import { relative } from "node:path";

/** A folder as the person typing commands here would name it: relative to where they ran `pnpm care`. */
export const fromHere = (dir: string) => relative(process.env.INIT_CWD ?? process.cwd(), dir) || ".";
