import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Page } from "playwright-core";

/**
 * Drops a file on the changes page's drop area as a person dragging it from their file manager does:
 * the page receives dragover then drop events carrying the file (a DataTransfer built in the page).
 */
export async function dropArchive(page: Page, file: string): Promise<void> {
  const content = (await readFile(file)).toString("base64");
  const dataTransfer = await page.evaluateHandle(
    ({ content, name }) => {
      // Runs in the page: the browser's DataTransfer, which this file's (Node) types do not know.
      const { DataTransfer } = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } };
      const bytes = Uint8Array.from(atob(content), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: "application/gzip" }));
      return transfer;
    },
    { content, name: basename(file) },
  );
  const area = page.getByTestId("archive-drop");
  await area.dispatchEvent("dragover", { dataTransfer });
  await area.dispatchEvent("drop", { dataTransfer });
  await dataTransfer.dispose();
}
