/**
 * How this tab's last session ended. Kept in sessionStorage beside the token so that a reload or a
 * page brought back by the browser's Back button still knows it: after a sign-out the next person
 * starts at a plain sign-in screen, never sent on to the page the previous user had open.
 */
export type SessionEnd = "signedOut" | "expired";

const key = "care.sessionEnd";

export const sessionEnd = {
  read: (): SessionEnd | null => {
    const stored = sessionStorage.getItem(key);
    return stored === "signedOut" || stored === "expired" ? stored : null;
  },
  write: (how: SessionEnd): void => sessionStorage.setItem(key, how),
  clear: (): void => sessionStorage.removeItem(key),
};
