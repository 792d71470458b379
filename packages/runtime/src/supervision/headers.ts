/** Who asked (an admin's username, or `cli:<os user>`), on every control request. */
export const actorHeader = "x-care-actor";
/** The name an uploaded archive had on the uploader's machine (POST /archives). */
export const fileNameHeader = "x-care-file-name";

// Header values must be printable ASCII; names and usernames may be any text, so the rest is
// percent-encoded (and `%` itself, so decoding is exact). Plain ASCII values travel unchanged.
export const encodeHeaderValue = (value: string): string => value.replace(/[^\x20-\x24\x26-\x7e]/gu, (c) => encodeURIComponent(c));

export function decodeHeaderValue(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === "") return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
