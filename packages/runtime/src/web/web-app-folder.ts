import { fileURLToPath, pathToFileURL } from "node:url";

/** A deployment's built web app: `dist/web` in its folder, beside the running `dist/main.js`. */
export function webAppFolder(root: URL | string): string {
  const base = typeof root === "string" ? pathToFileURL(root.endsWith("/") ? root : `${root}/`) : root;
  return fileURLToPath(new URL("dist/web/", base.href.endsWith("/") ? base : `${base.href}/`));
}
