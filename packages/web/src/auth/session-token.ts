/**
 * The bearer token of this tab's session. sessionStorage: it ends with the tab and is not shared with
 * other tabs, so closing the tab on a shared clinic computer signs out of the app.
 */
const key = "care.token";

export const sessionToken = {
  read: (): string | null => sessionStorage.getItem(key),
  write: (token: string): void => sessionStorage.setItem(key, token),
  clear: (): void => sessionStorage.removeItem(key),
};
