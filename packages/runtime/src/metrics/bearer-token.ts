/** The token of an `Authorization: Bearer <token>` header, as the core reads a session's. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
}
