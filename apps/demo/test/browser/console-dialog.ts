import type { Locator, Page } from "playwright-core";

/**
 * The dialog named `name`, once it has finished fading in: axe measures colours as drawn, and half-way
 * through the transition every colour is paler than it will be. Waits for the page to run no animation
 * and for the dialog (and what holds it) to be fully opaque.
 */
export async function openedDialog(page: Page, name: string): Promise<Locator> {
  const dialog = page.getByRole("dialog", { name });
  await dialog.waitFor();
  await dialog.evaluate(async (element) => {
    type Node = { parentElement: Node | null };
    const { document, getComputedStyle, requestAnimationFrame } = globalThis as unknown as {
      document: { getAnimations(): unknown[] };
      getComputedStyle(node: Node): { opacity: string };
      requestAnimationFrame(callback: () => void): void;
    };
    const opaque = () => {
      for (let node: Node | null = element as unknown as Node; node; node = node.parentElement) {
        if (getComputedStyle(node).opacity !== "1") return false;
      }
      return true;
    };
    while (document.getAnimations().length > 0 || !opaque()) await new Promise<void>((resolve) => requestAnimationFrame(resolve));
  });
  return dialog;
}
